import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { fold } from '../../fold';
import { compareNames } from '../../name-order';
import { recordAudit } from '../audit/audit';
import { hasRole } from '../companies/companies';
import { getDb } from '../db';
import { documents, users, type Document, type DocumentKind, type Role } from '../db/schema';
import { newId } from '../ids';
import { indexDocumentTitle, removeFromIndex } from '../search/document-index';
import { documentAccessChanged } from './live';

export const documentSorts = ['edited', 'title', 'created'] as const;
export type DocumentSort = (typeof documentSorts)[number];

/** Longest title a document may have, in characters. */
export const DOCUMENT_TITLE_MAX = 200;

type Actor = { userId: string; role: Role };

export type DocumentListOptions = {
	/** Part of the title, in any case and with or without accents; empty or missing lists all. */
	search?: string;
	/** edited: last content change first (never-edited ones by creation); title: A→Z; created: newest first. */
	sort?: DocumentSort;
};

/**
 * The company's documents (archived ones included, flagged) with the last editor's name; null
 * when the editor's account is gone or nobody has edited yet. The title search and the title
 * order are done here, not by SQLite, whose LIKE and NOCASE know no accents: "reunion" finds
 * "Réunion", and "Été" sorts among the E, not after Z (the same fold and order as everywhere else).
 */
export function listDocuments(companyId: string, options: DocumentListOptions = {}) {
	const search = fold(options.search?.trim() ?? '');
	const lastChange = sql`coalesce(${documents.editedAt}, ${documents.createdAt})`;
	const order: SQL[] =
		options.sort === 'created'
			? [desc(documents.createdAt), sql`${documents}.rowid desc`]
			: // Within one millisecond, an edit counts as later than a creation. (Also the order of
				// titles that compare equal.)
				[
					sql`${lastChange} desc`,
					sql`${documents.editedAt} is not null desc`,
					sql`${documents}.rowid desc`
				];
	const rows = getDb()
		.select({
			id: documents.id,
			title: documents.title,
			kind: documents.kind,
			archivedAt: documents.archivedAt,
			createdAt: documents.createdAt,
			createdBy: documents.createdBy,
			editedAt: documents.editedAt,
			lastEditorName: users.name
		})
		.from(documents)
		.leftJoin(users, eq(documents.lastEditorId, users.id))
		.where(eq(documents.companyId, companyId))
		.orderBy(...order)
		.all();
	const found = search ? rows.filter((row) => fold(row.title).includes(search)) : rows;
	// A stable sort: titles that compare equal keep the last-change order.
	return options.sort === 'title' ? found.sort((a, b) => compareNames(a.title, b.title)) : found;
}

/** One document, only when it belongs to the company. */
export function getCompanyDocument(companyId: string, documentId: string): Document | undefined {
	return getDb()
		.select()
		.from(documents)
		.where(and(eq(documents.companyId, companyId), eq(documents.id, documentId)))
		.get();
}

/**
 * A new, empty document row. The template content (if any) is written through the live
 * collaboration layer by the caller, so connected editors and storage see the same updates.
 */
export function createDocument(
	companyId: string,
	actor: Actor,
	input: { title: string; kind: DocumentKind }
): Document {
	const document: Document = {
		id: newId(),
		logKey: null,
		companyId,
		title: input.title.trim(),
		kind: input.kind,
		archivedAt: null,
		createdBy: actor.userId,
		createdAt: new Date(),
		editedAt: null,
		lastEditorId: null
	};
	getDb().transaction((tx) => {
		const { logKey } = tx
			.insert(documents)
			.values({ ...document, logKey: sql`(select ifnull(max(log_key), 0) + 1 from documents)` })
			.returning({ logKey: documents.logKey })
			.get();
		document.logKey = logKey;
		indexDocumentTitle(tx, document.id);
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'document.created',
			subject: document.title,
			details: { kind: document.kind }
		});
	});
	return document;
}

/** Any member may rename; false when the document is not the company's. */
export function renameDocument(companyId: string, documentId: string, title: string): boolean {
	return getDb().transaction((tx) => {
		const result = tx
			.update(documents)
			.set({ title: title.trim() })
			.where(and(eq(documents.companyId, companyId), eq(documents.id, documentId)))
			.run();
		if (result.changes === 0) return false;
		indexDocumentTitle(tx, documentId);
		return true;
	});
}

/**
 * Any member may archive (read-only) or unarchive; false when the document is not the company's.
 * Its open sockets reconnect at once with their new rights.
 */
export function setDocumentArchived(
	companyId: string,
	actor: Actor,
	documentId: string,
	archived: boolean
): boolean {
	let changed = false;
	const found = getDb().transaction((tx) => {
		const document = tx
			.select({ title: documents.title, archivedAt: documents.archivedAt })
			.from(documents)
			.where(and(eq(documents.companyId, companyId), eq(documents.id, documentId)))
			.get();
		if (!document) return false;
		if ((document.archivedAt !== null) === archived) return true;
		changed = true;
		tx.update(documents)
			.set({ archivedAt: archived ? new Date() : null })
			.where(eq(documents.id, documentId))
			.run();
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: archived ? 'document.archived' : 'document.unarchived',
			subject: document.title
		});
		return true;
	});
	if (changed) documentAccessChanged(documentId);
	return found;
}

/** Who may delete: the person who created the document, or a manager or owner. */
export function canDeleteDocument(actor: Actor, document: Pick<Document, 'createdBy'>): boolean {
	return document.createdBy === actor.userId || hasRole(actor.role, 'manager');
}

export type DeleteDocumentResult =
	{ ok: true } | { ok: false; reason: 'not_found' | 'not_allowed' };

/**
 * Deletes the document with its history (updates, snapshots and versions cascade); its open
 * sockets are closed for good at once.
 */
export function deleteDocument(
	companyId: string,
	actor: Actor,
	documentId: string
): DeleteDocumentResult {
	const result = getDb().transaction((tx): DeleteDocumentResult => {
		const document = tx
			.select({ title: documents.title, createdBy: documents.createdBy })
			.from(documents)
			.where(and(eq(documents.companyId, companyId), eq(documents.id, documentId)))
			.get();
		if (!document) return { ok: false, reason: 'not_found' };
		if (!canDeleteDocument(actor, document)) return { ok: false, reason: 'not_allowed' };
		// Before the row goes: the index row is found by the document's rowid.
		removeFromIndex(tx, documentId);
		tx.delete(documents).where(eq(documents.id, documentId)).run();
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'document.deleted',
			subject: document.title
		});
		return { ok: true };
	});
	if (result.ok) documentAccessChanged(documentId);
	return result;
}

/** Records that a version was restored (the content change itself goes through the live layer). */
export function recordDocumentRestored(
	companyId: string,
	actor: Actor,
	document: Pick<Document, 'title'>,
	versionName: string | null
): void {
	recordAudit(getDb(), {
		companyId,
		actorId: actor.userId,
		action: 'document.restored',
		subject: document.title,
		details: { version: versionName }
	});
}
