// Keeping document_search (drizzle/0010_document_search.sql) current: one row per document, its
// title and its text. The row's rowid is the document's rowid, so a row is found without a scan
// (document_id is stored, not indexed) and a query joins documents on it to check the company.
// Titles are written with the document (created, renamed) in the same transaction; bodies by
// the collaboration server when a document's text settles or is snapshotted (collab-document.ts),
// and at start-up for documents whose body was never indexed (startSearchBackfill).
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { getDb, type Executor } from '../db';
import { isQuarantineError } from '../documents/quarantine';
import { loadDocumentState } from '../documents/store';
import { stateText } from './document-text';

/** The document's row, replaced whole: FTS5 cannot update one column of a row cheaply either. */
export function indexDocumentBody(documentId: string, body: string, db: Executor = getDb()): void {
	db.transaction((tx) => {
		removeFromIndex(tx, documentId);
		tx.run(sql`insert into document_search (rowid, title, body, document_id, company_id)
			select rowid, title, ${body}, id, company_id from documents where id = ${documentId}`);
	});
}

/**
 * Writes the document's current title into its row (a new row with no body yet when it has none).
 * Called in the transaction that creates or renames the document.
 */
export function indexDocumentTitle(tx: Executor, documentId: string): void {
	const rowid = sql`(select rowid from documents where id = ${documentId})`;
	const updated = tx.run(sql`update document_search
		set title = (select title from documents where id = ${documentId})
		where rowid = ${rowid} and document_id = ${documentId}`);
	if (updated.changes > 0) return;
	// A stale row of a deleted document may hold the rowid SQLite gave again.
	tx.run(sql`delete from document_search where rowid = ${rowid}`);
	tx.run(sql`insert into document_search (rowid, title, body, document_id, company_id)
		select rowid, title, '', id, company_id from documents where id = ${documentId}`);
}

/** Drops the document's row; called in the transaction that deletes it (its rowid is still known). */
export function removeFromIndex(tx: Executor, documentId: string): void {
	tx.run(sql`delete from document_search
		where rowid = (select rowid from documents where id = ${documentId})`);
}

/**
 * Puts the index in order once per start, in one pass: rows whose rowid is not their document's
 * (the migration numbered them itself) are renumbered, and rows of documents that are gone (a
 * deleted company takes its documents along without passing here) are dropped.
 */
export function alignIndex(db: Executor = getDb()): void {
	db.transaction((tx) => {
		tx.run(sql`delete from document_search
			where document_id not in (select id from documents)`);
		const misplaced = tx.all<{ rowid: number }>(sql`select s.rowid as rowid
			from document_search s join documents d on d.id = s.document_id
			where s.rowid <> d.rowid`);
		if (misplaced.length === 0) return;
		// All out first, then back in at their document's rowid: no two can then collide.
		tx.run(sql`create temp table if not exists search_realign
			(rowid integer primary key, title text, body text, document_id text, company_id text)`);
		tx.run(sql`delete from temp.search_realign`);
		tx.run(sql`insert into temp.search_realign (rowid, title, body, document_id, company_id)
			select d.rowid, s.title, s.body, s.document_id, s.company_id
			from document_search s join documents d on d.id = s.document_id
			where s.rowid <> d.rowid`);
		tx.run(sql`delete from document_search where rowid in
			(select s.rowid from document_search s join documents d on d.id = s.document_id
			 where s.rowid <> d.rowid)`);
		tx.run(sql`insert into document_search (rowid, title, body, document_id, company_id)
			select rowid, title, body, document_id, company_id from temp.search_realign`);
		tx.run(sql`delete from temp.search_realign`);
	});
}

/**
 * Documents whose text is not in the index yet: no row at all, or an empty body while something
 * is stored (a snapshot or updates). A document emptied on purpose is read again at each start;
 * it costs one read of an empty state.
 */
export function documentsToBackfill(limit: number, after = ''): string[] {
	return getDb()
		.all<{ id: string }>(
			sql`select d.id as id from documents d
				left join document_search s on s.rowid = d.rowid and s.document_id = d.id
				where d.id > ${after}
				and (s.rowid is null or (s.body = '' and (
					exists (select 1 from document_snapshots ds where ds.document_id = d.id)
					or exists (select 1 from document_updates du where du.document_key = d.log_key))))
				order by d.id limit ${limit}`
		)
		.map((row) => row.id);
}

/** Indexes the stored text of `documentIds`; a quarantined document is left out. */
export function backfillDocuments(documentIds: string[], log?: Logger): void {
	for (const documentId of documentIds) {
		try {
			indexDocumentBody(documentId, stateText(loadDocumentState(documentId).state));
		} catch (error) {
			if (isQuarantineError(error)) continue;
			log?.error({ err: error, documentId }, 'search backfill failed for a document');
		}
	}
}

/** Documents read per turn of the event loop by the start-up backfill. */
const BACKFILL_BATCH = 20;

/**
 * Aligns the index, then indexes every document whose body is missing, a few per turn of the
 * event loop so start-up and the first requests are not held up. Returns a stop function.
 */
export function startSearchBackfill(log: Logger): () => void {
	let stopped = false;
	let timer: NodeJS.Immediate | null = null;
	let after = '';
	const step = () => {
		timer = null;
		if (stopped) return;
		try {
			const batch = documentsToBackfill(BACKFILL_BATCH, after);
			if (batch.length === 0) return;
			backfillDocuments(batch, log);
			after = batch[batch.length - 1];
		} catch (error) {
			// The database went away (a stop) or refused: the next start tries again.
			log.error({ err: error }, 'search backfill stopped');
			return;
		}
		timer = setImmediate(step);
	};
	try {
		alignIndex();
	} catch (error) {
		log.error({ err: error }, 'search index could not be aligned');
	}
	timer = setImmediate(step);
	return () => {
		stopped = true;
		if (timer) clearImmediate(timer);
	};
}
