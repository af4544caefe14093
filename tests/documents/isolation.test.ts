// Documents over real HTTP: a member of company A gets the same 404 for every page, export and
// action of B's documents as for a document that does not exist, and B's rows stay untouched.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import {
	auditEvents,
	companies,
	documents,
	documentVersions
} from '../../src/lib/server/db/schema';

let server: RunningServer;
let db: ServerDb;

let ownerA: HttpClient;
let memberA: HttpClient;
let ownerB: HttpClient;
let slugA: string;
let slugB: string;
let documentB: string;
let versionB: string;
let documentA: string;

async function person(name: string): Promise<HttpClient> {
	const client = new HttpClient(server.url);
	await client.signUp(name, uniqueEmail(name.toLowerCase()), strongPassword(name.toLowerCase()));
	return client;
}

/** Creates a document through the page's action; returns its id from the redirect. */
async function createDocument(client: HttpClient, slug: string, title: string): Promise<string> {
	const response = await client.postForm(`/${slug}/documents?/create`, {
		title,
		kind: 'weekly_plan'
	});
	expect(response.status, await explain(response)).toBe(303);
	const id = new RegExp(`^/${slug}/documents/([a-z0-9]+)$`).exec(
		response.headers.get('location') ?? ''
	)?.[1];
	expect(id).toBeDefined();
	return id!;
}

function snapshotB() {
	const companyId = db.select().from(companies).where(eq(companies.slug, slugB)).get()!.id;
	return {
		documents: db.select().from(documents).where(eq(documents.companyId, companyId)).all(),
		versions: db
			.select({ id: documentVersions.id, name: documentVersions.name })
			.from(documentVersions)
			.where(eq(documentVersions.documentId, documentB))
			.all(),
		audit: db.select().from(auditEvents).where(eq(auditEvents.companyId, companyId)).all()
	};
}

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	ownerA = await person('Agathe');
	ownerB = await person('Bertrand');
	slugA = await ownerA.createCompany('Atelier Alpha');
	slugB = await ownerB.createCompany('Bergerie Bravo');

	const invitation = await ownerA.postForm(`/${slugA}/invitations?/create`, {
		role: 'member',
		email: '',
		expiresInDays: '7',
		uses: 'single'
	});
	const token = /\/invite\/([a-z0-9]+)/.exec(await invitation.text())?.[1];
	expect(token).toBeDefined();
	memberA = new HttpClient(server.url);
	const joined = await memberA.postForm(`/invite/${token}?/signup`, {
		name: 'Anselme',
		email: uniqueEmail('anselme'),
		password: strongPassword('anselme')
	});
	expect(joined.status, await explain(joined)).toBe(303);

	documentA = await createDocument(ownerA, slugA, 'Plan Alpha');
	documentB = await createDocument(ownerB, slugB, 'Plan Bravo secret');
	const saved = await ownerB.postForm(`/${slugB}/documents/${documentB}/history?/save`, {
		name: 'Jalon Bravo'
	});
	expect(saved.status, await explain(saved)).toBe(200);
	versionB = db
		.select({ id: documentVersions.id })
		.from(documentVersions)
		.where(eq(documentVersions.documentId, documentB))
		.get()!.id;
});

afterAll(async () => {
	await server?.stop();
});

const SECRETS = ['Bergerie Bravo', 'Plan Bravo secret', 'Jalon Bravo', 'Bertrand'];

async function expectNotFound(response: Response, what: string) {
	const body = await response.text();
	expect(response.status, `${what}: ${body.slice(0, 200)}`).toBe(404);
	for (const secret of SECRETS) expect(body, `${what} leaks "${secret}"`).not.toContain(secret);
}

