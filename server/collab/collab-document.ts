import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { CloseCode, READ_ONLY_REASON } from '../../src/lib/collab-wire';
import type { DocumentVersion } from '../../src/lib/server/db/schema';
import { replaceContent, type RestoreOrigin } from '../../src/lib/server/documents/live';
import {
	documentStatus,
	getVersion,
	listVersions,
	saveVersion,
	writeSnapshot,
	type DocumentChanges,
	type NewSnapshot,
	type DocumentEdit,
	type StoredDocument
} from '../../src/lib/server/documents/store';
import { erasuresForGoneAccounts } from '../../src/lib/server/documents/gone-accounts';
import { erasePerson, type PersonErasure } from '../../src/lib/server/documents/person-erasure';
import { indexDocumentBody } from '../../src/lib/server/search/document-index';
import { documentText } from '../../src/lib/server/search/document-text';
import {
	documentMentions,
	notifyNewMentions,
	type FoundMention
} from '../../src/lib/server/notifications/mentions';
import {
	DocumentQuarantinedError,
	isQuarantineError,
	readingDocument
} from '../../src/lib/server/documents/quarantine';
import { AwarenessLimitError, AwarenessStates, EMPTY_AWARENESS_UPDATE } from './awareness-states';
import { binaryFrame } from './broadcast-frame';
import type { ClientOrigin, CollabConnection, ConnectionDocument } from './collab-connection';
import type { ResolvedOptions } from './options';
import { checkStoredUpdates } from './update-check';
import type { FlushBatch, PendingUpdate, UpdateWriter, WritableDocument } from './update-writer';
import {
	encodeAwareness,
	encodePermissionDenied,
	encodeSyncStep1,
	encodeSyncStep2,
	updateFrame,
	type ClientMessage
} from './protocol';

/** Origin of content the server writes itself (a template), stored under `userId`. */
export type ServerOrigin = { readonly kind: 'server'; readonly userId: string | null };

/**
 * The origin of every Yjs transaction on a loaded document, tagged by kind: a client's change
 * (applyFrom), content from the server (applyServerUpdate) or a restored version (restore).
 * Those three are the only writers of the document once it is loaded.
 */
export type UpdateOrigin = ClientOrigin | ServerOrigin | RestoreOrigin;

/** What a document tells its server. */
export type CollabDocumentEvents = {
	/** Pending updates were stored (and relayed). */
	stored: [];
	/** A version (automatic or named) was saved. */
	'version-saved': [version: DocumentVersion];
	/** The stored updates were merged into a new snapshot. */
	compacted: [];
	/** Nobody has been connected for idleUnloadMs: it may be written out and unloaded. */
	idle: [];
	/** Storing failed because the document no longer exists. */
	deleted: [];
	/** The content could not be encoded: it is quarantined and must be set aside. */
	unreadable: [];
};

/**
 * One loaded Yjs document: its connections, its awareness, and the updates applied in memory but
 * not yet in SQLite. Changes are applied, appended to SQLite (grouped with every other document's
 * per event-loop turn, by the server's UpdateWriter), and only then relayed, so nobody ever sees
 * a change that a crash could lose.
 */
