import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { onAccessEnded, type AccessEnded } from '../../src/lib/server/auth/access-ended';
import {
	SESSION_COOKIE,
	sessionStillValid,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { CloseCode } from '../../src/lib/collab-wire';
import { config } from '../../src/lib/server/config';
import { getDb } from '../../src/lib/server/db';
import type { DocumentVersion } from '../../src/lib/server/db/schema';
import { registerLiveDocuments, type LiveDocuments } from '../../src/lib/server/documents/live';
import {
	compactDocument,
	documentAccess,
	documentsWithUpdates,
	documentStatus,
	getVersion,
	loadDocumentState,
	readStoredDocument,
	writeSnapshots,
	type NewSnapshot,
	saveVersion
} from '../../src/lib/server/documents/store';
import {
	DocumentQuarantinedError,
	isQuarantined,
	isQuarantineError,
	readingDocument
} from '../../src/lib/server/documents/quarantine';
import type { PersonErasure } from '../../src/lib/server/documents/person-erasure';
import { logger as processLogger } from '../../src/lib/server/logger';
import { startSearchBackfill } from '../../src/lib/server/search/document-index';
import { refuseUpgrade } from '../refuse-upgrade';
import { CollabConnection } from './collab-connection';
import { CollabDocument } from './collab-document';
import { AWARENESS_OUTDATED_MS, type AwarenessIdentity } from './awareness-states';
import { WalCheckpointer } from './wal-checkpointer';
import { resolveOptions, type CollabServerOptions, type ResolvedOptions } from './options';
import { checkStoredUpdates } from './update-check';
import { UpdateWriter } from './update-writer';

/** How long stop() waits for clients to answer the close handshake. */
const STOP_CLOSE_GRACE_MS = 1000;

/**
 * How often open sockets' sessions are read again for expiry: a session lives 30 days and slides
 * while used, so a minute late is nothing, and a few hundred sessions a minute cost nothing.
 */
export const SESSION_RECHECK_MS = 60_000;

export type CollabServerEvents = {
	/** A document was read from SQLite into memory. */
	'document-loaded': [documentId: string];
	/** A document was written out and dropped from memory. */
	'document-unloaded': [documentId: string];
	/** Pending updates of a document were appended to SQLite (and relayed). */
	flushed: [documentId: string];
	/** A document's updates were merged into a new snapshot. */
	compacted: [documentId: string];
	/** A client socket of the document closed (for whatever reason). */
	'connection-closed': [documentId: string];
	/** A version (automatic or named) was saved. */
	'version-saved': [documentId: string, version: DocumentVersion];
};

/** The document id in `/collab/<id>`, or null for any other path. */
export function documentIdFromPath(url: string | undefined): string | null {
	const path = (url ?? '').split('?')[0];
	const match = /^\/collab\/([^/]+)$/.exec(path);
	if (!match) return null;
	try {
		return decodeURIComponent(match[1]);
	} catch {
		// A malformed escape is just an unknown document.
		return null;
	}
}

function sessionToken(cookieHeader: string | undefined): string | null {
	if (!cookieHeader) return null;
	for (const part of cookieHeader.split(';')) {
		const eq = part.indexOf('=');
		if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE) {
			const value = part.slice(eq + 1).trim();
			return value === '' ? null : value;
		}
	}
	return null;
}

/**
 * The collaboration server: Yjs documents over the y-websocket protocol at /collab/<documentId>,
 * authenticated at the upgrade, persisted to SQLite before anything is relayed.
 */
export class CollabServer extends EventEmitter<CollabServerEvents> implements LiveDocuments {
	private readonly options: ResolvedOptions;
	private readonly log: Logger;
	private readonly wss: WebSocketServer;
	private readonly documents = new Map<string, CollabDocument>();
	private readonly loading = new Map<string, Promise<CollabDocument>>();
	private readonly sockets = new Set<WebSocket>();
	/** Every open connection, loaded document or not, for closing those whose access ended. */
	private readonly connections = new Set<CollabConnection>();
	private state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
	private unregister: (() => void) | null = null;
	private unsubscribeAccessEnded: (() => void) | null = null;
	/** The one writer of every document's updates to storage. */
	private readonly writer = new UpdateWriter();
	private awarenessSweep: unknown = null;
	private sessionSweep: unknown = null;
	private checkpointer: WalCheckpointer | null = null;
	private stopSearchBackfill: (() => void) | null = null;

