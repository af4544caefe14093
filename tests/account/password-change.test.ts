// Changing one's password from the profile, as a browser without JavaScript posts it: each
// mistake beside its field, the same password again refused (it would say "changed" and sign the
// other devices out for nothing), and a real change that the next log-in needs, which turns the
// calendar feed off too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

async function person(tag: string) {
	const client = new HttpClient(server.url);
	const email = uniqueEmail(tag);
	const password = strongPassword(tag);
	await client.signUp(`Person ${tag}`, email, password);
	return { client, email, password };
}

const changePassword = (
	client: HttpClient,
	fields: { currentPassword: string; newPassword: string; confirmPassword?: string }
) =>
	client.postForm('/profile?/password', {
		confirmPassword: fields.newPassword,
		...fields
	});

describe('changing one’s password', () => {
	it('refuses the current password as the new one, beside the new password’s field', async () => {
		const { client, email, password } = await person('same');
		const response = await changePassword(client, {
			currentPassword: password,
			newPassword: password
		});
		expect(response.status, await explain(response)).toBe(400);
		const page = await response.text();
		expect(page).toContain('Choose a password different from your current one.');
		expect(page).not.toContain('Password changed');
		// Nothing changed: the same password still logs in.
		const again = new HttpClient(server.url);
		expect((await again.logIn(email, password)).status).toBe(303);
	});

	it('says only that the current password is wrong when it is, even if both are the same', async () => {
		const { client } = await person('wrong');
		const response = await changePassword(client, {
			currentPassword: 'not my password at all',
			newPassword: 'not my password at all'
		});
		expect(response.status).toBe(400);
		const page = await response.text();
		expect(page).toContain('This is not your current password.');
		expect(page).not.toContain('Choose a password different from your current one.');
	});

	it('changes it when the new one differs: the old one no longer logs in', async () => {
		const { client, email, password } = await person('change');
		const newPassword = strongPassword('changed');
		const response = await changePassword(client, { currentPassword: password, newPassword });
		expect(response.status, await explain(response)).toBe(200);
		const other = new HttpClient(server.url);
		expect((await other.logIn(email, password)).status).toBe(400);
		expect((await other.logIn(email, newPassword)).status).toBe(303);
	});

	it('turns the calendar feed off with the other devices, and says so', async () => {
		const { client, password } = await person('feed');
		const feedUrl = async () => {
			const made = await client.postForm('/profile?/calendarFeed', {});
			expect(made.status, await explain(made)).toBe(200);
			const path = /\/calendar\/[a-z2-7]{32}\.ics/.exec(await made.text())?.[0];
			expect(path).toBeDefined();
			expect((await fetch(`${server.url}${path}`)).status).toBe(200);
			return `${server.url}${path}`;
		};
		const said = 'Your calendar feed address was turned off too';

		const first = await feedUrl();
		const newPassword = strongPassword('feed-changed');
		const changed = await changePassword(client, { currentPassword: password, newPassword });
		expect(changed.status, await explain(changed)).toBe(200);
		expect(await changed.text()).toContain(said);
		expect((await fetch(first)).status).toBe(404);

		// With no feed, nothing to say about one.
		const again = await changePassword(client, {
			currentPassword: newPassword,
			newPassword: strongPassword('feed-again')
		});
		expect(again.status, await explain(again)).toBe(200);
		expect(await again.text()).not.toContain(said);

		// "Sign out everywhere else" ends it too.
		const second = await feedUrl();
		const signedOut = await client.postForm('/profile?/revokeOthers', {});
		expect(signedOut.status, await explain(signedOut)).toBe(200);
		expect(await signedOut.text()).toContain(said);
		expect((await fetch(second)).status).toBe(404);
	});
});
