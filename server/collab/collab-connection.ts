import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import { CloseCode } from '../../src/lib/collab-wire';
import { binaryFrame } from './broadcast-frame';
import type { ResolvedOptions } from './options';
import type { AwarenessIdentity } from './awareness-states';
import { decodeClientMessage, ProtocolError, type ClientMessage } from './protocol';

/**
 * The origin of the Yjs transactions that apply what a client sent: its changes are stored under
 * `userId` and relayed to every connection but `connection`. One per connection, made once.
 */
export type ClientOrigin = {
	readonly kind: 'client';
	readonly userId: string;
	readonly connection: CollabConnection;
};

/** What a connection needs of the document it is attached to (a CollabDocument). */
export interface ConnectionDocument {
	addConnection(connection: CollabConnection): void;
	removeConnection(connection: CollabConnection): void;
	/** Handles one decoded message from `connection`; what it throws closes the connection (1011). */
	receive(connection: CollabConnection, message: ClientMessage): void;
}

/**
 * One client socket on one document. Frames that arrive before the document is loaded wait in a
 * capped queue; afterwards each frame is rate-limited, decoded and handed to the document.
 */
export class CollabConnection {
	/** Awareness client ids this socket gave a state (at most maxAwarenessStates), removed when it goes. */
	readonly awarenessClients = new Set<number>();
	/** The user authenticated at the upgrade. */
	readonly userId: string;
	/** The origin of this client's changes in its document. */
	readonly origin: ClientOrigin;
	private document: ConnectionDocument | null = null;
	private queue: Buffer[] | null = [];
	private queuedBytes = 0;
	private tokens: number;
	private refilledAt: number;
	private closed = false;

	constructor(
		private readonly socket: WebSocket,
		/**
		 * The upgraded TCP socket under `socket`, for frames prepared once for many recipients
		 * (see sendFrame).
		 */
		private readonly raw: Duplex,
		/**
		 * The user authenticated at the upgrade (their changes are stored under their id), as the
		 * awareness states this socket gives name them.
		 */
		readonly identity: AwarenessIdentity,
		/** The session the upgrade was authenticated with: ending it closes this socket. */
		readonly sessionId: string,
		readonly documentId: string,
		private readonly options: ResolvedOptions,
		private readonly log: Logger
	) {
		this.userId = identity.userId;
		this.origin = { kind: 'client', userId: identity.userId, connection: this };
		this.tokens = options.rateLimitBurst;
		this.refilledAt = options.clock.now();
		socket.on('message', (data, isBinary) => this.receive(data, isBinary));
		socket.on('close', () => this.detach());
		// `ws` closes the socket itself after a protocol error (bad framing, too big): say why.
		socket.on('error', (error) =>
			this.log.debug({ err: error, documentId }, 'collab socket error')
		);
	}

	get isOpen(): boolean {
		return !this.closed && this.socket.readyState === this.socket.OPEN;
	}

	/** Binds the connection to its loaded document and replays what it sent while loading. */
	attach(document: ConnectionDocument): void {
		if (this.closed) return;
		this.document = document;
		document.addConnection(this);
		const queued = this.queue ?? [];
		this.queue = null;
		this.queuedBytes = 0;
		for (const frame of queued) {
			if (this.closed) break;
			this.handle(frame);
		}
	}

	/** Sends one message to this client alone (see sendFrame for a message to many). */
	send(message: Uint8Array): void {
		this.sendFrame(binaryFrame(message));
	}

	/**
	 * Writes a frame built by `binaryFrame` straight to the TCP socket. Safe beside `ws`'s own
	 * writes because `ws` only ever queues frames while compressing or reading a Blob, and this
	 * server uses neither (perMessageDeflate off, Buffers only): every write is a whole frame,
	 * made synchronously, so frames never interleave. Nothing is written once the closing
	 * handshake has begun.
	 */
	sendFrame(frame: Buffer): void {
		if (!this.isOpen) return;
		if (this.socket.bufferedAmount > this.options.maxOutgoingBufferBytes) {
			this.close(CloseCode.tryAgainLater, 'client does not keep up');
			return;
		}
		this.raw.write(frame);
	}

	close(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		this.socket.close(code, reason);
		// A client that never answers the closing handshake must not hold the socket forever.
		const socket = this.socket;
		this.options.clock.setTimeout(() => socket.terminate(), 5_000);
		this.detach();
	}

	private detach(): void {
		this.closed = true;
		this.queue = null;
		const document = this.document;
		this.document = null;
		document?.removeConnection(this);
	}

	private receive(data: WebSocket.RawData, isBinary: boolean): void {
		if (this.closed) return;
		if (!isBinary) {
			this.close(CloseCode.unsupportedData, 'text frames are not part of the protocol');
			return;
		}
		const frame = Array.isArray(data)
			? Buffer.concat(data)
			: Buffer.isBuffer(data)
				? data
				: Buffer.from(data);
		if (!this.takeToken()) {
			this.close(CloseCode.policyViolation, 'rate limit exceeded');
			return;
		}
		if (this.queue) {
			this.queuedBytes += frame.byteLength;
			if (
				this.queue.length >= this.options.preloadBufferMessages ||
				this.queuedBytes > this.options.preloadBufferBytes
			) {
				this.close(CloseCode.policyViolation, 'too much sent before the document was ready');
				return;
			}
			this.queue.push(frame);
			return;
		}
		this.handle(frame);
	}

	private handle(frame: Uint8Array): void {
		const document = this.document;
		if (!document) return;
		try {
			document.receive(this, decodeClientMessage(frame, this.options.updateLimits));
		} catch (error) {
			if (error instanceof ProtocolError) {
				this.log.debug({ documentId: this.documentId, reason: error.message }, 'bad collab frame');
				this.close(error.code, error.message);
				return;
			}
			this.log.error({ err: error, documentId: this.documentId }, 'collab message failed');
			this.close(CloseCode.internalError, 'internal error');
		}
	}

	private takeToken(): boolean {
		const now = this.options.clock.now();
		const elapsed = Math.max(0, now - this.refilledAt) / 1000;
		this.refilledAt = now;
		this.tokens = Math.min(
			this.options.rateLimitBurst,
			this.tokens + elapsed * this.options.rateLimitPerSecond
		);
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}
