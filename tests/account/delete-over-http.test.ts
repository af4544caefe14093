// "Delete my account" as a browser without JavaScript posts it: the password first, then what
// must be done first, then the page's own question; only the confirmed post deletes, signs out
// and clears the cookie. Every refusal leaves the account as it was.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let sqlite: Database.Database;

beforeAll(async () => {
	server = await startServer();
	sqlite = new Database(server.dbPath);
	sqlite.pragma('busy_timeout = 5000');
});
afterAll(async () => {
	sqlite?.close();
	await server?.stop();
});

const accountExists = (email: string) =>
	sqlite.prepare('select 1 from users where email = ?').get(email) !== undefined;

async function person(tag: string) {
	const client = new HttpClient(server.url);
	const email = uniqueEmail(tag);
	const password = strongPassword(tag);
	await client.signUp(`Person ${tag}`, email, password);
	return { client, email, password };
}

describe('deleting one’s account from the profile, without JavaScript', () => {
	it('refuses a wrong password beside the field and deletes nothing', async () => {
		const { client, email } = await person('wrong');
		const response = await client.postForm('/profile?/deleteAccount', {
			password: 'not-my-password-at-all',
			confirmed: 'yes'
		});
		expect(response.status, await explain(response)).toBe(400);
		expect(await response.text()).toContain('This is not your current password.');
		expect(accountExists(email)).toBe(true);
		expect((await client.get('/profile')).status).toBe(200);
	});

	it('refuses the only owner of a company with other members, with a link to hand it over', async () => {
		const owner = await person('owner');
		const slug = await owner.client.createCompany('Menuiserie du Plateau');
		const colleague = await person('colleague');
		// Joined as an invitation would make them (the invitation pages are tested elsewhere).
		sqlite
			.prepare(
				`insert into memberships (company_id, user_id, role)
				 select c.id, u.id, 'member' from companies c, users u where c.slug = ? and u.email = ?`
			)
			.run(slug, colleague.email);
		const response = await owner.client.postForm('/profile?/deleteAccount', {
			password: owner.password,
			confirmed: 'yes'
		});
		expect(response.status, await explain(response)).toBe(409);
		const page = await response.text();
		expect(page).toContain('You are the only owner of Menuiserie du Plateau');
		expect(page).toContain(`href="/${slug}/members"`);
		expect(accountExists(owner.email)).toBe(true);
	});

	it('asks in the page first, then deletes, signs out and lets the email sign up anew', async () => {
		const { client, email, password } = await person('leaving');
		const asked = await client.postForm('/profile?/deleteAccount', { password });
		expect(asked.status, await explain(asked)).toBe(200);
		expect(await asked.text()).toContain('data-testid="inline-confirm"');
		expect(accountExists(email)).toBe(true);

		const deleted = await client.postForm('/profile?/deleteAccount', {
			password,
			confirmed: 'yes'
		});
		expect(deleted.status, await explain(deleted)).toBe(303);
		expect(deleted.headers.get('location')).toBe('/login?account=deleted');
		expect(client.lastSetCookies.some((cookie) => /^hameau_session=;/.test(cookie))).toBe(true);
		expect(accountExists(email)).toBe(false);
		expect((await client.get('/profile')).status).toBe(303);
		expect((await client.logIn(email, password)).status).toBe(400);

		const again = new HttpClient(server.url);
		await again.signUp('Person returning', email, password);
		expect(accountExists(email)).toBe(true);
	});
});
