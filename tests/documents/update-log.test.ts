// The lean update log (document_updates keyed by documents.log_key, no index): a document's ids
// stay above its snapshot after compaction, leftovers of a crash are compacted at start, the
// migration that built it from the first layout keeps every update and the id high-water mark,
// and the one that dropped AUTOINCREMENT keeps every update.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CollabServer } from '../../server/collab';
import { createDocument } from '../../src/lib/server/documents/documents';
import {
	appendUpdates,
	compactDocument,
	documentsWithUpdates,
	loadDocumentState,
	readStoredDocument
} from '../../src/lib/server/documents/store';
import { makeCompany, makeUser } from '../helpers/factories';
import { migrationsUpTo } from '../helpers/migrations';
import { useTempDatabase } from '../helpers/temp-db';

useTempDatabase();

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
	let captured: Uint8Array | null = null;
	const capture = (update: Uint8Array) => (captured = update);
	doc.on('update', capture);
	doc.getText('t').insert(doc.getText('t').length, text);
	doc.off('update', capture);
	if (!captured) throw new Error('no update');
	return captured;
}

function storedText(documentId: string): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, loadDocumentState(documentId).state);
	return doc.getText('t').toString();
}

async function newDocument() {
	const owner = await makeUser();
	const company = makeCompany(owner);
	return createDocument(
		company.id,
		{ userId: owner.id, role: 'owner' },
		{ title: 'Plan', kind: 'blank' }
	);
}

describe('update log', () => {
	it('gives each document its own log key and keeps ids above every snapshot', async () => {
		const first = await newDocument();
		const second = await newDocument();
		expect(first.logKey).not.toBeNull();
		expect(second.logKey).not.toBe(first.logKey);

		const source = new Y.Doc();
		const other = new Y.Doc();
		appendUpdates(second.id, [{ update: textUpdate(other, 'x'), userId: null }]);
		appendUpdates(first.id, [{ update: textUpdate(source, 'a'), userId: null }]);
		const last = appendUpdates(first.id, [{ update: textUpdate(source, 'b'), userId: null }]);
		compactDocument(first.id);
		// Only the second document's older row is left: a plain rowid would be the next after it,
		// at or below the first document's snapshot, and the update would be skipped when loading.
		expect(documentsWithUpdates()).toEqual([second.id]);
		const next = appendUpdates(first.id, [{ update: textUpdate(source, 'c'), userId: null }]);
		expect(next).toBeGreaterThan(last);
		expect(storedText(first.id)).toBe('abc');
		// Compacting every row away and writing again, in one batch of two.
		compactDocument(first.id);
		compactDocument(second.id);
		expect(documentsWithUpdates()).toEqual([]);
		const ids = [
			appendUpdates(first.id, [{ update: textUpdate(source, 'd'), userId: null }]),
			appendUpdates(second.id, [
				{ update: textUpdate(other, 'y'), userId: null },
				{ update: textUpdate(other, 'z'), userId: null }
			])
		];
		expect(ids[0]).toBeGreaterThan(next);
		expect(ids[1]).toBeGreaterThan(ids[0]);
		expect(storedText(first.id)).toBe('abcd');
		expect(storedText(second.id)).toBe('xyz');
		expect(readStoredDocument(second.id).updates).toHaveLength(2);
	});

	it('compacts the updates a crash left behind when the collaboration server starts', async () => {
		const document = await newDocument();
		const source = new Y.Doc();
		appendUpdates(document.id, [{ update: textUpdate(source, 'left'), userId: null }]);
		appendUpdates(document.id, [{ update: textUpdate(source, 'over'), userId: null }]);
		expect(documentsWithUpdates()).toContain(document.id);

		const collab = new CollabServer();
		collab.start();
		await collab.stop();
		expect(documentsWithUpdates()).not.toContain(document.id);
		expect(readStoredDocument(document.id).updates).toHaveLength(0);
		expect(storedText(document.id)).toBe('leftover');
	});
});

