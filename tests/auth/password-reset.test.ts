// Password reset over HTTP against the real server, without email: the operator's command and
// the owner's link on the members page.
import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword } from '../helpers/client';
import { join, signUp as signUpPerson, type Person } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { auditEvents, passwordResets } from '../../src/lib/server/db/schema';

let server: RunningServer;
let db: ServerDb;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

/** A person signed up through the real form (helpers/people.ts). */
const signUp = (name: string): Promise<Person> => signUpPerson(server.url, db, name);

/** `npm run reset-password -- <email>` against the server's database and port. */
function resetCommand(email: string): Promise<{ code: number | null; out: string; err: string }> {
	const port = new URL(server.url).port;
	const child = spawn('npm', ['run', '--silent', 'reset-password', '--', email], {
		cwd: process.cwd(),
		env: { ...process.env, DATABASE_URL: server.dbPath, PORT: port, ORIGIN: '', LOG_LEVEL: 'warn' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	let err = '';
	child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
	return new Promise((done) => child.once('exit', (code) => done({ code, out, err })));
}

/** Sets a new password through a reset link's path; returns the client that used it. */
async function useLink(
	path: string,
	password: string
): Promise<{ client: HttpClient; response: Response }> {
	const client = new HttpClient(server.url);
	const response = await client.postForm(path, { password });
	return { client, response };
}

/** The person's sessions were all ended: their old client is sent to log in. */
async function expectSignedOut(person: Person) {
	const response = await person.client.get('/companies');
	expect(response.status).toBe(303);
	expect(response.headers.get('location')).toMatch(/^\/login/);
}

describe('npm run reset-password', () => {
	it('prints a one-time link that sets a new password, ends every session and signs in', async () => {
		const person = await signUp('Forgetful');
		const { code, out, err } = await resetCommand(person.email.toUpperCase());
		expect(code, err).toBe(0);
		const port = new URL(server.url).port;
		const link = out.trim();
		expect(link).toMatch(new RegExp(`^http://localhost:${port}/reset-password/[a-z0-9]{32}$`));
		const path = new URL(link).pathname;

		const page = await new HttpClient(server.url).get(path);
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('no-store');
		expect(await page.text()).toContain(person.email);

		// A password the sign-up would refuse leaves the link usable.
		const weak = await useLink(path, 'short');
		expect(weak.response.status).toBe(400);
		expect(await weak.response.text()).toContain('Use at least 10 characters.');

		const newPassword = strongPassword('new-start');
		const used = await useLink(path, newPassword);
		expect(used.response.status, await explain(used.response)).toBe(303);
		expect(used.response.headers.get('location')).toBe('/companies');
		// Where it lands says it worked, once: a reload says nothing more.
		const landed = await used.client.get('/companies');
		expect(landed.status).toBe(200);
		expect(await landed.text()).toContain('Your password is changed.');
		const reloaded = await used.client.get('/companies');
		expect(reloaded.status).toBe(200);
		expect(await reloaded.text()).not.toContain('Your password is changed.');
		await expectSignedOut(person);

		expect((await new HttpClient(server.url).logIn(person.email, person.password)).status).toBe(
			400
		);
		const loggedIn = new HttpClient(server.url);
		expect((await loggedIn.logIn(person.email, newPassword)).status).toBe(303);
		// A plain log-in is no reset: nothing to say.
		expect(await (await loggedIn.get('/companies')).text()).not.toContain(
			'Your password is changed.'
		);

		// Once only.
		const again = await new HttpClient(server.url).get(path);
		expect(await again.text()).toContain('This reset link has expired or was already used.');
		const reused = await useLink(path, strongPassword('third'));
		expect(reused.response.status).toBe(410);
		expect((await new HttpClient(server.url).logIn(person.email, newPassword)).status).toBe(303);
	});

	it('says so, and prints no link, for an email without an account', async () => {
		const { code, out, err } = await resetCommand('nobody-here@example.org');
		expect(code).toBe(1);
		expect(out).toBe('');
		expect(err).toContain('No account uses nobody-here@example.org');
	});
});

describe('a reset link that expired', () => {
	it('is refused and leaves the password as it was', async () => {
		const person = await signUp('Late');
		const { out } = await resetCommand(person.email);
		const path = new URL(out.trim()).pathname;
		// 30 minutes cannot pass in a test: age the link in the database instead.
		const writer = new (await import('better-sqlite3')).default(server.dbPath);
		try {
			writer
				.prepare('update password_resets set expires_at = ? where user_id = ?')
				.run(Date.now() - 1, person.id);
		} finally {
			writer.close();
		}
		expect(await (await new HttpClient(server.url).get(path)).text()).toContain(
			'This reset link has expired or was already used.'
		);
		expect((await useLink(path, strongPassword('too-late'))).response.status).toBe(410);
		expect((await new HttpClient(server.url).logIn(person.email, person.password)).status).toBe(
			303
		);
	});
});

describe('an owner’s reset link for a member', () => {
	async function companyWithMember() {
		const owner = await signUp('Owner');
		const slug = await owner.client.createCompany(`Reset ${owner.id.slice(0, 6)}`);
		const member = await signUp('Member');
		await join(owner, slug, member, 'member');
		return { owner, member, slug };
	}

	const linksMadeBy = (userId: string) =>
		db.select().from(passwordResets).where(eq(passwordResets.createdBy, userId)).all();

	it('is shown once to the owner, works for the member, and is in the audit log', async () => {
		const { owner, member, slug } = await companyWithMember();
		const response = await owner.client.postForm(`/${slug}/members?/resetLink`, {
			userId: member.id
		});
		const html = await response.text();
		expect(response.status, html.slice(0, 300)).toBe(200);
		const link = /value="(http:\/\/127\.0\.0\.1:\d+\/reset-password\/[a-z0-9]+)"/.exec(html)?.[1];
		expect(link, html).toBeDefined();
		expect(html).toContain(`Reset link for ${member.name}`);

		const used = await useLink(new URL(link!).pathname, strongPassword('handed-over'));
		expect(used.response.status, await explain(used.response)).toBe(303);
		await expectSignedOut(member);
		// The owner's own session is untouched.
		expect((await owner.client.get(`/${slug}/members`)).status).toBe(200);

		const audit = db.select().from(auditEvents).where(eq(auditEvents.actorId, owner.id)).all();
		expect(audit.map((event) => event.action)).toContain('member.reset_link_created');
		const log = await owner.client.get(`/${slug}/audit`);
		expect(await log.text()).toContain(`Created a password reset link for ${member.name}`);
	});

	it('cannot be made by a member, nor for someone outside the company', async () => {
		const { owner, member, slug } = await companyWithMember();
		const byMember = await member.client.postForm(`/${slug}/members?/resetLink`, {
			userId: owner.id
		});
		expect(byMember.status).toBe(403);
		expect(linksMadeBy(member.id)).toHaveLength(0);

		const outsider = await signUp('Outsider');
		const forOutsider = await owner.client.postForm(`/${slug}/members?/resetLink`, {
			userId: outsider.id
		});
		expect(forOutsider.status).toBe(404);

		// An owner of another company cannot make one for this company's member either.
		const otherOwner = await signUp('Elsewhere');
		const otherSlug = await otherOwner.client.createCompany(`Other ${otherOwner.id.slice(0, 6)}`);
		const crossCompany = await otherOwner.client.postForm(`/${otherSlug}/members?/resetLink`, {
			userId: member.id
		});
		expect(crossCompany.status).toBe(404);

		// Once the member also belongs to that other company, the first owner may not make one:
		// the link would open a company they have no say in.
		await join(otherOwner, otherSlug, member, 'member');
		const shared = await owner.client.postForm(`/${slug}/members?/resetLink`, {
			userId: member.id
		});
		expect(shared.status).toBe(403);
		expect(await shared.text()).toContain('also belongs to a company you do not own');
		expect(linksMadeBy(owner.id)).toHaveLength(0);
		expect(linksMadeBy(otherOwner.id)).toHaveLength(0);
		expect(
			db.select().from(passwordResets).where(eq(passwordResets.userId, member.id)).all()
		).toHaveLength(0);
	});

	it('cannot be made for a member who also helps run an operator the owner is not an admin of', async () => {
		const { owner, member, slug } = await companyWithMember();
		// The member runs the commune's houses: a link would open its agreements and statements.
		const created = await member.client.postForm('/operators/new', {
			name: `Commune ${member.id.slice(0, 6)}`
		});
		expect(created.status, await explain(created)).toBe(303);
		const refused = await owner.client.postForm(`/${slug}/members?/resetLink`, {
			userId: member.id
		});
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain(
			`${member.name} also helps run houses for an operator you are not an admin of`
		);
		expect(
			db.select().from(passwordResets).where(eq(passwordResets.userId, member.id)).all()
		).toHaveLength(0);
	});

	it('shows an owner the button, and a member none', async () => {
		const { owner, member, slug } = await companyWithMember();
		expect(await (await owner.client.get(`/${slug}/members`)).text()).toContain(
			`Create a password reset link for ${member.name}`
		);
		expect(await (await member.client.get(`/${slug}/members`)).text()).not.toContain(
			'Create reset link'
		);
	});
});

describe('forgot password without email', () => {
	it('tells the person whom to ask, and never says whether the email exists', async () => {
		const page = await new HttpClient(server.url).get('/forgot-password');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('This Hameau does not send emails.');
		const login = await new HttpClient(server.url).get('/login');
		expect(await login.text()).toContain('href="/forgot-password"');
	});
});
