// A lean collaboration client for the benchmark: one real Y.Doc over a bare `ws` socket, speaking
// y-protocols sync (and one awareness announcement) in either the y-websocket framing or the
// Hocuspocus framing (every message prefixed with the document name). A WebsocketProvider per
// client would cost a timer set and an Awareness instance each, which 1,000 clients on two cores
// cannot afford without skewing the servers' figures.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * How a server frames messages. `relay` is y-websocket framing with no handshake: the relay
 * answers nothing, so a client counts as ready once its socket is open.
 */
export type Framing = 'y-websocket' | 'hocuspocus' | 'relay';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
/** Hocuspocus only: authentication, and its "sync reply" (a sync message that wants no step 1). */
const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_SYNC_REPLY = 4;
const HOCUSPOCUS_AUTH_TOKEN = 0;
const HOCUSPOCUS_AUTH_PERMISSION_DENIED = 1;
const HOCUSPOCUS_AUTH_AUTHENTICATED = 2;

/** The shared type every client writes to and observes; one item per benchmark update. */
export const BENCH_ARRAY = 'bench';

/**
 * Called for every item a receiving client sees arrive: the writer's sequence number and stamp,
 * and when the frame carrying it was read from the socket (before this client decoded it), both
 * in microseconds on the benchmark clock (see nowMicros).
 */
export type ItemListener = (seq: number, sentAtMicros: number, arrivedAtMicros: number) => void;

export type ClientOptions = {
	/** ws://127.0.0.1:<port><path> */
	url: string;
	/** Document name (the Hocuspocus framing repeats it in every message). */
	room: string;
	framing: Framing;
	/** Extra upgrade headers (Hameau's session cookie). */
	headers?: Record<string, string>;
	/** How long connecting plus the initial sync may take. */
	timeoutMs: number;
	onItem?: ItemListener;
};

const clientOrigin = Symbol('bench-client');

export class BenchClient {
	readonly doc = new Y.Doc();
	/** Yjs update bytes this client sent (the payload, without protocol framing). */
	updateBytesSent = 0;
	updatesSent = 0;
	private readonly socket: WebSocket;
	private readonly prefix: Uint8Array;
	private readonly ready: Promise<void>;
	private closed = false;
	/** When the frame being handled was read from the socket (benchmark clock, µs). */
	private arrivedAt = 0;
	/** Frames read while held (see hold()), with their arrival, not yet decoded. */
	private held: Array<{ data: Buffer; arrivedAt: number }> | null = null;
	private settle: (error?: Error) => void = () => undefined;

