// The server's side of the y-websocket wire protocol, so the stock WebsocketProvider talks to
// this server unchanged: decoding what clients send, encoding what they are sent. The message
// types, close codes and the frame layout are in src/lib/collab-wire.ts, shared with the browser.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
	AUTH_PERMISSION_DENIED,
	CloseCode,
	MESSAGE_AUTH,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	SYNC_STEP1,
	SYNC_STEP2,
	SYNC_UPDATE
} from '../../src/lib/collab-wire';
import { emptyFrame } from './broadcast-frame';
import { checkUpdate, UpdateLimitError, type UpdateLimits } from './update-check';

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
