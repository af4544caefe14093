// Documents and their Yjs history: the append-only tail of updates, the compacted snapshot and
// the versions people can go back to.
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { documentKinds } from '../../../vocabulary';
import { userRef } from './accounts';
import { belongsTo, createdAt, timestamp } from './columns';
import { companyId } from './companies';

export const documents = sqliteTable(
	'documents',
	{
		id: text('id').primaryKey(),
		/**
		 * A small integer naming the document in document_updates, whose rows must stay lean (one
		 * row per keystroke batch). Set on insert; nullable only because SQLite cannot add a NOT NULL
		 * column to a table with rows, and recreating `documents` would cascade-delete its children.
		 */
		logKey: integer('log_key').unique(),
		companyId: companyId(),
		title: text('title').notNull(),
		kind: text('kind', { enum: documentKinds }).notNull(),
		/** Archived documents are served read-only. */
		archivedAt: timestamp('archived_at'),
		createdBy: userRef('created_by'),
		createdAt: createdAt(),
		/** Last time content changed (not the title), for "sort by last edit". */
		editedAt: timestamp('edited_at'),
		lastEditorId: userRef('last_editor_id')
	},
	(t) => [index('documents_company_idx').on(t.companyId, t.editedAt)]
);

/**
 * Append-only Yjs updates since the document's snapshot: one row per update, so each row holds
 * only what replaying needs (an integer document key and the bytes; ~10 bytes of overhead on a
 * ~30-byte keystroke). No index on document_key: the table only ever holds the uncompacted tail
 * of loaded documents (each is compacted every few hundred updates, when it unloads, and at
 * start-up after a crash), and every read is a rowid range scan from the snapshot's
 * up_to_update_id. A new update must never get an id at or below its document's
 * up_to_update_id, even when compaction has deleted the rows with the highest ids: the store
 * gives it an id above both (see storeChanges). Not AUTOINCREMENT, which would do the same for
 * every document at once but writes its sqlite_sequence page in every commit, and this commit
 * sits on every update's way to the other clients.
 */
export const documentUpdates = sqliteTable('document_updates', {
	id: integer('id').primaryKey(),
	documentKey: integer('document_key')
		.notNull()
		.references(() => documents.logKey, { onDelete: 'cascade' }),
	update: blob('update', { mode: 'buffer' }).notNull()
});

/** The compacted state: every update with id <= upToUpdateId is merged into `state`. */
export const documentSnapshots = sqliteTable('document_snapshots', {
	documentId: text('document_id')
		.primaryKey()
		.references(() => documents.id, { onDelete: 'cascade' }),
	state: blob('state', { mode: 'buffer' }).notNull(),
	upToUpdateId: integer('up_to_update_id').notNull(),
	createdAt: createdAt()
});

export const documentVersionKinds = ['auto', 'named'] as const;

export const documentVersions = sqliteTable(
	'document_versions',
	{
		id: text('id').primaryKey(),
		documentId: belongsTo('document_id', () => documents.id),
		kind: text('kind', { enum: documentVersionKinds }).notNull(),
		/** null for automatic versions. */
		name: text('name'),
		/** Full Yjs state (Y.encodeStateAsUpdate) at that moment. */
		state: blob('state', { mode: 'buffer' }).notNull(),
		createdBy: userRef('created_by'),
		createdAt: createdAt()
	},
	(t) => [index('document_versions_doc_idx').on(t.documentId, t.createdAt)]
);

export type Document = typeof documents.$inferSelect;
export type DocumentVersion = typeof documentVersions.$inferSelect;