describe('documents between companies', () => {
	const pages = () => [
		`/${slugB}/documents`,
		`/${slugB}/documents/${documentB}`,
		`/${slugB}/documents/${documentB}/export.md`,
		`/${slugB}/documents/${documentB}/export.html`,
		`/${slugB}/documents/${documentB}/history`,
		`/${slugB}/documents/${documentB}/history/${versionB}`,
		// B's document and version through A's own address.
		`/${slugA}/documents/${documentB}`,
		`/${slugA}/documents/${documentB}/export.md`,
		`/${slugA}/documents/${documentB}/export.html`,
		`/${slugA}/documents/${documentB}/history`,
		`/${slugA}/documents/${documentB}/history/${versionB}`,
		`/${slugA}/documents/${documentA}/history/${versionB}`
	];

	const actions = (): Array<[string, Record<string, string>]> => [
		[`/${slugB}/documents?/create`, { title: 'Pirate', kind: 'blank' }],
		[`/${slugB}/documents?/rename`, { id: documentB, title: 'Pirate' }],
		[`/${slugB}/documents?/archive`, { id: documentB }],
		[`/${slugB}/documents?/unarchive`, { id: documentB }],
		[`/${slugB}/documents?/delete`, { id: documentB }],
		[`/${slugB}/documents/${documentB}/history?/save`, { name: 'Pirate' }],
		[`/${slugB}/documents/${documentB}/history?/restore`, { versionId: versionB }],
		// B's ids in A's own forms.
		[`/${slugA}/documents?/rename`, { id: documentB, title: 'Pirate' }],
		[`/${slugA}/documents?/archive`, { id: documentB }],
		[`/${slugA}/documents?/unarchive`, { id: documentB }],
		[`/${slugA}/documents?/delete`, { id: documentB }],
		[`/${slugA}/documents/${documentB}/history?/save`, { name: 'Pirate' }],
		[`/${slugA}/documents/${documentB}/history?/restore`, { versionId: versionB }],
		[`/${slugA}/documents/${documentA}/history?/restore`, { versionId: versionB }]
	];

	for (const who of ['member', 'owner'] as const) {
		it(`answers 404 to B's document pages and exports for A's ${who}`, async () => {
			const client = who === 'member' ? memberA : ownerA;
			for (const path of pages()) await expectNotFound(await client.get(path), `GET ${path}`);
		});

		it(`answers 404 to B's document actions for A's ${who} and changes nothing`, async () => {
			const client = who === 'member' ? memberA : ownerA;
			const before = snapshotB();
			for (const [path, fields] of actions()) {
				await expectNotFound(await client.postForm(path, fields), `POST ${path}`);
			}
			expect(snapshotB()).toEqual(before);
		});
	}

	it('tells an editor that cannot reconnect whether the document is still theirs', async () => {
		const access = (slug: string, id: string) => `/${slug}/documents/${id}/access`;
		expect((await ownerB.get(access(slugB, documentB))).status).toBe(204);
		await expectNotFound(await memberA.get(access(slugB, documentB)), 'access of B');
		await expectNotFound(await memberA.get(access(slugA, documentB)), 'access of B under A');
		const signedOut = new HttpClient(server.url);
		const answer = await signedOut.get(access(slugB, documentB));
		expect(answer.status).toBe(401);
		expect(await answer.text()).toBe('');
	});

	it('serves the same pages to B’s owner, and A’s own document to A’s member', async () => {
		for (const path of pages().filter((p) => p.startsWith(`/${slugB}`))) {
			const response = await ownerB.get(path);
			expect(response.status, path).toBe(200);
		}
		const markdown = await ownerB.get(`/${slugB}/documents/${documentB}/export.md`);
		expect(markdown.headers.get('content-disposition')).toMatch(
			/^attachment; filename="Plan Bravo secret.md"/
		);
		expect(await markdown.text()).toContain('# Plan Bravo secret\n\n## Goals for the week');
		const html = await ownerB.get(`/${slugB}/documents/${documentB}/export.html`);
		expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(await html.text()).toContain('<h2>Goals for the week</h2>');

		const own = await memberA.get(`/${slugA}/documents/${documentA}`);
		expect(own.status).toBe(200);
		expect(await own.text()).toContain('Plan Alpha');
		const list = await memberA.get(`/${slugA}/documents`);
		const listHtml = await list.text();
		expect(listHtml).toContain('Plan Alpha');
		for (const secret of SECRETS) expect(listHtml).not.toContain(secret);
	});
});