	constructor(options: CollabServerOptions = {}) {
		super();
		this.options = resolveOptions(options);
		this.log = (options.logger ?? processLogger()).child({ module: 'collab' });
		this.wss = new WebSocketServer({
			noServer: true,
			maxPayload: this.options.maxMessageBytes,
			perMessageDeflate: false
		});
	}

	/** Starts taking connections and becomes the process's live document layer. */
	start(): void {
		if (this.state !== 'new') throw new Error('CollabServer.start() called twice');
		this.state = 'running';
		this.unregister = registerLiveDocuments(this);
		this.unsubscribeAccessEnded = onAccessEnded((ended) => this.closeEndedAccess(ended));
		this.compactLeftovers();
		// After the compaction, so documents left by a crash are read from one snapshot.
		this.stopSearchBackfill = startSearchBackfill(this.log);
		this.sweepAwareness();
		this.sweepExpiredSessions();
		this.checkpointInBackground();
	}

	private checkpointInBackground(): void {
		const path = config().databasePath;
		if (this.options.walCheckpointMs <= 0 || path === ':memory:') return;
		const db = getDb().$client;
		if (db.pragma('journal_mode', { simple: true }) !== 'wal') return;
		this.checkpointer = new WalCheckpointer(db, path, this.options.walCheckpointMs, this.log);
	}

	// One timer for every document's outdated awareness states, rather than one per document.
	private sweepAwareness(): void {
		this.awarenessSweep = this.options.clock.setTimeout(() => {
			if (this.state !== 'running') return;
			for (const document of this.documents.values()) document.removeOutdatedAwareness();
			this.sweepAwareness();
		}, AWARENESS_OUTDATED_MS / 10);
	}

	/**
	 * A session that expires ends unannounced (log-outs and removals are announced: closeEndedAccess):
	 * each connection's session is read again every so often, and a socket whose session has
	 * expired or gone closes, as the live-events stream does at its pings. One read per session.
	 */
	private sweepExpiredSessions(): void {
		this.sessionSweep = this.options.clock.setTimeout(() => {
			if (this.state !== 'running') return;
			const valid = new Map<string, boolean>();
			for (const connection of [...this.connections]) {
				const { sessionId, userId } = connection;
				let still = valid.get(sessionId);
				if (still === undefined) {
					// Sessions expire on the wall clock, whatever clock paces the sweep.
					still = sessionStillValid(sessionId, userId);
					valid.set(sessionId, still);
				}
				if (!still) connection.close(CloseCode.sessionEnded, 'session ended');
			}
			this.sweepExpiredSessions();
		}, SESSION_RECHECK_MS);
	}

	/**
	 * Folds updates left after the last snapshot by a crash into new snapshots, before anyone
	 * connects: document_updates has no index and must only hold the tail of loaded documents.
	 */
	private compactLeftovers(): void {
		for (const documentId of documentsWithUpdates()) {
			try {
				// Held to the depth limit of a client's update first: merged into a snapshot, a value
				// nested past it would be rewritten, and overflow whoever encodes it next.
				const stored = readStoredDocument(documentId);
				readingDocument(documentId, 'start-up check', () =>
					checkStoredUpdates(stored, this.options.updateLimits)
				);
				compactDocument(documentId);
			} catch (error) {
				// Quarantined (and logged once): left as stored, the other documents go on.
				if (isQuarantineError(error)) continue;
				// The updates stay stored and are replayed at load; only the compaction is postponed.
				this.log.error({ err: error, documentId }, 'collab start-up compaction failed');
			}
		}
	}

