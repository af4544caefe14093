// "Forgot your password?" with SMTP configured: the server mails the link through an SMTP sink
// in this process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

let server: RunningServer;
let sink: SmtpSink;

// The public address the emailed links must use, whatever Host header a request carries.
const ORIGIN = 'http://hameau.test';

beforeAll(async () => {
	sink = await startSmtpSink();
	server = await startServer({
		env: {
			ORIGIN,
			SMTP_URL: sink.url,
			MAIL_FROM: 'Hameau <hameau@example.org>'
		}
	});
});

afterAll(async () => {
	await server?.stop();
	await sink?.close();
});

/** A form post as a browser on ORIGIN sends it (SvelteKit checks the Origin header). */
function post(client: HttpClient, path: string, fields: Record<string, string>) {
	return client.request(path, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
		body: new URLSearchParams(fields).toString()
	});
}

async function signUp(tag: string, locale?: 'fr') {
	const client = new HttpClient(server.url);
	if (locale) client.cookies.set('PARAGLIDE_LOCALE', locale);
	const email = uniqueEmail(tag);
	const password = strongPassword(tag);
	const response = await post(client, '/signup', { name: `Person ${tag}`, email, password });
	expect(response.status, await explain(response)).toBe(303);
	return { client, email, password };
}

const logIn = (email: string, password: string) =>
	post(new HttpClient(server.url), '/login', { email, password });

async function askForLink(email: string): Promise<string> {
	const response = await post(new HttpClient(server.url), '/forgot-password', { email });
	expect(response.status, await explain(response)).toBe(200);
	return response.text();
}

/** The path of the emailed link, which must point at ORIGIN. */
function linkIn(text: string): string {
	const link = new RegExp(`${ORIGIN}(/reset-password/[a-z0-9]+)`).exec(text)?.[1];
	expect(link, text).toBeDefined();
	return link!;
}

describe('password reset by email', () => {
	it('mails a link for a known email, nothing for an unknown one, and answers both alike', async () => {
		const person = await signUp('mailed');
		const before = sink.mails.length;

		const unknown = await askForLink(uniqueEmail('nobody'));
		const known = await askForLink(person.email);
		const sentence = /If an account uses [^,]+, a link to choose a new password is on its way\./;
		expect(unknown).toMatch(sentence);
		expect(known).toMatch(sentence);

		const mails = await sink.waitFor(before + 1);
		await new Promise((settle) => setTimeout(settle, 300));
		expect(mails).toHaveLength(before + 1);
		const mail = mails[before];
		expect(mail.to).toEqual([person.email]);
		expect(mail.headers.get('from')).toContain('hameau@example.org');
		expect(mail.headers.get('subject')).toBe('Choose a new Hameau password');
		expect(mail.text).toContain('It works once, for 30 minutes');

		const path = linkIn(mail.text);
		const client = new HttpClient(server.url);
		const newPassword = strongPassword('by-mail');
		const used = await post(client, path, { password: newPassword });
		expect(used.status, await explain(used)).toBe(303);
		expect((await client.get('/companies')).status).toBe(200);
		// The session the person had before is over.
		expect((await person.client.get('/companies')).status).toBe(303);
		expect((await logIn(person.email, person.password)).status).toBe(400);
		expect((await logIn(person.email, newPassword)).status).toBe(303);
		// And the link is spent.
		const again = await post(new HttpClient(server.url), path, {
			password: strongPassword('again')
		});
		expect(again.status).toBe(410);
	});

	it('writes in the account’s language', async () => {
		const person = await signUp('francais', 'fr');
		const before = sink.mails.length;
		// Asked from an English page: the account's language wins.
		await askForLink(person.email);
		const mail = (await sink.waitFor(before + 1))[before];
		expect(mail.to).toEqual([person.email]);
		expect(mail.headers.get('subject')).toBe('Choisissez un nouveau mot de passe Hameau');
		expect(mail.text).toContain('Bonjour Person francais,');
		expect(mail.text).toContain('Il sert une fois, pendant 30 minutes');
		linkIn(mail.text);
	});

	it('sends one email at most three links an hour', async () => {
		const person = await signUp('flooded');
		const before = sink.mails.length;
		for (let n = 0; n < 5; n++) await askForLink(person.email);
		await sink.waitFor(before + 3);
		await new Promise((settle) => setTimeout(settle, 300));
		expect(sink.mails.slice(before).filter((mail) => mail.to[0] === person.email)).toHaveLength(3);
	});

	it('offers the form on the page', async () => {
		const page = await new HttpClient(server.url).get('/forgot-password');
		const html = await page.text();
		expect(html).toContain('Enter the email of your account.');
		expect(html).toContain('name="email"');
	});
});
