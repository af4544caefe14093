// After a server has stopped: how many benchmark items its SQLite file holds, read back the way
// the server itself would load the documents (so "persisting every update" is checked, not assumed).
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { BENCH_ARRAY } from './client';
import { hameauServers, type ServerName } from './server-process';

/** The database file each persisting server entry point uses inside its directory. */
export const storageFileOf: Partial<Record<ServerName, string>> = {
	hameau: 'hameau.db',
	'hameau-unbounded': 'hameau.db',
	hocuspocus: 'hocuspocus.db'
};

function countItems(updates: Uint8Array[]): number {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	const count = doc.getArray(BENCH_ARRAY).length;
	doc.destroy();
	return count;
}

const hameauTables = [
	'document_updates',
	'document_snapshots',
	'sqlite_autoindex_document_snapshots_1'
];
const hameauHistory = ['document_versions', 'document_versions_doc_idx'];

/** The tables (and their indexes) holding each persisting server's document data. */
const storageTables: Partial<Record<ServerName, string[]>> = {
	hameau: hameauTables,
	'hameau-unbounded': hameauTables,
	hocuspocus: ['documents', 'sqlite_autoindex_documents_1']
};

export type Persisted = {
	/** Benchmark items found across the rooms. */
	items: number;
	/** Bytes the document tables and their indexes occupy in b-tree pages (free space excluded). */
	usedBytes: number;
	/**
	 * Whole pages of version history (Hameau saves an automatic version of each edited document
	 * when it stops): part of the file's growth, but a product feature, not the storing of updates.
	 */
	historyBytes: number;
};

/** The version-history tables of each persisting server. */
const historyTables: Partial<Record<ServerName, string[]>> = {
	hameau: hameauHistory,
	'hameau-unbounded': hameauHistory
};

/** What a stopped server left in SQLite for `rooms`, or null for a server that stores nothing. */
export function persisted(server: ServerName, dir: string, rooms: string[]): Persisted | null {
	const file = storageFileOf[server];
	if (!file) return null;
	const path = join(dir, file);
	if (!existsSync(path)) return { items: 0, usedBytes: 0, historyBytes: 0 };
	const db = new Database(path, { readonly: true, fileMustExist: true });
	try {
		const tables = storageTables[server] ?? [];
		const placeholders = tables.map(() => '?').join(', ');
		const used = db
			.prepare<string[], { used: number | null }>(
				`select sum(pgsize - unused) as used from dbstat where name in (${placeholders})`
			)
			.get(...tables);
		let total = 0;
		if (hameauServers.includes(server)) {
			const snapshot = db.prepare<[string], { state: Buffer; upTo: number }>(
				'select state, up_to_update_id as upTo from document_snapshots where document_id = ?'
			);
			const updates = db.prepare<[number, string], { update: Buffer }>(
				'select "update" from document_updates where id > ? and document_key = ' +
					'(select log_key from documents where id = ?) order by id'
			);
			for (const room of rooms) {
				const base = snapshot.get(room);
				const rows = updates.all(base?.upTo ?? 0, room).map((row) => row.update);
				total += countItems(base ? [base.state, ...rows] : rows);
			}
		} else {
			const select = db.prepare<[string], { data: Buffer }>(
				'select data from documents where name = ?'
			);
			for (const room of rooms) {
				const row = select.get(room);
				if (row) total += countItems([row.data]);
			}
		}
		const history = historyTables[server] ?? [];
		const historyBytes =
			history.length === 0
				? 0
				: (db
						.prepare<string[], { bytes: number | null }>(
							`select sum(pgsize) as bytes from dbstat where name in (${history.map(() => '?').join(', ')})`
						)
						.get(...history)?.bytes ?? 0);
		return { items: total, usedBytes: used?.used ?? 0, historyBytes };
	} finally {
		db.close();
	}
}
