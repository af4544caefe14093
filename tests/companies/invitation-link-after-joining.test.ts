// An invitation link opened again after it did its work: whoever joined through it (a single-use
// link, now used up) is shown the way into the company, not told the link is dead; a second
// press of "Join" takes them in. Anyone else still gets the 410 that says the link was used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
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

describe('a used-up invitation link, opened again', () => {
	it('shows the one who joined through it the way in, and takes a second press in', async () => {
		const paul = await signUp(server.url, db, 'Paul Martin');
		const token = await createInvitationToken(owner, slug, { role: 'member', uses: 'single' });
		const joined = await paul.client.postForm(`/invite/${token}?/accept`);
		expect(joined.status, await explain(joined)).toBe(303);

		const again = await paul.client.get(`/invite/${token}`);
		expect(again.status, await explain(again)).toBe(200);
		const page = await again.text();
		expect(page).toContain('You are already a member of Scierie Durand.');
		expect(page).not.toContain('already been used');

		const pressedAgain = await paul.client.postForm(`/invite/${token}?/accept`);
		expect(pressedAgain.status).toBe(303);
		expect(pressedAgain.headers.get('location')).toBe(`/${slug}`);
	});

	it('still tells someone else the link was used', async () => {
		const first = await signUp(server.url, db, 'Anne Dupuis');
		const token = await createInvitationToken(owner, slug, { role: 'member', uses: 'single' });
		expect((await first.client.postForm(`/invite/${token}?/accept`)).status).toBe(303);

		const other = await signUp(server.url, db, 'Marc Petit');
		const opened = await other.client.get(`/invite/${token}`);
		expect(opened.status).toBe(410);
		expect(await opened.text()).toContain('already been used');
		const pressed = await other.client.postForm(`/invite/${token}?/accept`);
		expect(pressed.status).toBe(410);
	});
});
