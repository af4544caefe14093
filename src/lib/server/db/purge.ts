// After an account deletion, what the deleted rows held leaves the database's files, not only its
// tables. `secure_delete` (set on every connection, db/index.ts) zeroes the bytes SQLite frees in
// the pages it writes; two copies outlive that: the search index's older segments, where FTS5
// keeps a deleted or replaced row's words until it merges them, and the WAL, whose frames hold
// pages as they were before the deletion until a checkpoint and later writes overwrite them.
import { logger } from '../logger';
import { getDb, type Db } from './index';

/**
 * Merges the search index into one segment, which drops the words of the rows deleted or replaced
 * (the person's mentions, the documents of the companies that went with them), then copies the
 * WAL into the database and truncates it to nothing. Synchronous, so nothing writes in between;
 * the merge takes about 0.1 s per thousand documents of 5 kB on this project's 2-core machine (a
 * deletion is rare). A checkpoint that a reader holds back past the busy timeout is logged: the
 * WAL's old frames are then overwritten by later writes, from its start, after the next checkpoint.
 */
export function purgeFreedContent(db: Db = getDb()): void {
	const sqlite = db.$client;
	sqlite.exec(`INSERT INTO document_search(document_search) VALUES ('optimize')`);
	const [checkpoint] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
	if (checkpoint && checkpoint.busy !== 0) {
		logger().warn('the WAL could not be emptied after an account deletion: a reader holds it');
	}
}