	constructor(private readonly options: ClientOptions) {
		const prefixEncoder = encoding.createEncoder();
		if (options.framing === 'hocuspocus') encoding.writeVarString(prefixEncoder, options.room);
		this.prefix = encoding.toUint8Array(prefixEncoder);

		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === clientOrigin) return;
			this.updateBytesSent += update.length;
			this.updatesSent++;
			this.send((encoder) => {
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				syncProtocol.writeUpdate(encoder, update);
			});
		});
		const onItem = options.onItem;
		if (onItem) {
			// The writer only appends, so new items are the tail. Reading the tail avoids computing
			// `event.changes`, which would make the clients, not the servers, the bottleneck.
			const items = this.doc.getArray<[number, number]>(BENCH_ARRAY);
			let seen = 0;
			items.observe(() => {
				for (const item of items.slice(seen)) onItem(item[0], item[1], this.arrivedAt);
				seen = items.length;
			});
		}

		this.socket = new WebSocket(options.url, {
			headers: options.headers,
			perMessageDeflate: false,
			handshakeTimeout: options.timeoutMs
		});
		this.socket.binaryType = 'nodebuffer';
		this.ready = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no sync within ${options.timeoutMs} ms`)),
				options.timeoutMs
			);
			const settle = (error?: Error) => {
				clearTimeout(timer);
				if (error) reject(error);
				else resolve();
			};
			this.socket.once('unexpected-response', (_request, response) =>
				settle(new Error(`upgrade refused: HTTP ${response.statusCode}`))
			);
			this.socket.once('error', (error) => settle(error));
			this.socket.once('close', (code, reason) =>
				settle(new Error(`closed before sync: ${code} ${reason.toString()}`))
			);
			this.socket.once('open', () => {
				if (options.framing === 'relay') settle();
				else this.handshake();
			});
			this.settle = settle;
			this.socket.on('message', (data: Buffer) => {
				// Stamped before any decoding: the latency is the server's and the wire's, not the
				// time this client's Yjs takes to integrate the update.
				const arrivedAt = nowMicros();
				if (this.held) this.held.push({ data, arrivedAt });
				else this.handle(data, arrivedAt);
			});
		});
		// Connection failures are reported through whenReady(); this keeps them from being unhandled.
		this.ready.catch(() => undefined);
	}

	/** Resolves once the initial sync is done (or the socket is open, for the relay). */
	whenReady(): Promise<void> {
		return this.ready;
	}

	/** Appends one benchmark item `[seq, sent at]`, stamped now; the update is sent at once. */
	write(seq: number): void {
		this.doc.getArray<[number, number]>(BENCH_ARRAY).push([[seq, nowMicros()]]);
	}

	/**
	 * From now on, frames are only stamped and kept, not decoded, so that a thread running many
	 * clients reads every frame as it comes instead of queueing reads behind Yjs work.
	 */
	hold(): void {
		this.held ??= [];
	}

	/** Frames held so far. */
	get heldFrames(): number {
		return this.held?.length ?? 0;
	}

	/** Decodes the held frames in order, with their arrival stamps, and stops holding. */
	release(): void {
		const held = this.held ?? [];
		this.held = null;
		for (const { data, arrivedAt } of held) this.handle(data, arrivedAt);
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.socket.terminate();
		this.doc.destroy();
	}

	private handle(data: Buffer, arrivedAt: number): void {
		if (this.closed) return;
		this.arrivedAt = arrivedAt;
		try {
			this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), this.settle);
		} catch (error) {
			// A frame this client cannot read is a benchmark failure: report it, stop this client.
			console.error(`bench client (${this.options.framing}):`, error);
			this.close();
		}
	}

	private handshake(): void {
		if (this.options.framing === 'hocuspocus') {
			// Hocuspocus queues everything until the per-document auth message; the token may be empty.
			this.send((encoder) => {
				encoding.writeVarUint(encoder, HOCUSPOCUS_AUTH);
				encoding.writeVarUint(encoder, HOCUSPOCUS_AUTH_TOKEN);
				encoding.writeVarString(encoder, '');
			});
			return;
		}
		this.startSync();
	}

	/** Sync step 1 plus one awareness state, as a provider sends on connect. */
	private startSync(): void {
		this.send((encoder) => {
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeSyncStep1(encoder, this.doc);
		});
		const awareness = new awarenessProtocol.Awareness(this.doc);
		awareness.setLocalState({ user: { name: `bench ${this.doc.clientID}` } });
		const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [this.doc.clientID]);
		// The Awareness instance is only an encoder here: its renewal timer must not keep running.
		awareness.destroy();
		this.send((encoder) => {
			encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
			encoding.writeVarUint8Array(encoder, update);
		});
	}

	private receive(data: Uint8Array, settle: (error?: Error) => void): void {
		const decoder = decoding.createDecoder(data);
		if (this.options.framing === 'hocuspocus') decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE_SYNC:
			case HOCUSPOCUS_SYNC_REPLY: {
				const encoder = encoding.createEncoder();
				encoding.writeUint8Array(encoder, this.prefix);
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				const before = encoding.length(encoder);
				const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, clientOrigin);
				if (encoding.length(encoder) > before) this.sendRaw(encoding.toUint8Array(encoder));
				if (syncType === syncProtocol.messageYjsSyncStep2) settle();
				break;
			}
			case HOCUSPOCUS_AUTH:
				if (this.options.framing !== 'hocuspocus') break;
				switch (decoding.readVarUint(decoder)) {
					case HOCUSPOCUS_AUTH_AUTHENTICATED:
						this.startSync();
						break;
					case HOCUSPOCUS_AUTH_PERMISSION_DENIED:
						settle(new Error(`permission denied: ${decoding.readVarString(decoder)}`));
						break;
				}
				break;
			default:
				// Awareness from others, Hocuspocus sync-status acks: nothing a benchmark client needs.
				break;
		}
	}

	private send(write: (encoder: encoding.Encoder) => void): void {
		const encoder = encoding.createEncoder();
		encoding.writeUint8Array(encoder, this.prefix);
		write(encoder);
		this.sendRaw(encoding.toUint8Array(encoder));
	}

	private sendRaw(message: Uint8Array): void {
		if (this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
	}
}

let clockBase = process.hrtime.bigint();

/**
 * The benchmark clock: microseconds of the system's monotonic clock (process.hrtime) since a base,
 * small enough for a Yjs varint. Every thread and process of the machine reads that clock alike,
 * so a stamp a writer takes in one thread compares with one a receiver takes in another, provided
 * both share the base (see clockBaseOf / useClockBase).
 */
export function nowMicros(): number {
	return Number((process.hrtime.bigint() - clockBase) / 1000n);
}

/** This thread's clock base, to hand to the threads whose stamps must compare with its own. */
export function clockBaseOf(): string {
	return clockBase.toString();
}

/** Adopts another thread's clock base (from clockBaseOf). */
export function useClockBase(base: string): void {
	clockBase = BigInt(base);
}

/** How many clients connect at once. */
export const CONNECT_CONCURRENCY = 50;

export type Connected = { clients: BenchClient[]; failures: number; firstError: string | null };

/** Opens clients `concurrency` at a time; a client that fails to sync is closed and counted. */
export async function connectAll(
	count: number,
	create: (index: number) => BenchClient,
	concurrency = CONNECT_CONCURRENCY
): Promise<Connected & { byIndex: Array<BenchClient | null> }> {
	const byIndex: Array<BenchClient | null> = new Array(count).fill(null);
	let next = 0;
	let failures = 0;
	let firstError: string | null = null;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			const client = create(index);
			try {
				await client.whenReady();
				byIndex[index] = client;
			} catch (error) {
				client.close();
				failures++;
				firstError ??= error instanceof Error ? error.message : String(error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
	const clients = byIndex.filter((client): client is BenchClient => client !== null);
	return { clients, failures, firstError, byIndex };
}
