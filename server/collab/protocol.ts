// The y-websocket wire protocol (y-protocols sync, awareness and auth messages), so the stock
// WebsocketProvider talks to this server unchanged. Every frame is one message:
//   [messageType: varUint, ...payload]
//   sync (0):            [0, step1 (0) | step2 (1) | update (2), varUint8Array]
//   awareness (1):       [1, varUint8Array (an awareness update)]
//   auth (2):            [2, permissionDenied (0), varString reason]      (server → client only)
//   query awareness (3): [3]
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { emptyFrame } from './broadcast-frame';
import { checkUpdate, UpdateLimitError, type UpdateLimits } from './update-check';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
const AUTH_PERMISSION_DENIED = 0;

/**
 * The reason of the auth "permission denied" message sent to clients of an archived document.
 * y-websocket's client only logs it and stays connected and in sync (it keeps receiving
 * changes); the editor can replace `provider.messageHandlers[2]` to turn it into a read-only
 * state. A connection open when the document is archived or unarchived is closed with
 * CloseCode.accessChanged, so the client reconnects and learns its new rights from the fresh
 * handshake: the rights of a socket are only ever those of its handshake.
 */
export const READ_ONLY_REASON = 'read-only';

/** Close codes. 4400–4499 tell y-websocket not to reconnect; the others let it retry. */
export const CloseCode = {
	/** The server is stopping (standard "going away"); clients reconnect later. */
	goingAway: 1001,
	/** A text frame or an unknown message type. */
	unsupportedData: 1003,
	/**
	 * A frame that does not decode as a y-websocket message or a valid Yjs update, or an update
	 * past the nesting and value limits (maxUpdateDepth, maxUpdateValues).
	 */
	invalidPayload: 1007,
	/** Rate limit, pre-load buffer or awareness states per connection exceeded. */
	policyViolation: 1008,
	/** A frame larger than the maximum message size (sent by `ws` itself), or a too large awareness update. */
	messageTooBig: 1009,
	/** An unexpected server error while handling this connection. */
	internalError: 1011,
	/** The client does not read what it is sent (its outgoing buffer passed the cap). */
	tryAgainLater: 1013,
	/** The document was archived or unarchived: reconnect to learn the new rights. */
	accessChanged: 4001,
	/**
	 * The document's stored content could not be read: it is quarantined (kept as stored, see
	 * src/lib/server/documents/quarantine.ts); do not reconnect.
	 */
	documentUnreadable: 4422,
	/** The session the socket was opened with has ended (log-out, password change); do not reconnect. */
	sessionEnded: 4401,
	/** The person is no longer a member of the document's company; do not reconnect. */
	accessRevoked: 4403,
	/** The document was deleted; do not reconnect. */
	documentDeleted: 4404
} as const;

/** A frame that is not a well-formed message; the connection is closed with `code`. */
export class ProtocolError extends Error {
	constructor(
		readonly code: number,
		message: string
	) {
		super(message);
		this.name = 'ProtocolError';
	}
}

export type ClientMessage =
	| { type: 'sync-step1'; stateVector: Uint8Array }
	| { type: 'sync-step2'; update: Uint8Array }
	| { type: 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' };

/**
 * Decodes one frame from a client and checks its payload (a Yjs update must decode as Yjs would
 * decode it and stay within `limits`, so a malformed or poisonous one never reaches a document or
 * storage). Throws a ProtocolError otherwise.
 */
export function decodeClientMessage(frame: Uint8Array, limits: UpdateLimits): ClientMessage {
	try {
		const decoder = decoding.createDecoder(frame);
		const messageType = decoding.readVarUint(decoder);
		switch (messageType) {
			case MESSAGE_SYNC: {
				const step = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (step === SYNC_STEP1) {
					Y.decodeStateVector(payload);
					return { type: 'sync-step1', stateVector: payload };
				}
				if (step === SYNC_STEP2 || step === SYNC_UPDATE) {
					checkUpdate(payload, limits);
					return { type: step === SYNC_STEP2 ? 'sync-step2' : 'update', update: payload };
				}
				throw new ProtocolError(CloseCode.unsupportedData, `unknown sync step ${step}`);
			}
			case MESSAGE_AWARENESS:
				// The awareness update itself is decoded when applied (it carries JSON states).
				return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
			case MESSAGE_QUERY_AWARENESS:
				return { type: 'query-awareness' };
			default:
				throw new ProtocolError(CloseCode.unsupportedData, `unknown message type ${messageType}`);
		}
	} catch (error) {
		if (error instanceof ProtocolError) throw error;
		if (error instanceof UpdateLimitError) {
			throw new ProtocolError(CloseCode.invalidPayload, error.message);
		}
		throw new ProtocolError(CloseCode.invalidPayload, 'malformed message');
	}
}

// A Buffer view of the bytes: `ws` sends a Buffer as is, but wraps any other Uint8Array in a new
// one on every send, and a relayed update is sent to every other client of its document.
function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	const bytes = encoding.toUint8Array(encoder);
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		encoding.writeVarUint(e, SYNC_STEP1);
		encoding.writeVarUint8Array(e, stateVector);
	});

export const encodeSyncStep2 = (update: Uint8Array): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		encoding.writeVarUint(e, SYNC_STEP2);
		encoding.writeVarUint8Array(e, update);
	});

/** Bytes of `value` as a lib0 varUint (7 bits a byte). */
function varUintLength(value: number): number {
	let bytes = 1;
	while (value >= 0x80) {
		value = Math.floor(value / 0x80);
		bytes++;
	}
	return bytes;
}

/**
 * The WebSocket frame of a sync "update" message carrying `update`, built in one buffer: every
 * change a client makes goes out this way to everyone else, so it skips an encoder and a copy.
 */
export function updateFrame(update: Uint8Array): Buffer {
	const length = update.byteLength;
	const { frame, offset } = emptyFrame(2 + varUintLength(length) + length);
	let at = offset;
	frame[at++] = MESSAGE_SYNC;
	frame[at++] = SYNC_UPDATE;
	let rest = length;
	while (rest >= 0x80) {
		frame[at++] = 0x80 | (rest & 0x7f);
		rest = Math.floor(rest / 0x80);
	}
	frame[at++] = rest;
	frame.set(update, at);
	return frame;
}

export const encodeAwareness = (update: Uint8Array): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(e, update);
	});

export const encodePermissionDenied = (reason: string): Uint8Array =>
	message((e) => {
		encoding.writeVarUint(e, MESSAGE_AUTH);
		encoding.writeVarUint(e, AUTH_PERMISSION_DENIED);
		encoding.writeVarString(e, reason);
	});