	/** Stops taking connections, writes every document out to SQLite and closes every socket. */
	async stop(): Promise<void> {
		if (this.state === 'stopping' || this.state === 'stopped') return;
		this.state = 'stopping';
		this.unregister?.();
		this.unsubscribeAccessEnded?.();
		this.stopSearchBackfill?.();
		this.options.clock.clearTimeout(this.awarenessSweep);
		this.options.clock.clearTimeout(this.sessionSweep);
		// Synchronous up to the first await, so a caller that closes the database right after
		// calling stop() (without awaiting) still finds everything written. Loads still in flight
		// see the state and give up before creating a document. Every document's updates and last
		// edit go in one transaction first; writeOut then has only versions and snapshots to do.
		this.writer.writeOut(this.documents.values());
		const snapshots: Array<[CollabDocument, NewSnapshot]> = [];
		for (const document of [...this.documents.values()]) {
			document.closeAll(CloseCode.goingAway, 'server stopping');
			if (!document.writeOut({ snapshot: false })) {
				// flush() has logged the cause; this says what it costs.
				this.log.error(
					{ documentId: document.id },
					'collab document could not be written at stop: its unstored updates are lost'
				);
			}
			const snapshot = document.snapshotToWrite();
			if (snapshot) snapshots.push([document, snapshot]);
		}
		// Every snapshot in one transaction: one commit instead of one per document, and the pages
		// the folded updates leave free are reused for the snapshots instead of growing the file.
		try {
			writeSnapshots(snapshots.map(([, snapshot]) => snapshot));
			for (const [document] of snapshots) document.snapshotWritten();
		} catch (error) {
			// The updates are all stored one by one: they are folded in at the next start.
			this.log.error({ err: error }, 'collab snapshots could not be written at stop');
		}
		for (const document of [...this.documents.values()]) {
			document.destroy();
			this.documents.delete(document.id);
		}
		// Sockets whose document was still loading belong to no document yet.
		for (const socket of this.sockets) {
			if (socket.readyState === socket.OPEN) socket.close(CloseCode.goingAway, 'server stopping');
		}
		// Give the closing handshakes a moment, then cut whatever is left.
		const open = [...this.sockets].filter((socket) => socket.readyState !== socket.CLOSED);
		if (open.length > 0) {
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				Promise.all(open.map((socket) => new Promise((done) => socket.once('close', done)))),
				new Promise((done) => (timer = setTimeout(done, STOP_CLOSE_GRACE_MS)))
			]);
			clearTimeout(timer);
		}
		this.writer.dispose();
		for (const socket of this.sockets) socket.terminate();
		this.sockets.clear();
		await Promise.allSettled(this.loading.values());
		await new Promise<void>((done) => this.wss.close(() => done()));
		await this.checkpointer?.stop();
		this.state = 'stopped';
	}

	/** Counts for health checks and benchmarks. */
	stats(): { documents: number; connections: number } {
		return { documents: this.documents.size, connections: this.sockets.size };
	}

	/** true when the document is loaded in memory. */
	isLoaded(documentId: string): boolean {
		return this.documents.has(documentId);
	}

	/**
	 * The upgrade handler for the router. Everything is decided from the request alone (origin,
	 * session cookie, membership) before the socket is upgraded or a single frame is read.
	 */
	handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
		try {
			if (this.state !== 'running') return refuseUpgrade(socket, 503, 'Service Unavailable');
			const documentId = documentIdFromPath(request.url);
			if (documentId === null) return refuseUpgrade(socket, 404, 'Not Found');
			if (!this.originAllowed(request)) return refuseUpgrade(socket, 403, 'Forbidden');
			const token = sessionToken(request.headers.cookie);
			const { user, session } = token ? validateSessionToken(token) : { user: null, session: null };
			if (!user) return refuseUpgrade(socket, 401, 'Unauthorized');
			const access = documentAccess(documentId, user.id);
			if (!access) return refuseUpgrade(socket, 404, 'Not Found');
			// Who this socket's awareness states say it is (awareness-states.ts), as the page does.
			const identity = { userId: user.id, name: user.name, house: access.homeHouseName };
			this.wss.handleUpgrade(request, socket, head, (ws) =>
				this.accept(ws, socket, { sessionId: session.id, identity }, documentId)
			);
		} catch (error) {
			this.log.error({ err: error, url: request.url }, 'collab upgrade failed');
			refuseUpgrade(socket, 500, 'Internal Server Error');
		}
	};

	/**
	 * Cross-site WebSocket hijacking: browsers send cookies with any page's socket, so a request
	 * from a browser (it always sends Origin) must come from our own origin.
	 */
	private originAllowed(request: IncomingMessage): boolean {
		const origin = request.headers.origin;
		if (origin === undefined) return true;
		const allowed =
			this.options.allowedOrigins ?? (config().origin ? [config().origin as string] : null);
		if (allowed) return allowed.includes(origin.replace(/\/$/, ''));
		try {
			return new URL(origin).host === request.headers.host;
		} catch {
			// Not a URL (e.g. "null" from a sandboxed frame): not our origin.
			return false;
		}
	}

	private accept(
		ws: WebSocket,
		raw: Duplex,
		signedIn: { sessionId: string; identity: AwarenessIdentity },
		documentId: string
	): void {
		if (this.state !== 'running') {
			ws.close(CloseCode.goingAway, 'server stopping');
			return;
		}
		this.sockets.add(ws);
		const connection = new CollabConnection(
			ws,
			raw,
			signedIn.identity,
			signedIn.sessionId,
			documentId,
			this.options,
			this.log
		);
		this.connections.add(connection);
		// After the connection's own listener, so the document already knows it is gone.
		ws.once('close', () => {
			this.sockets.delete(ws);
			this.connections.delete(connection);
			this.emit('connection-closed', documentId);
		});
		this.document(documentId).then(
			(document) => connection.attach(document),
			(error: unknown) => {
				if (this.state !== 'running') {
					connection.close(CloseCode.goingAway, 'server stopping');
					return;
				}
				if (isQuarantineError(error)) {
					// Logged once when it was quarantined; the editor shows it could not be opened.
					connection.close(CloseCode.documentUnreadable, 'document could not be opened');
					return;
				}
				this.log.error({ err: error, documentId }, 'collab document could not be loaded');
				connection.close(CloseCode.internalError, 'document could not be loaded');
			}
		);
	}

	/** The loaded document; concurrent callers share one load. */
	private document(documentId: string): Promise<CollabDocument> {
		const loaded = this.documents.get(documentId);
		if (loaded) return Promise.resolve(loaded);
		let loading = this.loading.get(documentId);
		if (!loading) {
			loading = this.load(documentId).finally(() => this.loading.delete(documentId));
			this.loading.set(documentId, loading);
		}
		return loading;
	}

	private async load(documentId: string): Promise<CollabDocument> {
		// Let the upgrade finish first; the read itself is synchronous (better-sqlite3).
		await Promise.resolve();
		if (this.state !== 'running') throw new Error('collab server is stopping');
		if (isQuarantined(documentId)) throw new DocumentQuarantinedError(documentId);
		const status = documentStatus(documentId);
		if (!status) throw new Error(`document ${documentId} does not exist`);
		const stored = readStoredDocument(documentId);
		const document = new CollabDocument(
			documentId,
			stored,
			status.archived,
			this.options,
			this.writer,
			this.log
		);
		this.listenTo(document);
		this.documents.set(documentId, document);
		this.emit('document-loaded', documentId);
		return document;
	}

	/** What the server does when one of its documents reports. */
	private listenTo(document: CollabDocument): void {
		document.on('stored', () => this.emit('flushed', document.id));
		document.on('version-saved', (version) => this.emit('version-saved', document.id, version));
		document.on('compacted', () => this.emit('compacted', document.id));
		document.on('idle', () => this.unload(document));
		document.on('deleted', () => this.drop(document, 'document deleted'));
		// After the current call (an unload, a flush, a reply) has unwound: it sees the document
		// unreadable and writes nothing of its content meanwhile.
		document.on('unreadable', () => queueMicrotask(() => this.setAside(document)));
	}

	private unload(document: CollabDocument): void {
		if (this.documents.get(document.id) !== document || document.connections.size > 0) return;
		if (!document.writeOut()) {
			document.retryIdle();
			return;
		}
		document.destroy();
		this.documents.delete(document.id);
		this.emit('document-unloaded', document.id);
	}

	/**
	 * A loaded document whose content could not be encoded (it is quarantined): the updates it
	 * received are appended as they came, its clients are told it could not be opened, and it
	 * leaves memory without a snapshot or version of it being written.
	 */
	private setAside(document: CollabDocument): void {
		if (this.documents.get(document.id) !== document) return;
		if (!document.flush(true)) {
			// flush() has logged the cause; this says what it costs.
			this.log.error(
				{ documentId: document.id },
				'quarantined collab document could not be written: its unstored updates are lost'
			);
		}
		document.closeAll(CloseCode.documentUnreadable, 'document could not be opened');
		document.destroy();
		this.documents.delete(document.id);
		this.emit('document-unloaded', document.id);
	}

	private drop(document: CollabDocument, reason: string): void {
		document.closeAll(CloseCode.documentDeleted, reason);
		document.destroy();
		if (this.documents.get(document.id) === document) this.documents.delete(document.id);
		this.emit('document-unloaded', document.id);
	}

	// ——— LiveDocuments: what the app calls through src/lib/server/documents/live.ts ———

	async documentState(documentId: string): Promise<Uint8Array> {
		const loaded = this.documents.get(documentId);
		if (loaded) return loaded.state('read');
		return loadDocumentState(documentId).state;
	}

	async createNamedVersion(
		documentId: string,
		name: string,
		userId: string
	): Promise<DocumentVersion> {
		const loaded = this.documents.get(documentId);
		if (loaded) return loaded.saveNamedVersion(name, userId);
		const { state } = loadDocumentState(documentId);
		const version = saveVersion(documentId, { kind: 'named', name, state, createdBy: userId });
		this.emit('version-saved', documentId, version);
		return version;
	}

	async restoreVersion(documentId: string, versionId: string, userId: string): Promise<boolean> {
		const version = getVersion(documentId, versionId);
		if (!version) return false;
		const document = await this.document(documentId);
		// Keep what is being replaced in history when it is not there yet.
		document.keepCurrentInHistory();
		await document.restore(version, userId);
		return true;
	}

	documentAccessChanged(documentId: string): void {
		const document = this.documents.get(documentId);
		if (!document) return;
		const status = documentStatus(documentId);
		if (!status) this.drop(document, 'document deleted');
		else {
			// Archived: the sockets close and reconnect into the read-only handshake, as they do
			// when it is unarchived, rather than being told and left open.
			if (status.archived) document.closeAll(CloseCode.accessChanged, 'document archived');
			document.setReadOnly(status.archived);
		}
	}

	/**
	 * Closes the sockets opened with ended sessions, or of someone no longer allowed in their
	 * documents (checked again per socket, so a document of another company stays open).
	 */
	private closeEndedAccess(ended: AccessEnded): void {
		// A company leaving a house keeps its documents.
		if (ended.kind === 'house') return;
		for (const connection of [...this.connections]) {
			if (connection.userId !== ended.userId) continue;
			if (ended.kind === 'sessions') {
				if (ended.sessionIds.has(connection.sessionId)) {
					connection.close(CloseCode.sessionEnded, 'session ended');
				}
			} else if (!documentAccess(connection.documentId, connection.userId)) {
				connection.close(CloseCode.accessRevoked, 'no longer a member');
			}
		}
	}

	erasePerson(documentId: string, erasure: PersonErasure, rewriteStored: boolean): boolean {
		const document = this.documents.get(documentId);
		if (!document) return false;
		document.erasePerson(erasure, rewriteStored);
		return true;
	}

	async applyServerUpdate(
		documentId: string,
		update: Uint8Array,
		userId: string | null
	): Promise<void> {
		const document = await this.document(documentId);
		await document.applyServerUpdate(update, userId);
	}
}
