// The truth behind the sync indicator. y-websocket has no acknowledgement, so we ask the server
// for one: a SyncStep1 sent after our changes is answered (SyncStep2) only once everything the
// server received before it is stored in SQLite (server/collab answers step 1 after its flush).
// Local changes are counted until such an answer covers them; the count survives a reload
// (localStorage), like the changes themselves (IndexedDB).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { writeSyncStep1 } from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import {
	AUTH_PERMISSION_DENIED,
	CloseCode,
	MESSAGE_AUTH,
	MESSAGE_SYNC,
	SYNC_STEP1,
	SYNC_STEP2
} from '$lib/collab-wire';
import { pendingKey } from '$lib/document-copies';

/** Quiet time after a burst of typing before asking the server whether it has stored it. */
const PROBE_DELAY_MS = 300;
/** How often a socket that cannot get back in asks the server whether access has ended. */
const ACCESS_CHECK_MS = 10_000;

/** Someone in the document now, from awareness. */
export type Peer = {
	clientId: number;
	name: string;
	color: string;
	house: string | null;
	self: boolean;
};

export type SyncSnapshot = {
	/** The socket is open. */
	connected: boolean;
	/** A connection has closed (or failed) at least once: not merely "still connecting". */
	everDisconnected: boolean;
	/** The first exchange of this connection is done (both sides sent what the other lacked). */
	handshakeDone: boolean;
	/** Local changes the server has not confirmed storing yet. */
	pending: number;
	/** The server refuses our changes (archived document). */
	refused: boolean;
	/** The document was deleted while open. */
	deleted: boolean;
	/** The server could not read the document's stored content and refuses it (quarantined). */
	unreadable: boolean;
	/** Access ended while open: this session was signed out, or the person left the company. */
	accessEnded: 'signedOut' | 'removed' | null;
	/**
	 * The server closed the socket on a frame over its limit. What this device sends next holds
	 * the same change, so every reconnection would be closed again: no more attempts.
	 */
	tooLarge: boolean;
	/**
	 * The server itself said the document is gone for this person (deleted, or they left its
	 * company: close codes 4404, 4403), so this device's copy of it is of no more use. Not set from
	 * the access check after a dropped socket, whose 404 a proxy could give too.
	 */
	copyObsolete: boolean;
};

type Handler = (
	encoder: encoding.Encoder,
	decoder: decoding.Decoder,
	provider: WebsocketProvider,
	emitSynced: boolean,
	messageType: number
) => void;

function storedPending(key: string): number {
	try {
		return Number(localStorage.getItem(key)) || 0;
	} catch {
		// Storage disabled (privacy settings): the count then lives in memory only, as documented.
		return 0;
	}
}

/**
 * Watches `provider` and `doc` and calls `onChange` with a new snapshot whenever the sync state
 * changes. Returns a function that stops watching.
 */
