// Shared pieces of the collaboration tests: a real HTTP server with the realtime router on an
// ephemeral loopback port, signed-in people with session cookies, y-websocket providers that send
// those cookies, and a manual clock for the idle and version delays.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type {
	Clock,
	CollabServer,
	CollabServerEvents,
	CollabServerOptions
} from '../../server/collab';
import { encodeSyncStep1 } from '../../server/collab/protocol';
import { createRealtime } from '../../server/realtime';
import { MESSAGE_AUTH, MESSAGE_SYNC, SYNC_STEP2 } from '../../src/lib/collab-wire';
import {
	createSession,
	generateSessionToken,
	SESSION_COOKIE
} from '../../src/lib/server/auth/session';
import type { Company, Document, User } from '../../src/lib/server/db/schema';
import { createDocument } from '../../src/lib/server/documents/documents';
import { makeCompany, makeUser } from '../helpers/factories';
import { useTempDatabase } from '../helpers/temp-db';

/** A temporary database for this test file, with warnings and errors logged only. */
export function useCollabDatabase(): ReturnType<typeof useTempDatabase> {
	process.env.LOG_LEVEL ??= 'warn';
	return useTempDatabase();
}

export type CollabHarness = {
	/** ws://127.0.0.1:<port>/collab — the provider's serverUrl. */
	url: string;
	port: number;
	collab: CollabServer;
	close: () => Promise<void>;
};

/** The production wiring (createRealtime + the upgrade router) on a fresh HTTP server. */
export async function startCollab(options: CollabServerOptions = {}): Promise<CollabHarness> {
	const realtime = createRealtime({ collab: options });
	const server: Server = createServer((_request, response) => response.end('http'));
	server.on('upgrade', (request, socket, head) => {
		realtime.router.route(request, socket, head);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as AddressInfo;
	// A test may close a server itself (a restart); the after-each close then finds it done.
	let closing: Promise<void> | undefined;
	return {
		url: `ws://127.0.0.1:${port}/collab`,
		port,
		collab: realtime.collab,
		close() {
			closing ??= (async () => {
				await realtime.stop();
				server.closeAllConnections();
				await new Promise<void>((done) => server.close(() => done()));
			})();
			return closing;
		}
	};
}

export type Person = { user: User; cookie: string };

/** A user with a live session; `cookie` is the Cookie header a browser would send. */
export async function signedIn(name = 'Person'): Promise<Person> {
	const user = await makeUser(name);
	const token = generateSessionToken();
	createSession(token, user.id);
	return { user, cookie: `${SESSION_COOKIE}=${token}` };
}

/** A company owned by a fresh person, with one document. */
export async function companyWithDocument(): Promise<{
	owner: Person;
	company: Company;
	document: Document;
}> {
	const owner = await signedIn('Owner');
	const company = makeCompany(owner.user);
	const document = createDocument(
		company.id,
		{ userId: owner.user.id, role: 'owner' },
		{ title: 'Plan de la semaine', kind: 'blank' }
	);
	return { owner, company, document };
}

/** A `ws` WebSocket class that sends `headers` with its handshake (as a browser sends cookies). */
export function webSocketWith(headers: Record<string, string>): typeof globalThis.WebSocket {
	class HeaderWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	return HeaderWebSocket as unknown as typeof globalThis.WebSocket;
}

const providers = new Set<WebsocketProvider>();
// Each provider listens for the process's exit; a test with 21 of them is not a leak.
process.setMaxListeners(Math.max(process.getMaxListeners(), 64));

/** A stock y-websocket provider on its own Y.Doc, sending the person's cookie. */
export function connect(
	harness: { url: string },
	documentId: string,
	person: Person,
	doc = new Y.Doc()
): WebsocketProvider {
	const provider = new WebsocketProvider(harness.url, documentId, doc, {
		WebSocketPolyfill: webSocketWith({ cookie: person.cookie }),
		// Node has BroadcastChannel: without this, providers of one process would sync directly.
		disableBc: true,
		maxBackoffTime: 200
	});
	providers.add(provider);
	return provider;
}

const sockets = new Set<WebSocket>();

/** A raw socket on the document with the person's cookie, open; it sends nothing by itself. */
export async function openSocket(
	harness: { url: string },
	documentId: string,
	person: { cookie: string }
): Promise<WebSocket> {
	const socket = new WebSocket(`${harness.url}/${documentId}`, {
		headers: { cookie: person.cookie }
	});
	sockets.add(socket);
	await once(socket, 'open');
	return socket;
}

/** Resolves with the socket's close code, or 0 when the server leaves it open for `ms`. */
export function closeCode(socket: WebSocket, ms = 1000): Promise<number> {
	return Promise.race([
		once(socket, 'close').then(([code]) => code as number),
		new Promise<number>((done) => setTimeout(() => done(0), ms))
	]);
}

/** Destroys every provider made by connect() and socket made by openSocket() (call in afterEach). */
export function destroyProviders(): void {
	for (const provider of providers) {
		provider.doc.destroy();
		provider.destroy();
	}
	providers.clear();
	for (const socket of sockets) socket.terminate();
	sockets.clear();
}

/** Resolves with `value` when `event` fires, rejects after `ms` with `what` in the message. */
export function within<T>(ms: number, what: string, wait: (done: (value: T) => void) => void) {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
		wait((value) => {
			clearTimeout(timer);
			resolve(value);
		});
	});
}

