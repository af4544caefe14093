// Durable storage of Yjs documents: an append-only log of updates plus one compacted snapshot per
// document, and the version history. Synchronous, like better-sqlite3 itself; the collaboration
// server (server/collab) and the app (through live.ts) are its only callers.
import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { getDb, type Db, type Executor } from '../db';
import { prepared } from '../db/prepared';
import {
	documents,
	documentSnapshots,
	documentUpdates,
	documentVersions,
	houses,
	memberships,
	type DocumentVersion
} from '../db/schema';
import { newId } from '../ids';
import { readingDocument } from './quarantine';

/** A Yjs update that changes nothing (no structs, empty delete set). */
export const EMPTY_UPDATE: Uint8Array = Uint8Array.of(0, 0);

export type StoredUpdate = { update: Uint8Array; userId: string | null };
export type DocumentVersionSummary = Omit<DocumentVersion, 'state'>;
export type NewVersion = {
	kind: DocumentVersion['kind'];
	/** null for automatic versions. */
	name: string | null;
	/** Full Yjs state (an update applied to an empty document). */
	state: Uint8Array;
	createdBy: string | null;
};

/** What storage holds for a document, unmerged: the snapshot and the updates after it. */
export type StoredDocument = {
	snapshot: Uint8Array | null;
	updates: Uint8Array[];
	/** Highest update id covered (snapshot or later update); 0 when nothing is stored. */
	lastUpdateId: number;
	/** Bytes of the updates after the snapshot, to decide when to compact. */
	updateBytes: number;
};

// better-sqlite3 binds Buffers; a view on the same memory avoids copying the update.
const asBuffer = (bytes: Uint8Array): Buffer =>
	Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const asBytes = (buffer: Buffer): Uint8Array =>
	new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** The document's key in document_updates (a scalar subquery, evaluated once per statement). */
const logKeyOf = (documentId: unknown) =>
	sql`(select ${documents.logKey} from ${documents} where ${documents.id} = ${documentId})`;

/**
 * The id of a document's next update: above every row of document_updates (ids are unique) and
 * above the document's snapshot, whose up_to_update_id may name rows compaction has deleted since
 * (the table has no AUTOINCREMENT, see the schema). Both are index lookups.
 */
const nextUpdateIdOf = (documentId: unknown) =>
	sql`(select max(
		ifnull((select max(${documentUpdates.id}) from ${documentUpdates}), 0),
		ifnull((select ${documentSnapshots.upToUpdateId} from ${documentSnapshots}
			where ${documentSnapshots.documentId} = ${documentId}), 0)
	) + 1)`;

// Prepared once per connection: loading runs for every document a client opens. Run inside a
// transaction, they take part in it (one connection, one transaction at a time).
function readStored(documentId: string): StoredDocument {
	const db = getDb();
	const snapshot = prepared(db, 'document-snapshot-read', (db) =>
		db
			.select({ state: documentSnapshots.state, upTo: documentSnapshots.upToUpdateId })
			.from(documentSnapshots)
			.where(eq(documentSnapshots.documentId, sql.placeholder('documentId')))
			.prepare()
	).get({ documentId });
	const after = snapshot?.upTo ?? 0;
	// A rowid range scan from the snapshot on (document_updates has no index, see the schema).
	const rows = prepared(db, 'document-updates-read', (db) =>
		db
			.select({ id: documentUpdates.id, update: documentUpdates.update })
			.from(documentUpdates)
			.where(
				and(
					gt(documentUpdates.id, sql.placeholder('after')),
					eq(documentUpdates.documentKey, logKeyOf(sql.placeholder('documentId')))
				)
			)
			.orderBy(asc(documentUpdates.id))
			.prepare()
	).all({ documentId, after });
	let updateBytes = 0;
	for (const row of rows) updateBytes += row.update.byteLength;
	return {
		snapshot: snapshot ? asBytes(snapshot.state) : null,
		updates: rows.map((row) => asBytes(row.update)),
		lastUpdateId: rows.length > 0 ? rows[rows.length - 1].id : after,
		updateBytes
	};
}

/** The stored snapshot and later updates, unmerged (the collaboration server applies them). */
export function readStoredDocument(documentId: string): StoredDocument {
	const db = getDb();
	// One read transaction, so a compaction in between cannot make updates vanish from view.
	return db.transaction(() => readStored(documentId), { behavior: 'deferred' });
}

function merged(stored: StoredDocument): Uint8Array {
	const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
	if (parts.length === 0) return EMPTY_UPDATE;
	if (parts.length === 1) return parts[0];
	return Y.mergeUpdates(parts);
}

/**
 * The document's full state: snapshot merged with every later update (empty update if none).
 * Throws DocumentQuarantinedError when the document is quarantined or its parts do not merge.
 */
