// The documents page over real HTTP. Found on a tour: searching the titles also filters the
// archived list, which then said "No archived documents" while the company had some.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { signUp, type Person } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let db: ServerDb;
let owner: Person;
let slug: string;

/** Posts one of the documents page's form actions. */
async function post(action: string, fields: Record<string, string>) {
	return owner.client.request(`/${slug}/documents?/${action}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
		body: new URLSearchParams(fields).toString()
	});
}

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	owner = await signUp(server.url, db, 'Aurore');
	slug = await owner.client.createCompany('Coopérative des Bauges');
	const created = await post('create', { title: 'Plan de l’hiver', kind: 'blank' });
	expect(created.status, await explain(created)).toBe(303);
	const id = created.headers.get('location')!.split('/').at(-1)!;
	const archived = await post('archive', { id });
	expect(archived.status, await explain(archived)).toBe(200);
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

async function listPage(query: string): Promise<string> {
	const page = await owner.client.get(`/${slug}/documents${query}`);
	expect(page.status, await explain(page)).toBe(200);
	return page.text();
}

describe('the archived documents under a search', () => {
	it('say that none matches the search, not that there are none', async () => {
		const html = await listPage('?q=printemps');
		expect(html).toContain('No archived document title contains “printemps”.');
		expect(html).not.toContain('No archived documents.');
	});

	it('list the archived document when the search finds it, and all of them without one', async () => {
		expect(await listPage('?q=hiver')).toContain('Plan de l’hiver');
		const all = await listPage('');
		expect(all).toContain('Plan de l’hiver');
		expect(all).not.toContain('No archived document');
	});
});