/** Resolves once the provider has synced with the server. */
export function synced(provider: WebsocketProvider, ms = 5000): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return within(ms, `sync of ${provider.roomname}`, (done) => {
		const onSync = (state: boolean) => {
			if (!state) return;
			provider.off('sync', onSync);
			done(undefined);
		};
		provider.on('sync', onSync);
	});
}

/** Resolves once `check(doc)` holds, re-checking after every update of the doc. */
export function until(doc: Y.Doc, check: (doc: Y.Doc) => boolean, ms = 5000): Promise<void> {
	if (check(doc)) return Promise.resolve();
	return within(ms, 'the document to reach the expected state', (done) => {
		const onUpdate = () => {
			if (!check(doc)) return;
			doc.off('update', onUpdate);
			done(undefined);
		};
		doc.on('update', onUpdate);
	});
}

/** Resolves with the arguments of the server's next `event`. */
export function nextEvent<E extends keyof CollabServerEvents>(
	server: CollabServer,
	event: E,
	ms = 5000
): Promise<CollabServerEvents[E]> {
	return within(ms, `event ${event}`, (done) => {
		const listener = (...args: CollabServerEvents[E]) => done(args);
		(server.once as (event: E, listener: (...args: CollabServerEvents[E]) => void) => unknown)(
			event,
			listener
		);
	});
}

/** Opens a raw socket; resolves with the HTTP status when the upgrade is refused, 101 when not. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(url, { headers });
		socket.once('unexpected-response', (_request, response) => {
			resolve(response.statusCode ?? 0);
			response.resume();
			socket.terminate();
		});
		socket.once('open', () => {
			resolve(101);
			socket.close();
		});
		socket.once('error', (error) => {
			// After an unexpected-response ws also reports an error; the status is already known.
			if (socket.readyState !== WebSocket.CLOSED) reject(error);
		});
	});
}

/** A clock whose time moves only when the test says so. */
export class ManualClock implements Clock {
	private time = 0;
	private nextId = 1;
	private readonly timers = new Map<number, { at: number; callback: () => void }>();

	now(): number {
		return this.time;
	}

	setTimeout(callback: () => void, ms: number): unknown {
		const id = this.nextId++;
		this.timers.set(id, { at: this.time + ms, callback });
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.timers.delete(handle as number);
	}

	/** Moves time forward, firing due timers in order (including ones they set). */
	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			let due: [number, { at: number; callback: () => void }] | undefined;
			for (const entry of this.timers) {
				if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
			}
			if (!due) break;
			this.timers.delete(due[0]);
			this.time = Math.max(this.time, due[1].at);
			due[1].callback();
		}
		this.time = end;
	}
}

/** Text of the first paragraphs of TipTap's fragment, for readable assertions. */
export function fragmentText(doc: Y.Doc): string {
	return doc
		.getXmlFragment('default')
		.toArray()
		.map((node) => (node instanceof Y.XmlElement ? node.toArray().join('') : String(node)))
		.join('\n');
}

/** Replaces TipTap's fragment content with one paragraph per line (one transaction). */
export function writeParagraphs(doc: Y.Doc, lines: string[]): void {
	const fragment = doc.getXmlFragment('default');
	doc.transact(() => {
		fragment.delete(0, fragment.length);
		fragment.insert(
			0,
			lines.map((line) => {
				const paragraph = new Y.XmlElement('paragraph');
				paragraph.insert(0, [new Y.XmlText(line)]);
				return paragraph;
			})
		);
	});
}