export function loadDocumentState(documentId: string): { state: Uint8Array; lastUpdateId: number } {
	const stored = readStoredDocument(documentId);
	const state = readingDocument(documentId, 'merge', () => merged(stored));
	return { state, lastUpdateId: stored.lastUpdateId };
}

/** When and by whom a document was last edited, as the documents list shows it. */
export type DocumentEdit = {
	/** Milliseconds since the epoch. */
	at: number;
	/** null keeps the stored last editor. */
	userId: string | null;
};

/** What one document adds in a batch: its new updates and, optionally, its last edit. */
export type DocumentChanges = {
	documentId: string;
	updates: StoredUpdate[];
	edit: DocumentEdit | null;
};

/**
 * Appends updates in one transaction and marks the document edited (now, by the last non-null
 * user). Returns the id of the last inserted update (0 when `updates` is empty). For writers
 * outside the collaboration server (live.ts when none runs, scripts, tests); the server's
 * documents are written by its UpdateWriter alone, through storeChanges.
 */
export function appendUpdates(documentId: string, updates: StoredUpdate[]): number {
	if (updates.length === 0) return 0;
	let lastEditor: string | null = null;
	for (const { userId } of updates) if (userId !== null) lastEditor = userId;
	return storeChanges([{ documentId, updates, edit: { at: Date.now(), userId: lastEditor } }])[0];
}

/**
 * Stores the changes of several documents in one transaction, so a server relaying many
 * documents pays for one commit (one fsync in WAL mode) instead of one each. Returns, for each
 * entry, the id of its last inserted update (0 when it had none). Every update stored goes
 * through here: appendUpdates and the collaboration server's UpdateWriter call it.
 */
export function storeChanges(changes: DocumentChanges[]): number[] {
	const db = getDb();
	return prepared(db, 'document-store-changes', buildStoreChanges)(changes);
}

/**
 * storeChanges' transaction, built once per connection. It is better-sqlite3's own transaction
 * function around Drizzle's prepared statements: Drizzle's db.transaction builds a new wrapper
 * and transaction object on every call, which took about half of the 60 µs a commit costs, and
 * this commit sits on every update's way to the other clients.
 */
function buildStoreChanges(db: Db): (changes: DocumentChanges[]) => number[] {
	const insert = db
		.insert(documentUpdates)
		.values({
			id: nextUpdateIdOf(sql.placeholder('documentId')),
			documentKey: logKeyOf(sql.placeholder('documentId')),
			update: sql.placeholder('update')
		})
		.prepare();
	const touch = db
		.update(documents)
		.set({
			editedAt: sql`${sql.placeholder('editedAt')}`,
			lastEditorId: sql`coalesce(${sql.placeholder('userId')}, ${documents.lastEditorId})`
		})
		.where(eq(documents.id, sql.placeholder('documentId')))
		.prepare();
	return db.$client.transaction((changes: DocumentChanges[]) =>
		changes.map(({ documentId, updates, edit }) => {
			let lastId = 0;
			for (const { update } of updates) {
				lastId = Number(insert.run({ documentId, update: asBuffer(update) }).lastInsertRowid);
			}
			if (edit) touch.run({ documentId, editedAt: edit.at, userId: edit.userId });
			return lastId;
		})
	);
}

/** A snapshot to store: `state` contains every update of the document with id <= upToUpdateId. */
export type NewSnapshot = { documentId: string; state: Uint8Array; upToUpdateId: number };

/**
 * Replaces the snapshot by `state`, which must contain every update with id <= `upToUpdateId`,
 * and deletes those updates. Used by the collaboration server, whose in-memory document is that
 * state already. A snapshot older than the stored one is ignored.
 */
export function writeSnapshot(documentId: string, state: Uint8Array, upToUpdateId: number): void {
	writeSnapshots([{ documentId, state, upToUpdateId }]);
}

/**
 * writeSnapshot for several documents in one transaction. Every folded update is deleted before
 * any snapshot is written, so the pages those deletions free (updates of many documents share
 * pages) are reused for the snapshots within the transaction.
 */
export function writeSnapshots(snapshots: NewSnapshot[]): void {
	if (snapshots.length === 0) return;
	getDb().transaction(
		(tx) => {
			const current = snapshots.filter(({ documentId, upToUpdateId }) => {
				const stored = tx
					.select({ upTo: documentSnapshots.upToUpdateId })
					.from(documentSnapshots)
					.where(eq(documentSnapshots.documentId, documentId))
					.get();
				return !stored || stored.upTo <= upToUpdateId;
			});
			for (const { documentId, upToUpdateId } of current) {
				deleteFolded(tx, documentId, upToUpdateId);
			}
			for (const { documentId, state, upToUpdateId } of current) {
				upsertSnapshot(tx, documentId, state, upToUpdateId);
			}
		},
		{ behavior: 'immediate' }
	);
}