describe('migrations of the update log', () => {
	const dir = mkdtempSync(join(tmpdir(), 'hameau-migration-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	/**
	 * A database file migrated up to `tag`, foreign keys on as the app opens it, holding user 'u'
	 * and company 'c'.
	 */
	function databaseAt(file: string, tag: string) {
		const sqlite = new Database(join(dir, file));
		sqlite.pragma('foreign_keys = ON');
		const db = drizzle(sqlite);
		migrate(db, { migrationsFolder: migrationsUpTo(dir, tag) });
		sqlite.exec(`
			insert into users (id, email, name, password_hash) values ('u', 'u@example.org', 'U', 'x');
			insert into companies (id, name, slug) values ('c', 'C', 'c');
		`);
		return { sqlite, db };
	}

	/** Three successive updates of one text. */
	function threeUpdates(): Uint8Array[] {
		const source = new Y.Doc();
		return ['one ', 'two ', 'three'].map((text) => textUpdate(source, text));
	}

	it('keeps every stored update and the id high-water mark', () => {
		const { sqlite, db } = databaseAt('old.db', '0001_documents');
		const updates = threeUpdates();
		sqlite.exec(`
			insert into documents (id, company_id, title, kind) values ('d1', 'c', 'One', 'blank');
			insert into documents (id, company_id, title, kind) values ('d2', 'c', 'Two', 'blank');
		`);
		const insert = sqlite.prepare(
			'insert into document_updates (id, document_id, "update", user_id) values (?, ?, ?, ?)'
		);
		// d1: a snapshot up to id 10 (the rows it covered are gone) and two later updates.
		sqlite
			.prepare(
				'insert into document_snapshots (document_id, state, up_to_update_id) values (?, ?, ?)'
			)
			.run('d1', Buffer.from(Y.mergeUpdates([updates[0]])), 10);
		insert.run(11, 'd1', Buffer.from(updates[1]), 'u');
		insert.run(12, 'd1', Buffer.from(updates[2]), null);
		// d2: everything compacted away up to id 20, the highest id ever used.
		sqlite
			.prepare(
				'insert into document_snapshots (document_id, state, up_to_update_id) values (?, ?, ?)'
			)
			.run('d2', Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())), 20);
		sqlite.exec(`update sqlite_sequence set seq = 20 where name = 'document_updates'`);

		migrate(db, { migrationsFolder: migrationsUpTo(dir, '0004_standup_visits') });

		const keys = sqlite.prepare('select id, log_key from documents order by id').all() as Array<{
			id: string;
			log_key: number;
		}>;
		expect(keys.map((row) => row.log_key).every((key) => Number.isInteger(key))).toBe(true);
		const rows = sqlite
			.prepare('select id, document_key, "update" from document_updates order by id')
			.all() as Array<{ id: number; document_key: number; update: Buffer }>;
		const d1 = keys.find((row) => row.id === 'd1')!.log_key;
		expect(rows.map((row) => [row.id, row.document_key])).toEqual([
			[11, d1],
			[12, d1]
		]);
		const fresh = sqlite
			.prepare('insert into document_updates (document_key, "update") values (?, ?)')
			.run(d1, Buffer.from(updates[2]));
		expect(Number(fresh.lastInsertRowid)).toBe(21);
		sqlite.close();
	});

	it('drops AUTOINCREMENT and keeps every stored update, its id and its cascade', () => {
		const { sqlite, db } = databaseAt('sequence.db', '0004_standup_visits');
		const updates = threeUpdates();
		sqlite.exec(`
			insert into documents (id, log_key, company_id, title, kind) values ('d1', 1, 'c', 'One', 'blank');
			insert into documents (id, log_key, company_id, title, kind) values ('d2', 2, 'c', 'Two', 'blank');
		`);
		const insert = sqlite.prepare(
			'insert into document_updates (id, document_key, "update") values (?, ?, ?)'
		);
		insert.run(5, 1, Buffer.from(updates[0]));
		insert.run(7, 2, Buffer.from(updates[1]));
		insert.run(9, 1, Buffer.from(updates[2]));
		const sequence = () =>
			sqlite.prepare(`select seq from sqlite_sequence where name = 'document_updates'`).get();
		expect(sequence()).toEqual({ seq: 9 });

		migrate(db, { migrationsFolder: resolve('drizzle') });

		const table = sqlite
			.prepare(`select sql from sqlite_master where type = 'table' and name = 'document_updates'`)
			.get() as { sql: string };
		expect(table.sql).not.toMatch(/autoincrement/i);
		expect(sequence()).toBeUndefined();
		const rows = () =>
			sqlite.prepare('select id, document_key, "update" from document_updates order by id').all();
		expect(rows()).toEqual([
			{ id: 5, document_key: 1, update: Buffer.from(updates[0]) },
			{ id: 7, document_key: 2, update: Buffer.from(updates[1]) },
			{ id: 9, document_key: 1, update: Buffer.from(updates[2]) }
		]);
		// The rebuilt table still belongs to its documents.
		sqlite.exec(`delete from documents where id = 'd1'`);
		expect(rows()).toEqual([{ id: 7, document_key: 2, update: Buffer.from(updates[1]) }]);
		expect(() => insert.run(10, 3, Buffer.from(updates[0]))).toThrow(/FOREIGN KEY/);
		sqlite.close();
	});
});
