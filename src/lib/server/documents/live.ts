// The app's way to change document content. When the collaboration server runs in this process
// (always in production and `npm run dev`), changes go through its in-memory documents so every
// connected client sees them at once; otherwise (scripts, tests of the app alone) they go to
// storage directly. The collaboration server registers from server/, the pages ask from the
// SvelteKit bundle: two copies of this module, hence the registration in a process singleton.
import * as Y from 'yjs';
import type { DocumentVersion } from '../db/schema';
import { processSingleton } from '../process-singleton';
import type { PersonErasure } from './person-erasure';
import { appendUpdates, getVersion, loadDocumentState, saveVersion } from './store';

/** TipTap's Collaboration extension keeps the document in this XmlFragment. */
export const CONTENT_FRAGMENT = 'default';

/** What the running collaboration server offers the app (implemented by server/collab). */
export interface LiveDocuments {
	documentState(documentId: string): Promise<Uint8Array>;
	createNamedVersion(documentId: string, name: string, userId: string): Promise<DocumentVersion>;
	restoreVersion(documentId: string, versionId: string, userId: string): Promise<boolean>;
	documentAccessChanged(documentId: string): void;
	applyServerUpdate(documentId: string, update: Uint8Array, userId: string | null): Promise<void>;
	/** See eraseInLoadedDocument; synchronous, so nothing can load or edit in between. */
	erasePerson(documentId: string, erasure: PersonErasure, rewriteStored: boolean): boolean;
}

const registered = () => processSingleton<{ live?: LiveDocuments }>('hameau.collab', () => ({}));

/** Makes `live` the process's collaboration server; the returned function unregisters it. */
export function registerLiveDocuments(live: LiveDocuments): () => void {
	registered().live = live;
	return () => {
		if (registered().live === live) registered().live = undefined;
	};
}

function running(): LiveDocuments | undefined {
	return registered().live;
}

/** Transaction origin of a restore, so observers can tell it from a person's edit. */
export type RestoreOrigin = { kind: 'restore'; versionId: string; userId: string | null };

/**
 * Replaces the content fragment of `doc` with copies of the version's content, as one new change
 * (one transaction tagged with `origin`): nothing already written is rewritten, so every client
 * merges it like any edit, and the version before the restore stays in history.
 */
export function replaceContent(doc: Y.Doc, versionState: Uint8Array, origin: RestoreOrigin): void {
	const source = new Y.Doc();
	Y.applyUpdate(source, versionState);
	const copies = source
		.getXmlFragment(CONTENT_FRAGMENT)
		.toArray()
		// Hooks are not produced by TipTap; the typings of insert() leave them out.
		.map((node) => node.clone() as Y.XmlElement | Y.XmlText);
	const target = doc.getXmlFragment(CONTENT_FRAGMENT);
	doc.transact(() => {
		if (target.length > 0) target.delete(0, target.length);
		if (copies.length > 0) target.insert(0, copies);
	}, origin);
	source.destroy();
}

/** The document's full current state, including edits not yet written to storage. */
export async function documentState(documentId: string): Promise<Uint8Array> {
	const live = running();
	if (live) return live.documentState(documentId);
	return loadDocumentState(documentId).state;
}

/** Saves the current content as a named version. */
export async function createNamedVersion(
	documentId: string,
	name: string,
	userId: string
): Promise<DocumentVersion> {
	const live = running();
	if (live) return live.createNamedVersion(documentId, name, userId);
	const { state } = loadDocumentState(documentId);
	return saveVersion(documentId, { kind: 'named', name, state, createdBy: userId });
}

/**
 * Restores a version as a new change that connected clients receive live. false when the
 * version does not exist or belongs to another document.
 */
export async function restoreVersion(
	documentId: string,
	versionId: string,
	userId: string
): Promise<boolean> {
	const live = running();
	if (live) return live.restoreVersion(documentId, versionId, userId);
	const version = getVersion(documentId, versionId);
	if (!version) return false;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, loadDocumentState(documentId).state);
	const changes: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => changes.push(update));
	replaceContent(doc, version.state, { kind: 'restore', versionId, userId });
	doc.destroy();
	appendUpdates(
		documentId,
		changes.map((update) => ({ update, userId }))
	);
	return true;
}

/**
 * Call after a document was archived, unarchived or deleted: connected clients of a deleted
 * document are disconnected, of an archived one become read-only, of an unarchived one writable.
 */
export function documentAccessChanged(documentId: string): void {
	running()?.documentAccessChanged(documentId);
}

/** Writes content produced by the server itself (a template) into the document. */
export async function applyServerUpdate(
	documentId: string,
	update: Uint8Array,
	userId: string | null
): Promise<void> {
	const live = running();
	if (live) return live.applyServerUpdate(documentId, update, userId);
	appendUpdates(documentId, [{ update, userId }]);
}

/**
 * Takes a deleted account's name out of the document if the collaboration server has it loaded:
 * a server edit its people receive at once, then a snapshot of the memory in place of the stored
 * log (with `rewriteStored`, even when nothing visible changed: storage may hold the name in a
 * deleted struct). false when it is not loaded (or no server runs): storage is the caller's to
 * rewrite, which is safe as long as the caller does it before its next await (a load in flight
 * reads storage after that).
 */
export function eraseInLoadedDocument(
	documentId: string,
	erasure: PersonErasure,
	rewriteStored: boolean
): boolean {
	return running()?.erasePerson(documentId, erasure, rewriteStored) ?? false;
}