export class CollabDocument
	extends EventEmitter<CollabDocumentEvents>
	implements ConnectionDocument, WritableDocument
{
	private readonly doc = new Y.Doc();
	/** Who is here; created with the first awareness message (many open documents have none). */
	private awareness: AwarenessStates | null = null;
	readonly connections = new Set<CollabConnection>();
	private pending: PendingUpdate[] = [];
	/** Replies and promises waiting for the pending updates to be stored (false: never will be). */
	private afterFlush: Array<(stored: boolean) => void> = [];
	private storeFailing = false;
	private lastUpdateId: number;
	private updatesSinceSnapshot: number;
	private bytesSinceSnapshot: number;
	private editedSinceVersion = false;
	private lastEditAt = 0;
	private lastEditorId: string | null = null;
	/**
	 * The account behind each Yjs client that sent an update since the load (a tab's editor is
	 * one client): a mention is credited to whoever typed it, not to whoever edited last.
	 */
	private readonly clientUsers = new Map<number, string>();
	/** The stored last edit not yet written to documents.edited_at (written every few seconds). */
	private unwrittenEdit: DocumentEdit | null = null;
	/** options.clock time of the last write of documents.edited_at. */
	private editWrittenAt = -Infinity;
	private editTimer: unknown = null;
	private idleTimer: unknown = null;
	private versionTimer: unknown = null;
	private retryTimer: unknown = null;
	private indexTimer: unknown = null;
	/** The text changed since the search index last took it. */
	private textChanged = false;
	/** Who the document mentioned when mentions were last compared (at load, then after edits). */
	private mentioned = new Map<string, FoundMention>();
	private destroyed = false;
	/** Encoding the content failed: it is quarantined and nothing encodes it again. */
	private unreadable = false;

	constructor(
		readonly id: string,
		stored: StoredDocument,
		public readOnly: boolean,
		private readonly options: ResolvedOptions,
		/** Where the pending updates go to be stored: the server's, shared by its documents. */
		private readonly writer: UpdateWriter,
		private readonly log: Logger
	) {
		super();
		// Throws DocumentQuarantinedError when the stored content cannot be read: a value nested
		// past the limits (stored before they existed) is refused before Yjs overflows on it.
		readingDocument(id, 'load', () => {
			checkStoredUpdates(stored, options.updateLimits);
			this.doc.transact(() => {
				if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
				for (const update of stored.updates) Y.applyUpdate(this.doc, update);
			}, 'load');
		});
		this.mentioned = documentMentions(this.doc);
		this.eraseGoneAccounts([...this.mentioned.keys()]);
		this.lastUpdateId = stored.lastUpdateId;
		this.updatesSinceSnapshot = stored.updates.length;
		this.bytesSinceSnapshot = stored.updateBytes;
		this.doc.on('update', this.onUpdate);
		this.scheduleIdle();
	}

	addConnection(connection: CollabConnection): void {
		this.connections.add(connection);
		this.clearIdle();
		if (this.readOnly) {
			connection.send(encodePermissionDenied(READ_ONLY_REASON));
		} else {
			// Ask for what the client has and we lack (offline edits); a read-only document wants none.
			connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
		}
		if (this.awareness && this.awareness.size > 0) {
			connection.send(encodeAwareness(this.awareness.encodeAll()));
		}
	}

	removeConnection(connection: CollabConnection): void {
		if (!this.connections.delete(connection)) return;
		if (this.awareness && connection.awarenessClients.size > 0) {
			// remove() skips the ids whose state is already gone.
			const removed = this.awareness.remove(
				connection.awarenessClients,
				this.options.clock.now(),
				connection.awarenessClients
			);
			connection.awarenessClients.clear();
			this.relayAwareness(removed, null);
		}
		if (this.connections.size === 0) this.scheduleIdle();
	}

	/** Handles one decoded message from a connection of this document. */
	receive(connection: CollabConnection, message: ClientMessage): void {
		switch (message.type) {
			case 'sync-step1': {
				const reply = () => {
					const update = this.encode('sync', message.stateVector);
					if (update) connection.send(encodeSyncStep2(update));
				};
				// The reply carries every change in memory: wait until those are stored.
				if (this.pending.length > 0) this.afterFlush.push((stored) => stored && reply());
				else reply();
				return;
			}
			case 'sync-step2':
			case 'update':
				if (this.readOnly) return; // refused: archived documents take no change
				this.applyFrom(connection, message.update);
				return;
			case 'awareness': {
				if (message.update.byteLength > this.options.maxAwarenessBytes) {
					connection.close(CloseCode.messageTooBig, 'awareness update too large');
					return;
				}
				this.awareness ??= new AwarenessStates();
				let change;
				try {
					// The ids this socket speaks for are kept on it, removed when it goes (as
					// y-websocket's server does), and capped: states are held in memory for everyone.
					change = this.awareness.apply(
						message.update,
						this.options.clock.now(),
						connection.awarenessClients,
						this.options.maxAwarenessStates,
						connection.identity
					);
				} catch (error) {
					if (error instanceof AwarenessLimitError) {
						connection.close(CloseCode.policyViolation, error.message);
						return;
					}
					// A client error, not ours: the frame did not decode as an awareness update.
					connection.close(CloseCode.invalidPayload, 'malformed awareness update');
					return;
				}
				// The sender too, as y-websocket's own server does: its client closes a socket that
				// heard nothing for 30 s, and someone alone in a document, reading, would hear
				// nothing but this echo of the renewal its client sends every 15 s (every 30 s a
				// reconnection, and a "Connecting…" flicker on a slow link).
				this.relayAwareness(change.changed, null);
				return;
			}
			case 'query-awareness':
				connection.send(
					encodeAwareness(this.awareness ? this.awareness.encodeAll() : EMPTY_AWARENESS_UPDATE)
				);
				return;
		}
	}

	private applyFrom(connection: CollabConnection, update: Uint8Array): void {
		try {
			Y.applyUpdate(this.doc, update, connection.origin);
		} catch (error) {
			// Decoded fine but Yjs could not integrate it: the client's fault, keep the others going.
			this.log.warn({ err: error, documentId: this.id }, 'collab update refused by Yjs');
			connection.close(CloseCode.invalidPayload, 'update could not be applied');
			return;
		}
		// Out of Yjs's transaction now: the first update of a turn goes to SQLite and out at once.
		this.writer.storeEarly();
	}

	/** Applies content made by the server (a template) and resolves once it is stored. */
	applyServerUpdate(update: Uint8Array, userId: string | null): Promise<void> {
		const origin: ServerOrigin = { kind: 'server', userId };
		Y.applyUpdate(this.doc, update, origin);
		return this.flushed();
	}

	/**
	 * Takes a deleted account's name out of the content (person-erasure.ts) as a server edit the
	 * connected clients receive like any other, then writes the memory as the snapshot in place of
	 * the stored log and snapshot, which still hold the name: the in-memory document collects what
	 * the edit replaced, merged updates would not. `rewriteStored`: write that snapshot even when
	 * nothing visible changed (storage holds the name in a deleted struct).
	 */
	erasePerson(erasure: PersonErasure, rewriteStored: boolean): void {
		if (this.destroyed || this.unreadable) return;
		const origin: ServerOrigin = { kind: 'server', userId: null };
		const changed = erasePerson(this.doc, erasure, origin);
		if (!changed && !rewriteStored) return;
		// Stored now rather than at the turn's end, so the snapshot can fold it in at once. When
		// SQLite refuses, the edit waits in memory and the next compaction folds it in.
		if (this.flush()) this.compact(true);
	}

	/**
	 * Replaces the content by the version's, as one new change made by `userId` (see
	 * replaceContent), and resolves once it is stored.
	 */
	restore(version: DocumentVersion, userId: string): Promise<void> {
		const origin: RestoreOrigin = { kind: 'restore', versionId: version.id, userId };
		replaceContent(this.doc, version.state, origin);
		return this.flushed();
	}

	/** Resolves once every change applied so far is in SQLite; rejects if the document is dropped first. */
	flushed(): Promise<void> {
		if (this.pending.length === 0) return Promise.resolve();
		return new Promise((resolve, reject) =>
			this.afterFlush.push((stored) =>
				stored ? resolve() : reject(new Error(`document ${this.id} was closed before storing`))
			)
		);
	}

	/** The read-only state changed (archive, unarchive). */
	setReadOnly(readOnly: boolean): void {
		if (readOnly === this.readOnly) return;
		this.readOnly = readOnly;
		for (const connection of [...this.connections]) {
			if (readOnly) connection.send(encodePermissionDenied(READ_ONLY_REASON));
			// There is no "permission granted" message: a fresh handshake tells the client.
			else connection.close(CloseCode.accessChanged, 'document is writable again');
		}
	}

	closeAll(code: number, reason: string): void {
		for (const connection of [...this.connections]) connection.close(code, reason);
	}

	// Attached after the load, whose transaction has no UpdateOrigin: every one since has.
	private onUpdate = (update: Uint8Array, origin: UpdateOrigin): void => {
		const userId = origin.userId;
		const sender = origin.kind === 'client' ? origin.connection : null;
		this.pending.push({ update, userId, sender });
		this.editedSinceVersion = true;
		this.lastEditAt = this.options.clock.now();
		if (userId !== null) {
			this.lastEditorId = userId;
			this.noteClients(update, userId);
		}
		if (this.versionTimer === null) this.scheduleVersion(this.options.autoVersionIdleMs);
		this.textChanged = true;
		if (this.indexTimer === null) this.scheduleIndex();
		// While SQLite refuses, the retry timer flushes; new updates just join the pending ones.
		if (!this.storeFailing) this.writer.schedule(this);
	};

	/** Records the account behind the Yjs clients whose changes `update` brings first. */
	private noteClients(update: Uint8Array, userId: string): void {
		// The first sender of a client's changes is its author: a later update of the same client
		// (an offline copy's sync) is that person's own, never someone else's relayed.
		for (const client of Y.parseUpdateMeta(update).to.keys()) {
			if (!this.clientUsers.has(client)) this.clientUsers.set(client, userId);
		}
	}

	/** Sends the current state of `clients` to every connection but `except`. */
	private relayAwareness(clients: number[], except: CollabConnection | null): void {
		if (clients.length === 0 || !this.awareness || this.connections.size === 0) return;
		this.broadcast(binaryFrame(encodeAwareness(this.awareness.encode(clients))), except);
	}

	/** Sends one frame, built once for all of them, to every connection but `except`. */
	private broadcast(frame: Buffer, except: CollabConnection | null): void {
		for (const connection of this.connections) {
			if (connection !== except) connection.sendFrame(frame);
		}
	}

	/** Drops the awareness states nobody renewed (the server sweeps every document with one timer). */
	removeOutdatedAwareness(): void {
		// Even with no state left: the clocks of removed ones are pruned too.
		if (!this.awareness) return;
		const removed = this.awareness.removeOutdated(this.options.clock.now());
		this.relayAwareness(removed, null);
	}

	// ——— WritableDocument: how the server's UpdateWriter stores the pending updates ———

	takeBatch(writeEdit: boolean, alone: boolean): FlushBatch | null {
		// A failing document is stored by its retry timer alone, not with the others.
		if (this.destroyed || (this.storeFailing && !alone)) return null;
		const pending = this.pending;
		this.pending = [];
		// The time the change is stored, as before; only the write of it is deferred. Only a
		// person's change is an edit: the server's own (a deleted account's name erased) would
		// show every document naming them as "edited just now" by whoever edited last.
		const edited = pending.some(({ userId }) => userId !== null);
		const edit = edited ? { at: Date.now(), userId: this.lastEditorId } : this.unwrittenEdit;
		const editDue =
			writeEdit || this.options.clock.now() - this.editWrittenAt >= this.options.editedAtIntervalMs;
		const changes: DocumentChanges = {
			documentId: this.id,
			updates: pending.map(({ update, userId }) => ({ update, userId })),
			edit: editDue ? edit : null
		};
		if (edited) this.unwrittenEdit = edit;
		const writes = changes.updates.length > 0 || changes.edit !== null;
		return { pending, changes: writes ? changes : null };
	}

	returnBatch(batch: FlushBatch): void {
		this.pending = batch.pending.concat(this.pending);
	}

	batchStored(batch: FlushBatch, lastId: number): void {
		if (this.destroyed) return;
		if (this.storeFailing) {
			this.storeFailing = false;
			this.log.info({ documentId: this.id }, 'collab document stored again');
		}
		if (batch.changes?.edit) {
			this.editWrittenAt = this.options.clock.now();
			if (this.unwrittenEdit === batch.changes.edit) this.unwrittenEdit = null;
		}
		if (this.unwrittenEdit !== null && this.editTimer === null) this.scheduleEditWrite();
		if (batch.pending.length > 0) {
			this.lastUpdateId = lastId;
			this.updatesSinceSnapshot += batch.pending.length;
			for (const { update } of batch.pending) this.bytesSinceSnapshot += update.byteLength;
			if (this.connections.size > 0) {
				for (const { update, sender } of batch.pending) {
					this.broadcast(updateFrame(update), sender);
				}
			}
		}
		const waiting = this.afterFlush;
		this.afterFlush = [];
		for (const callback of waiting) callback(true);
		this.emit('stored');
		if (
			this.updatesSinceSnapshot >= this.options.compactAfterUpdates ||
			this.bytesSinceSnapshot >= this.options.compactAfterBytes
		) {
			this.compact();
		}
	}

	/** Storing this document alone failed: keep the updates in memory and retry, unless it is gone. */
	storeFailed(error: unknown): void {
		if (documentStatus(this.id) === null) {
			// Deleted under us: there is nothing left to store into.
			this.emit('deleted');
			return;
		}
		if (!this.storeFailing) {
			this.storeFailing = true;
			this.log.error(
				{ err: error, documentId: this.id, pending: this.pending.length },
				'collab updates could not be stored; keeping them in memory and retrying'
			);
		}
		this.options.clock.clearTimeout(this.retryTimer);
		this.retryTimer = this.options.clock.setTimeout(() => {
			this.retryTimer = null;
			this.flush();
		}, this.options.storeRetryMs);
	}

	/**
	 * Stores this document's pending updates alone (see UpdateWriter.storeAlone), then relays
	 * them. false when it is destroyed or SQLite refused (the updates then stay pending and a
	 * retry is scheduled). `writeEdit` writes the last edit time even if one was written moments ago.
	 */
	flush(writeEdit = false): boolean {
		return this.writer.storeAlone(this, writeEdit);
	}

	// The documents list sorts by last edit; a few seconds of lag there is fine, one write of an
	// indexed column per keystroke is not. This writes the time of a burst's last edit after it.
	private scheduleEditWrite(): void {
		const delay = this.editWrittenAt + this.options.editedAtIntervalMs - this.options.clock.now();
		this.editTimer = this.options.clock.setTimeout(
			() => {
				this.editTimer = null;
				// With updates pending, the scheduled flush takes the edit along (it is due now).
				if (this.unwrittenEdit !== null && this.pending.length === 0) this.flush(true);
			},
			Math.max(0, delay)
		);
	}

	/**
	 * The content as an update (what `stateVector` lacks, or all of it), or null when the document
	 * is destroyed or its content cannot be encoded. In that last case it is quarantined and the
	 * server sets it aside ('unreadable'): a timer's unload, compaction or version must not throw
	 * (that would take the process down), nor retry forever.
	 */
	private encode(step: string, stateVector?: Uint8Array): Uint8Array | null {
		if (this.destroyed || this.unreadable) return null;
		try {
			return readingDocument(this.id, step, () => Y.encodeStateAsUpdate(this.doc, stateVector));
		} catch (error) {
			if (!isQuarantineError(error)) throw error;
			this.unreadable = true;
			this.emit('unreadable');
			return null;
		}
	}

	/** The whole content for a reader (export, named version); throws DocumentQuarantinedError. */
	state(step: string): Uint8Array {
		const state = this.encode(step);
		if (state === null) throw new DocumentQuarantinedError(this.id);
		return state;
	}

	/**
	 * Writes the in-memory state as the snapshot; only valid with nothing pending. `always`: even
	 * when no update came since the last snapshot (to replace what that snapshot holds).
	 */
	compact(always = false): void {
		const snapshot = this.snapshotToWrite(always);
		if (!snapshot) return;
		try {
			writeSnapshot(snapshot.documentId, snapshot.state, snapshot.upToUpdateId);
		} catch (error) {
			// The updates are still stored one by one: nothing is lost, the next flush tries again.
			this.log.error({ err: error, documentId: this.id }, 'collab compaction failed');
			return;
		}
		this.snapshotWritten();
	}

	/** The snapshot that would fold every stored update in, or null when there is none to write. */
	snapshotToWrite(always = false): NewSnapshot | null {
		if (this.pending.length > 0 || (this.updatesSinceSnapshot === 0 && !always)) return null;
		const state = this.encode('snapshot');
		return state && { documentId: this.id, state, upToUpdateId: this.lastUpdateId };
	}

	/** Called once the snapshot from snapshotToWrite() is stored. */
	snapshotWritten(): void {
		this.updatesSinceSnapshot = 0;
		this.bytesSinceSnapshot = 0;
		this.indexText();
		this.emit('compacted');
	}

	/**
	 * Gives the search index the document's text if it changed since it last did. Read from memory,
	 * so a search finds what was typed a moment ago, not only what the last snapshot holds.
	 */
	indexText(): void {
		if (!this.textChanged || this.destroyed || this.unreadable) return;
		this.options.clock.clearTimeout(this.indexTimer);
		this.indexTimer = null;
		this.textChanged = false;
		this.notifyMentions();
		try {
			indexDocumentBody(this.id, documentText(this.doc));
		} catch (error) {
			// The index lags until the next change or snapshot; the document itself is fine.
			this.textChanged = true;
			this.log.error({ err: error, documentId: this.id }, 'search index update failed');
		}
	}

	/**
	 * Notifies the people mentioned since the last comparison. Compared when edits settle (with the
	 * search index), not at each keystroke: "@Ana" typed then deleted within a moment is no mention.
	 */
	private notifyMentions(): void {
		const now = documentMentions(this.doc, (client) => this.clientUsers.get(client) ?? null);
		const before = this.mentioned;
		this.mentioned = now;
		// Only an id new since the last settle can be a gone account's that came back: the others
		// were checked (and erased) then. Typing alone asks the database nothing.
		this.eraseGoneAccounts([...now.keys()].filter((id) => !before.has(id)));
		try {
			notifyNewMentions(this.id, before, now, this.lastUpdateId);
		} catch (error) {
			// A lost notification must not stop the document; the mention itself is stored.
			this.log.error({ err: error, documentId: this.id }, 'mention notifications failed');
		}
	}

	/**
	 * A mention of an account deleted since the deletion erased the others (typed in an offline
	 * copy and synced later, brought back by an undo; at load, one an unload wrote out before it
	 * was erased) is erased the same way, once the current call has unwound: never in the middle
	 * of a write-out, whose snapshot would be taken before it. Unloaded first, the document is
	 * checked again at its next load.
	 */
	private eraseGoneAccounts(mentionedIds: string[]): void {
		if (mentionedIds.length === 0) return;
		let erasures: PersonErasure[];
		try {
			erasures = erasuresForGoneAccounts(this.id, mentionedIds);
		} catch (error) {
			this.log.error({ err: error, documentId: this.id }, 'mentions of deleted accounts unchecked');
			return;
		}
		if (erasures.length === 0) return;
		queueMicrotask(() => {
			for (const erasure of erasures) this.erasePerson(erasure, false);
		});
	}

	/** Saves an automatic version if the document changed since the last one. */
	saveAutoVersion(): DocumentVersion | null {
		if (this.versionTimer !== null) this.options.clock.clearTimeout(this.versionTimer);
		this.versionTimer = null;
		if (!this.editedSinceVersion) return null;
		const state = this.encode('automatic version');
		if (state === null) return null;
		try {
			const version = saveVersion(this.id, {
				kind: 'auto',
				name: null,
				state,
				createdBy: this.lastEditorId
			});
			this.editedSinceVersion = false;
			this.emit('version-saved', version);
			return version;
		} catch (error) {
			this.log.error({ err: error, documentId: this.id }, 'automatic version failed');
			return null;
		}
	}

	/**
	 * Before a restore: what is there now goes into the history unless a version already holds
	 * it. The edits flag starts false at each load, so edits stored before a restart (the process
	 * stopped before their automatic version) were in no version and a restore replaced them for
	 * good: without the flag, the content is compared with the latest version's.
	 */
	keepCurrentInHistory(): void {
		if (!this.editedSinceVersion && !this.differsFromLatestVersion()) return;
		this.editedSinceVersion = true;
		this.saveAutoVersion();
	}

	private differsFromLatestVersion(): boolean {
		const [latest] = listVersions(this.id);
		const version = latest && getVersion(this.id, latest.id);
		if (!version) return true;
		const then = new Y.Doc();
		Y.applyUpdate(then, version.state);
		return !Y.equalSnapshots(Y.snapshot(then), Y.snapshot(this.doc));
	}

	/** Saves a version of the current state. */
	saveNamedVersion(name: string, userId: string): DocumentVersion {
		const version = saveVersion(this.id, {
			kind: 'named',
			name,
			state: this.state('named version'),
			createdBy: userId
		});
		this.emit('version-saved', version);
		return version;
	}

	/**
	 * Writes everything out (updates, an automatic version if edited and, unless the caller
	 * writes snapshots itself, a snapshot). false when SQLite refused, in which case the document
	 * must stay in memory.
	 */
	writeOut({ snapshot = true } = {}): boolean {
		if (!this.flush(true)) return false;
		this.saveAutoVersion();
		if (snapshot) this.compact();
		// Without a snapshot to write (or with the caller writing it), the text may still be new.
		this.indexText();
		return true;
	}

	/** Drops the in-memory document (after writeOut, or when it was deleted). */
	destroy(): void {
		if (this.destroyed) return;
		this.destroyed = true;
		this.clearIdle();
		this.options.clock.clearTimeout(this.versionTimer);
		this.options.clock.clearTimeout(this.retryTimer);
		this.options.clock.clearTimeout(this.editTimer);
		this.options.clock.clearTimeout(this.indexTimer);
		this.pending = [];
		const waiting = this.afterFlush;
		this.afterFlush = [];
		for (const callback of waiting) callback(false);
		this.awareness = null;
		this.doc.off('update', this.onUpdate);
		this.doc.destroy();
	}

	/**
	 * Calls `then` once no edit came for `idleMs`. One timer per quiet period rather than one per
	 * keystroke: when it fires early (edits came since), it is set again for the rest of the
	 * delay. `keep` holds the pending timer (null once it has fired).
	 */
	private afterQuiet(
		idleMs: number,
		delay: number,
		keep: (timer: unknown) => void,
		then: () => void
	): void {
		keep(
			this.options.clock.setTimeout(() => {
				keep(null);
				const quiet = this.options.clock.now() - this.lastEditAt;
				if (quiet < idleMs) this.afterQuiet(idleMs, idleMs - quiet, keep, then);
				else then();
			}, delay)
		);
	}

	private scheduleVersion(delay: number): void {
		this.afterQuiet(
			this.options.autoVersionIdleMs,
			delay,
			(timer) => (this.versionTimer = timer),
			() => {
				// Store first so the version never holds a change the log lacks.
				if (this.flush()) this.saveAutoVersion();
			}
		);
	}

	private scheduleIndex(): void {
		this.afterQuiet(
			this.options.searchIndexIdleMs,
			this.options.searchIndexIdleMs,
			(timer) => (this.indexTimer = timer),
			() => this.indexText()
		);
	}

	private scheduleIdle(): void {
		this.clearIdle();
		this.idleTimer = this.options.clock.setTimeout(() => {
			this.idleTimer = null;
			if (this.connections.size === 0) this.emit('idle');
		}, this.options.idleUnloadMs);
	}

	/** Called by the server when unloading failed: try again after another idle period. */
	retryIdle(): void {
		if (this.connections.size === 0) this.scheduleIdle();
	}

	private clearIdle(): void {
		if (this.idleTimer !== null) this.options.clock.clearTimeout(this.idleTimer);
		this.idleTimer = null;
	}
}