function deleteFolded(tx: Executor, documentId: string, upTo: number): void {
	tx.delete(documentUpdates)
		.where(
			and(lte(documentUpdates.id, upTo), eq(documentUpdates.documentKey, logKeyOf(documentId)))
		)
		.run();
}

function upsertSnapshot(tx: Executor, documentId: string, state: Uint8Array, upTo: number): void {
	const row = { documentId, state: asBuffer(state), upToUpdateId: upTo, createdAt: new Date() };
	tx.insert(documentSnapshots)
		.values(row)
		.onConflictDoUpdate({
			target: documentSnapshots.documentId,
			set: { state: row.state, upToUpdateId: row.upToUpdateId, createdAt: row.createdAt }
		})
		.run();
}

function putSnapshot(tx: Executor, documentId: string, state: Uint8Array, upTo: number): void {
	// Updates first: the pages they free are reused for the snapshot within this transaction.
	deleteFolded(tx, documentId, upTo);
	upsertSnapshot(tx, documentId, state, upTo);
}

/**
 * Ids of the documents that still have updates after their snapshot. After a clean stop there are
 * none; after a crash, compacting them at start keeps document_updates small (it has no index).
 */
export function documentsWithUpdates(): string[] {
	return getDb()
		.selectDistinct({ id: documents.id })
		.from(documentUpdates)
		.innerJoin(documents, eq(documents.logKey, documentUpdates.documentKey))
		.all()
		.map((row) => row.id);
}

/**
 * Merges the snapshot and every update stored so far into a new snapshot and deletes those
 * updates, in one write transaction: an update appended afterwards has a higher id and stays.
 * A document whose parts do not merge is quarantined and left as stored (DocumentQuarantinedError).
 */
export function compactDocument(documentId: string): void {
	getDb().transaction(
		(tx) => {
			const stored = readStored(documentId);
			if (stored.updates.length === 0) return;
			const state = readingDocument(documentId, 'compaction', () => merged(stored));
			putSnapshot(tx, documentId, state, stored.lastUpdateId);
		},
		{ behavior: 'immediate' }
	);
}

export function saveVersion(documentId: string, version: NewVersion): DocumentVersion {
	const row: DocumentVersion = {
		id: newId(),
		documentId,
		kind: version.kind,
		name: version.name,
		state: asBuffer(version.state),
		createdBy: version.createdBy,
		createdAt: new Date()
	};
	getDb().insert(documentVersions).values(row).run();
	return row;
}

/** The document's versions, newest first, without their state. */
export function listVersions(documentId: string): DocumentVersionSummary[] {
	return getDb()
		.select({
			id: documentVersions.id,
			documentId: documentVersions.documentId,
			kind: documentVersions.kind,
			name: documentVersions.name,
			createdBy: documentVersions.createdBy,
			createdAt: documentVersions.createdAt
		})
		.from(documentVersions)
		.where(eq(documentVersions.documentId, documentId))
		.orderBy(desc(documentVersions.createdAt), desc(sql`rowid`))
		.all();
}

/** One version with its state, or null when it does not exist or belongs to another document. */
export function getVersion(documentId: string, versionId: string): DocumentVersion | null {
	return (
		getDb()
			.select()
			.from(documentVersions)
			.where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)))
			.get() ?? null
	);
}

/**
 * Whether `userId` may open the document live: null when the document does not exist or its
 * company is not one of theirs (both answer 404, so ids of other companies cannot be probed).
 */
export function documentAccess(
	documentId: string,
	userId: string
): { archived: boolean; homeHouseName: string | null } | null {
	const row = prepared(getDb(), 'document-collab-access', (db) =>
		db
			.select({ archivedAt: documents.archivedAt, homeHouseName: houses.name })
			.from(documents)
			.innerJoin(
				memberships,
				and(
					eq(memberships.companyId, documents.companyId),
					eq(memberships.userId, sql.placeholder('userId'))
				)
			)
			.leftJoin(houses, eq(houses.id, memberships.homeHouseId))
			.where(eq(documents.id, sql.placeholder('documentId')))
			.prepare()
	).get({ documentId, userId });
	return row ? { archived: row.archivedAt !== null, homeHouseName: row.homeHouseName } : null;
}

/** The document's live status, or null once it is deleted. */
export function documentStatus(documentId: string): { archived: boolean } | null {
	const row = prepared(getDb(), 'document-status', (db) =>
		db
			.select({ archivedAt: documents.archivedAt })
			.from(documents)
			.where(eq(documents.id, sql.placeholder('documentId')))
			.prepare()
	).get({ documentId });
	return row ? { archived: row.archivedAt !== null } : null;
}
