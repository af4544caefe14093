// While the collaboration server runs, WAL checkpoints are taken by a worker thread rather than
// inside a commit on the event loop: the connection that commits has automatic checkpoints off,
// the stored updates still reach the main database file, and stop() hands checkpoints back.
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStoredDocument } from '../../src/lib/server/documents/store';
import {
	companyWithDocument,
	connect,
	synced,
	until,
	useCollabDatabase,
	useCollabServers
} from './support';

const database = useCollabDatabase();
const start = useCollabServers();

/** Updates of the document found in the main database file alone, as if the WAL were lost. */
function updatesInMainFile(documentId: string): number {
	const dir = mkdtempSync(join(tmpdir(), 'hameau-main-file-'));
	try {
		const copy = join(dir, 'main.db');
		copyFileSync(database.path, copy);
		const db = new Database(copy, { readonly: true });
		try {
			return countUpdates(db, documentId);
		} catch (error) {
			// A copy taken while the worker was writing the file can be torn: read it again.
			if (isTornCopy(error)) return 0;
			throw error;
		} finally {
			db.close();
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

function isTornCopy(error: unknown): boolean {
	const code = (error as { code?: unknown }).code;
	return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}

/** The document's updates in a database file (0 before its schema is there). */
function countUpdates(db: Database.Database, documentId: string): number {
	// Until a first checkpoint, even the schema is only in the WAL.
	const table = db
		.prepare("select 1 from sqlite_master where type = 'table' and name = 'document_updates'")
		.get();
	if (!table) return 0;
	const row = db
		.prepare<[string], { count: number }>(
			'select count(*) as count from document_updates where document_key = ' +
				'(select log_key from documents where id = ?)'
		)
		.get(documentId);
	return row?.count ?? 0;
}

describe('WAL checkpoints', () => {
	it('are taken off the event loop while the server runs and handed back at stop', async () => {
		const harness = await start({ walCheckpointMs: 20 });
		const autocheckpoint = () =>
			database.db().$client.pragma('wal_autocheckpoint', { simple: true });
		expect(autocheckpoint()).toBe(0);

		const { owner, document } = await companyWithDocument();
		const writer = connect(harness, document.id, owner);
		await synced(writer);
		for (let i = 0; i < 30; i++) writer.doc.getArray<number>('n').push([i]);
		const witness = connect(harness, document.id, owner);
		await until(witness.doc, (doc) => doc.getArray('n').length === 30);
		expect(readStoredDocument(document.id).updates.length).toBeGreaterThan(0);

		// The worker copies the committed pages into the main file; nothing else would.
		const deadline = Date.now() + 5000;
		let inMainFile = updatesInMainFile(document.id);
		while (inMainFile === 0 && Date.now() < deadline) {
			await new Promise((tick) => setTimeout(tick, 20));
			inMainFile = updatesInMainFile(document.id);
		}
		expect(inMainFile).toBeGreaterThan(0);

		await harness.close();
		expect(autocheckpoint()).toBe(1000);
	});
});
