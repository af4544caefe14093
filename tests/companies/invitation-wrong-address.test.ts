// An invitation bound to an address, opened while signed in as someone else: "Log out" brings the
// person back to the same invitation, signed out, to sign in or up as the invited address (it used
// to land on the login page with the invitation lost). Only a path of this site is followed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, uniqueEmail } from '../helpers/client';
import { createInvitationToken, signUp, type Person } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let db: ServerDb;
let owner: Person;
let slug: string;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	owner = await signUp(server.url, db, 'Olga Owner');
	slug = await owner.client.createCompany('Scierie Durand');
}, 60_000);

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

/** The hidden `next` field of the page's log-out form, as the browser would post it. */
function logOutNext(html: string): string | undefined {
	const form = /<form[^>]*action="\/logout"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
	return /name="next" value="([^"]*)"/.exec(form)?.[1];
}

describe('logging out from an invitation sent to another address', () => {
	it('comes back to the company invitation, signed out, its sign-up ready for the invited address', async () => {
		const invited = uniqueEmail('invited');
		const token = await createInvitationToken(owner, slug, { role: 'member', email: invited });
		const someoneElse = await signUp(server.url, db, 'Paul Ailleurs');

		const opened = await someoneElse.client.get(`/invite/${token}`);
		const html = await opened.text();
		expect(opened.status).toBe(200);
		expect(html).toContain('This invitation was sent to another email address.');
		const next = logOutNext(html);
		expect(next).toBe(`/invite/${token}`);

		const loggedOut = await someoneElse.client.postForm('/logout', { next: next! });
		expect(loggedOut.status, await explain(loggedOut)).toBe(303);
		expect(loggedOut.headers.get('location')).toBe(`/invite/${token}`);
		const back = await someoneElse.client.get(`/invite/${token}`);
		const signedOut = await back.text();
		expect(back.status).toBe(200);
		expect(signedOut).toContain('Create account and join');
		expect(signedOut).toContain(`value="${invited}"`);
		expect(signedOut).toContain(`/login?next=${encodeURIComponent(`/invite/${token}`)}`);
	});

	it('comes back to the operator invitation too', async () => {
		const created = await owner.client.postForm('/operators/new', { name: 'Commune de Murat' });
		expect(created.status, await explain(created)).toBe(303);
		const operator = created.headers.get('location')!;
		const invitation = await owner.client.postForm(`${operator}/invitations?/create`, {
			role: 'staff',
			email: uniqueEmail('invited-staff'),
			expiresInDays: '7',
			uses: 'single'
		});
		const token = /\/operators\/invite\/([a-z0-9]+)/.exec(await invitation.text())?.[1];
		expect(token).toBeDefined();
		const someoneElse = await signUp(server.url, db, 'Marc Ailleurs');
		const html = await (await someoneElse.client.get(`/operators/invite/${token}`)).text();
		expect(logOutNext(html)).toBe(`/operators/invite/${token}`);
		const loggedOut = await someoneElse.client.postForm('/logout', { next: logOutNext(html)! });
		expect(loggedOut.headers.get('location')).toBe(`/operators/invite/${token}`);
	});

	it('goes to the login page when no return path, or one leading off the site, is given', async () => {
		for (const next of [
			undefined,
			'https://evil.example/x',
			'//evil.example/x',
			'/\\evil.example'
		]) {
			const person = await signUp(server.url, db, 'Nina Partie');
			const loggedOut = await person.client.postForm('/logout', next === undefined ? {} : { next });
			expect(loggedOut.status, await explain(loggedOut)).toBe(303);
			expect(loggedOut.headers.get('location'), String(next)).toBe('/login');
			expect((await person.client.get(`/${slug}`)).status).not.toBe(200);
		}
		// Without a session (a tab left open after logging out elsewhere), the path is followed alike.
		const nobody = new HttpClient(server.url);
		const again = await nobody.postForm('/logout', { next: '/invite/abc' });
		expect(again.headers.get('location')).toBe('/invite/abc');
	});
});