export function watchSync(
	provider: WebsocketProvider,
	doc: Y.Doc,
	options: {
		documentId: string;
		/** Transaction origins that are not the person's edits (the IndexedDB copy loading). */
		ignoreOrigins: unknown[];
		initiallyRefused: boolean;
		onChange: (snapshot: SyncSnapshot) => void;
		/** Where to ask whether the person may still open the document (`…/access`). */
		accessUrl?: string;
	}
): () => void {
	const storageKey = pendingKey(options.documentId);
	const state: SyncSnapshot = {
		connected: provider.wsconnected,
		everDisconnected: false,
		handshakeDone: false,
		pending: storedPending(storageKey),
		refused: options.initiallyRefused,
		deleted: false,
		unreadable: false,
		accessEnded: null,
		tooLarge: false,
		copyObsolete: false
	};
	// pending = unprobed + sum(inFlight): changes not asked about yet, and those each probe covers.
	let unprobed = state.pending;
	let inFlight: number[] = [];
	let gotStep1 = false;
	let step2Count = 0;
	let probeTimer: ReturnType<typeof setTimeout> | undefined;

	const emit = () => options.onChange({ ...state });
	const setPending = (value: number) => {
		state.pending = Math.max(0, value);
		try {
			if (state.pending === 0) localStorage.removeItem(storageKey);
			else localStorage.setItem(storageKey, String(state.pending));
		} catch {
			// See storedPending: memory only.
		}
	};

	const sendProbe = () => {
		probeTimer = undefined;
		const socket = provider.ws;
		if (!state.handshakeDone || !socket || socket.readyState !== WebSocket.OPEN) return;
		inFlight.push(unprobed);
		unprobed = 0;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		writeSyncStep1(encoder, doc);
		socket.send(encoding.toUint8Array(encoder));
	};
	const scheduleProbe = () => {
		clearTimeout(probeTimer);
		probeTimer = setTimeout(sendProbe, PROBE_DELAY_MS);
	};

	const resetConnection = () => {
		unprobed += inFlight.reduce((sum, n) => sum + n, 0);
		inFlight = [];
		gotStep1 = false;
		step2Count = 0;
		state.handshakeDone = false;
	};

	const originalSync = provider.messageHandlers[MESSAGE_SYNC] as Handler;
	provider.messageHandlers[MESSAGE_SYNC] = ((encoder, decoder, prov, emitSynced, type) => {
		const syncType = decoding.readVarUint(decoding.clone(decoder));
		originalSync(encoder, decoder, prov, emitSynced, type);
		if (syncType === SYNC_STEP1) {
			// Only a writable document asks for our changes: rights are fresh on each connection.
			gotStep1 = true;
			state.refused = false;
		} else if (syncType === SYNC_STEP2) {
			step2Count += 1;
			// The first step 2 answers the provider's own step 1; later ones answer our probes.
			if (step2Count > 1) setPending(state.pending - (inFlight.shift() ?? 0));
		}
		if (!state.handshakeDone && gotStep1 && step2Count >= 1) {
			state.handshakeDone = true;
			// After the provider has sent its reply (our offline changes) to the server's step 1.
			setTimeout(sendProbe, 0);
		}
		emit();
	}) as Handler;

	const originalAuth = provider.messageHandlers[MESSAGE_AUTH] as Handler;
	provider.messageHandlers[MESSAGE_AUTH] = ((encoder, decoder, prov, emitSynced, type) => {
		const kind = decoding.readVarUint(decoding.clone(decoder));
		if (kind === AUTH_PERMISSION_DENIED) {
			state.refused = true;
			emit();
			return;
		}
		originalAuth(encoder, decoder, prov, emitSynced, type);
	}) as Handler;

	const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
		const connected = status === 'connected';
		if (connected !== state.connected) resetConnection();
		if (status === 'disconnected') state.everDisconnected = true;
		state.connected = connected;
		emit();
	};
	// A refused reconnection is no close code, only a dropped socket: ask the server why, at most
	// once a while and only while the browser thinks it is online (else it is just offline).
	let askedAt = -Infinity;
	const askWhyRefused = async () => {
		if (!options.accessUrl || state.accessEnded || state.deleted) return;
		if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
		const now = Date.now();
		if (now - askedAt < ACCESS_CHECK_MS) return;
		askedAt = now;
		let status: number;
		try {
			status = (await fetch(options.accessUrl, { cache: 'no-store' })).status;
		} catch {
			return; // No answer: offline after all.
		}
		if (status !== 401 && status !== 404 && status !== 403) return;
		state.accessEnded = status === 401 ? 'signedOut' : 'removed';
		// As after the close codes that stop y-websocket: no more attempts.
		provider.disconnect();
		emit();
	};
	const onClose = (event: CloseEvent | null) => {
		state.everDisconnected = true;
		if (!state.handshakeDone && (event === null || event.code === 1006)) void askWhyRefused();
		// The codes after which y-websocket stops reconnecting (see CloseCode), each with its notice.
		if (event?.code === CloseCode.documentDeleted) state.deleted = true;
		if (event?.code === CloseCode.documentUnreadable) state.unreadable = true;
		if (event?.code === CloseCode.sessionEnded) state.accessEnded = 'signedOut';
		if (event?.code === CloseCode.accessRevoked) state.accessEnded = 'removed';
		if (event?.code === CloseCode.documentDeleted || event?.code === CloseCode.accessRevoked) {
			state.copyObsolete = true;
		}
		if (event?.code === CloseCode.messageTooBig) {
			state.tooLarge = true;
			provider.disconnect();
		}
		emit();
	};
	const onUpdate = (_update: Uint8Array, origin: unknown) => {
		if (origin === provider || options.ignoreOrigins.includes(origin)) return;
		setPending(state.pending + 1);
		unprobed += 1;
		if (state.handshakeDone) scheduleProbe();
		emit();
	};

	provider.on('status', onStatus);
	provider.on('connection-close', onClose);
	const onError = () => onClose(null);
	provider.on('connection-error', onError);
	doc.on('update', onUpdate);
	emit();

	return () => {
		clearTimeout(probeTimer);
		provider.off('status', onStatus);
		provider.off('connection-close', onClose);
		provider.off('connection-error', onError);
		doc.off('update', onUpdate);
		provider.messageHandlers[MESSAGE_SYNC] = originalSync;
		provider.messageHandlers[MESSAGE_AUTH] = originalAuth;
	};
}