/** Reasons of the auth "permission denied" messages the provider receives from now on. */
export function permissionMessages(provider: WebsocketProvider): {
	reasons: string[];
	next: () => Promise<string>;
} {
	const reasons: string[] = [];
	let waiter: ((reason: string) => void) | null = null;
	provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
		decoding.readVarUint(decoder);
		const reason = decoding.readVarString(decoder);
		reasons.push(reason);
		waiter?.(reason);
		waiter = null;
	};
	return {
		reasons,
		next: () => within(5000, 'a permission message', (done) => (waiter = done))
	};
}

/** Resolves once the provider's socket is open (at once when it is). */
export function connected(provider: WebsocketProvider, ms = 5000): Promise<void> {
	if (provider.wsconnected) return Promise.resolve();
	return within(ms, `connection of ${provider.roomname}`, (done) => {
		const onStatus = ({ status }: { status: string }) => {
			if (status !== 'connected') return;
			provider.off('status', onStatus);
			done(undefined);
		};
		provider.on('status', onStatus);
	});
}

/**
 * Sends a sync step 1 and waits for the server's answer: the server handles a socket's frames in
 * order and answers only once earlier changes are stored, so everything sent before has been
 * handled (applied and stored, or refused) when this resolves. A provider the server closed
 * (an archived document's sockets reconnect into the read-only handshake) is waited for first:
 * its sync on the new socket carries the whole document, so the same holds.
 */
export async function roundTrip(provider: WebsocketProvider): Promise<void> {
	await connected(provider);
	const original = provider.messageHandlers[MESSAGE_SYNC];
	return within(5000, 'the answer to a sync step 1', (done) => {
		provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, ...rest) => {
			const step = decoder.arr[decoder.pos];
			original(encoder, decoder, ...rest);
			if (step === SYNC_STEP2) {
				provider.messageHandlers[MESSAGE_SYNC] = original;
				done(undefined);
			}
		};
		provider.ws!.send(encodeSyncStep1(Y.encodeStateVector(provider.doc)));
	});
}

/**
 * The `start` of a test file: every server it starts is closed, and every provider destroyed,
 * after each test.
 */
export function useCollabServers(): (options?: CollabServerOptions) => Promise<CollabHarness> {
	const harnesses: CollabHarness[] = [];
	afterEach(async () => {
		destroyProviders();
		await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
	});
	return async (options) => {
		const harness = await startCollab(options);
		harnesses.push(harness);
		return harness;
	};
}

/** The shared text the tests write into (Y.Text 't'). */
export const text = (doc: Y.Doc): string => doc.getText('t').toString();

/** The text of a stored or encoded document state. */
export function stateText(state: Uint8Array): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return text(doc);
}

/** One struct of client 424242 under the root type `root`, its content written by `write`. */
export function rootUpdate(
	root: string,
	content: number,
	write: (encoder: encoding.Encoder) => void
): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 1); // one client
	encoding.writeVarUint(update, 1); // one struct
	encoding.writeVarUint(update, 424242); // its client id
	encoding.writeVarUint(update, 0); // from clock 0
	encoding.writeUint8(update, content);
	encoding.writeVarUint(update, 1); // its parent is a root type...
	encoding.writeVarString(update, root);
	write(update);
	encoding.writeVarUint(update, 0); // an empty delete set
	return encoding.toUint8Array(update);
}

/**
 * Issue 17's poison: under the root array "x", one `any` value made of `depth` nested
 * one-element arrays around a null, `01 01 <client> 00 08 01 01 78 01 (75 01)×depth 7e 00`.
 */
export const nestedArraysUpdate = (depth: number): Uint8Array =>
	rootUpdate('x', 8, (update) => {
		encoding.writeVarUint(update, 1); // one value
		for (let level = 0; level < depth; level++) {
			encoding.writeUint8(update, 0x75); // an array...
			encoding.writeVarUint(update, 1); // ...of one element
		}
		encoding.writeUint8(update, 0x7e); // null
	});

/** The sync "update" frame carrying `update`: `00 02 <len> <update>`. */
export function updateFrame(update: Uint8Array): Uint8Array {
	const frame = encoding.createEncoder();
	encoding.writeVarUint(frame, 0); // sync
	encoding.writeVarUint(frame, 2); // update
	encoding.writeVarUint8Array(frame, update);
	return encoding.toUint8Array(frame);
}
