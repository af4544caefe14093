// The real server with a poisoned document in its SQLite file (an update nesting 7,000 levels
// deep, written directly, as one accepted before updates were bounded): it starts, quarantines
// that document once, its page says it could not be opened (EN and FR), its export and collab
// socket are refused cleanly, and another document still opens and takes edits.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../server/collab';
import {
	connect,
	destroyProviders,
	nestedArraysUpdate,
	synced,
	text,
	until
} from '../collab/support';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';

const dir = mkdtempSync(join(tmpdir(), 'hameau-quarantine-'));
const dbPath = join(dir, 'hameau.db');
let server: RunningServer | undefined;
let owner: HttpClient;
let slug: string;
let poisoned: string;
let healthy: string;
let poisonedUpdate: Buffer;

/** Appends `update` to the document's log as the server would, straight into SQLite. */
function insertUpdate(db: Database.Database, documentId: string, update: Uint8Array): void {
	db.prepare(
		`insert into document_updates (id, document_key, "update") values (
			(select max(
				ifnull((select max(id) from document_updates), 0),
				ifnull((select up_to_update_id from document_snapshots where document_id = :id), 0)
			) + 1),
			(select log_key from documents where id = :id),
			:update
		)`
	).run({ id: documentId, update: Buffer.from(update) });
}

async function createDocument(title: string): Promise<string> {
	const response = await owner.postForm(`/${slug}/documents?/create`, { title, kind: 'blank' });
	expect(response.status, await explain(response)).toBe(303);
	return (response.headers.get('location') ?? '').split('/').at(-1)!;
}

const quarantineLogs = () =>
	server!
		.output()
		.split('\n')
		.filter((line) => line.includes('quarantined') && line.includes(poisoned)).length;

beforeAll(async () => {
	// A database of our own: it outlives the first server, whose stop removes only its own dir.
	const first = await startServer({ env: { DATABASE_URL: dbPath } });
	owner = new HttpClient(first.url);
	await owner.signUp('Odile', uniqueEmail('odile'), strongPassword('odile'));
	slug = await owner.createCompany('Ferme Oméga');
	poisoned = await createDocument('Plan empoisonné');
	healthy = await createDocument('Plan sain');
	await first.stop();

	const db = new Database(dbPath);
	poisonedUpdate = Buffer.from(nestedArraysUpdate(7000));
	insertUpdate(db, poisoned, poisonedUpdate);
	const doc = new Y.Doc();
	doc.getText('t').insert(0, 'sain');
	insertUpdate(db, healthy, Y.encodeStateAsUpdate(doc));
	db.close();

	server = await startServer({ env: { DATABASE_URL: dbPath } });
	// The session lives in the database: the same cookie works on the new server.
	const cookies = new Map(owner.cookies);
	owner = new HttpClient(server.url);
	for (const [name, value] of cookies) owner.cookies.set(name, value);
});

afterAll(async () => {
	destroyProviders();
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

describe('a poisoned stored document', () => {
	it('is quarantined at start-up: its page says it could not be opened, in English and French', async () => {
		const page = await owner.get(`/${slug}/documents/${poisoned}`);
		const body = await page.text();
		expect(page.status, body.slice(0, 300)).toBe(200);
		expect(body).toContain('data-testid="document-unreadable"');
		expect(body).toContain('This document could not be opened');

		const switched = await owner.postForm('/locale', { locale: 'fr' });
		expect(switched.status, await explain(switched)).toBe(303);
		const french = await owner.get(`/${slug}/documents/${poisoned}`);
		expect(await french.text()).toContain('Ce document n’a pas pu être ouvert');
		await owner.postForm('/locale', { locale: 'en' });

		const other = await owner.get(`/${slug}/documents/${healthy}`);
		const otherBody = await other.text();
		expect(other.status).toBe(200);
		expect(otherBody).not.toContain('data-testid="document-unreadable"');
	});

	it('refuses its exports with 409 and its collab socket with 4422, logged once', async () => {
		for (const format of ['md', 'html']) {
			const response = await owner.get(`/${slug}/documents/${poisoned}/export.${format}`);
			expect(response.status, format).toBe(409);
		}
		const socket = new WebSocket(`${server!.url.replace('http', 'ws')}/collab/${poisoned}`, {
			headers: { cookie: owner.cookieHeader() }
		});
		const [code] = (await once(socket, 'close')) as [number];
		expect(code).toBe(CloseCode.documentUnreadable);
		expect(quarantineLogs()).toBe(1);

		const db = new Database(dbPath, { readonly: true });
		const rows = db
			.prepare(
				`select "update" from document_updates
				where document_key = (select log_key from documents where id = ?)`
			)
			.all(poisoned) as Array<{ update: Buffer }>;
		db.close();
		expect(rows.map((row) => row.update.equals(poisonedUpdate))).toEqual([true]);
	});

	it('refuses a named version with 409 and the notice, writing no version', async () => {
		const history = `/${slug}/documents/${poisoned}/history`;
		const saved = await owner.postForm(`${history}?/save`, { name: 'Avant' });
		const savedBody = await saved.text();
		expect(saved.status, savedBody.slice(0, 300)).toBe(409);
		expect(savedBody).toContain('This document could not be opened');
		const db = new Database(dbPath, { readonly: true });
		const versions = db
			.prepare('select count(*) as n from document_versions where document_id = ?')
			.get(poisoned) as { n: number };
		db.close();
		expect(versions.n).toBe(0);
	});

	it('leaves the other documents to open and take edits', async () => {
		const url = `${server!.url.replace('http', 'ws')}/collab`;
		const person = { user: null as never, cookie: owner.cookieHeader() };
		const writer = connect({ url }, healthy, person);
		const reader = connect({ url }, healthy, person);
		await Promise.all([synced(writer), synced(reader)]);
		expect(text(writer.doc)).toBe('sain');
		writer.doc.getText('t').insert(4, ' et sauf');
		await until(reader.doc, (doc) => text(doc) === 'sain et sauf');
		const exported = await owner.get(`/${slug}/documents/${healthy}/export.md`);
		expect(exported.status).toBe(200);
		expect(server!.child.exitCode).toBeNull();
	});
});
