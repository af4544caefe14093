// 10,000 random and malformed frames from many sockets next to an honest editor: the server
// stays up, only the offending sockets are closed (with a code), the honest editor carries on,
// and nothing malformed is stored.
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { loadDocumentState, readStoredDocument } from '../../src/lib/server/documents/store';
import {
	companyWithDocument,
	connect,
	destroyProviders,
	ManualClock,
	roundTrip,
	startCollab,
	synced,
	until,
	useCollabDatabase,
	type CollabHarness,
	type Person
} from './support';

useCollabDatabase();

const FRAMES = 10_000;
const SOCKETS = 16;
const MAX_MESSAGE_BYTES = 64 * 1024;

let harness: CollabHarness;
let owner: Person;
let documentId: string;

beforeAll(async () => {
	harness = await startCollab({ maxMessageBytes: MAX_MESSAGE_BYTES });
	const setup = await companyWithDocument();
	owner = setup.owner;
	documentId = setup.document.id;
});

afterAll(async () => {
	destroyProviders();
	await harness.close();
});

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function frames(seed: number, sample: Uint8Array): Array<{ data: Uint8Array | string }> {
	const next = random(seed);
	const int = (n: number) => Math.floor(next() * n);
	const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
	const message = (write: (e: encoding.Encoder) => void) => {
		const e = encoding.createEncoder();
		write(e);
		return encoding.toUint8Array(e);
	};
	const list: Array<{ data: Uint8Array | string }> = [];
	for (let i = 0; i < FRAMES; i++) {
		const kind = i % 500 === 499 ? 'oversized' : int(10);
		let data: Uint8Array | string;
		switch (kind) {
			case 'oversized':
				data = new Uint8Array(MAX_MESSAGE_BYTES + 1 + int(1000));
				break;
			case 0:
				data = bytes(int(48));
				break;
			case 1: // a sync message of any step with a random payload
				data = message((e) => {
					encoding.writeVarUint(e, 0);
					encoding.writeVarUint(e, int(4));
					encoding.writeVarUint8Array(e, bytes(int(64)));
				});
				break;
			case 2: {
				// a real update, truncated or with a byte flipped
				const broken = sample.slice(0, 1 + int(sample.length));
				if (next() < 0.5) broken[int(broken.length)] ^= 1 + int(255);
				data = message((e) => {
					encoding.writeVarUint(e, 0);
					encoding.writeVarUint(e, 2);
					encoding.writeVarUint8Array(e, broken);
				});
				break;
			}
			case 3: // awareness with garbage, or with a state that is not JSON
				data = message((e) => {
					encoding.writeVarUint(e, 1);
					if (next() < 0.5) encoding.writeVarUint8Array(e, bytes(int(40)));
					else {
						const inner = encoding.createEncoder();
						encoding.writeVarUint(inner, 1);
						encoding.writeVarUint(inner, 1 + int(1e6));
						encoding.writeVarUint(inner, int(10));
						encoding.writeVarString(inner, '{"user": nope');
						encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
					}
				});
				break;
			case 4: // lengths that claim far more than the frame holds
				data = Uint8Array.of(0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, ...bytes(int(16)));
				break;
			case 5:
				data = Uint8Array.of(4 + int(250), ...bytes(int(8)));
				break;
			case 6:
				data = 'not a binary frame';
				break;
			case 7:
				data = new Uint8Array(0);
				break;
			case 8: // a varUint that never ends
				data = new Uint8Array(1 + int(20)).fill(0xff);
				break;
			default:
				data = Uint8Array.of(3, ...bytes(int(8)));
		}
		list.push({ data });
	}
	return list;
}

/** Sends frames one by one, each followed by a query-awareness "ping"; reconnects when closed. */
async function flood(list: Array<{ data: Uint8Array | string }>, closeCodes: Map<number, number>) {
	let socket: WebSocket | null = null;
	let waiting: (() => void) | null = null;
	const open = async () => {
		const ws = new WebSocket(`${harness.url}/${documentId}`, { headers: { cookie: owner.cookie } });
		ws.on('message', () => waiting?.());
		ws.on('close', (code) => {
			closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
			if (socket === ws) socket = null;
			waiting?.();
		});
		ws.on('error', () => {
			// Reported through 'close'; an oversized frame may also fail the send.
		});
		await new Promise((done) => ws.once('open', done));
		return ws;
	};
	for (const { data } of list) {
		socket ??= await open();
		const ws = socket;
		const answered = new Promise<void>((done) => (waiting = done));
		ws.send(data, { binary: typeof data !== 'string' });
		if (ws.readyState === WebSocket.OPEN) ws.send(Uint8Array.of(3));
		await answered;
		waiting = null;
	}
	(socket as WebSocket | null)?.close();
}

describe('malformed frames', () => {
	it('leave the server up, the honest editor connected and the document intact', async () => {
		const honest = connect(harness, documentId, owner);
		let honestCloses = 0;
		honest.on('connection-close', () => honestCloses++);
		await synced(honest);
		const text = honest.doc.getText('t');
		const updates: Uint8Array[] = [];
		honest.doc.on('update', (update: Uint8Array) => updates.push(update));
		text.insert(0, 'intact');

		const closeCodes = new Map<number, number>();
		const all = frames(20240607, updates[0]);
		const share = Math.ceil(all.length / SOCKETS);
		const floods = Array.from({ length: SOCKETS }, (_, k) =>
			flood(all.slice(k * share, (k + 1) * share), closeCodes)
		);
		// The honest editor keeps typing during the flood.
		for (let n = 0; n < 20; n++) {
			text.insert(text.length, ` ${n}`);
			await new Promise((tick) => setTimeout(tick, 5));
		}
		await Promise.all(floods);
		const expected = text.toString();

		expect(honestCloses).toBe(0);
		const late = connect(harness, documentId, owner);
		await synced(late);
		await until(late.doc, (doc) => doc.getText('t').toString() === expected);
		expect(late.doc.getText('t').toString()).toBe(expected);

		// Each kind of refusal was met, with its own code.
		for (const code of [1003, 1007, 1009]) expect(closeCodes.get(code) ?? 0).toBeGreaterThan(0);
		// Every stored update is a well-formed Yjs update.
		for (const update of readStoredDocument(documentId).updates) {
			expect(() => Y.decodeUpdate(update)).not.toThrow();
		}
		const stored = new Y.Doc();
		Y.applyUpdate(stored, loadDocumentState(documentId).state);
		expect(stored.getText('t').toString()).toBe(expected);
		// Thousands of reconnections, each a signed-in upgrade: 12 s alone on 2 cores, 33–53 s in
		// CI beside three other Vitest workers, past 60 s once with the machine busier still. A
		// budget against a hang, not a measure of speed.
	}, 180_000);
});

describe('rate limit', () => {
	it('closes a socket that sends faster than its allowance (1008), and only that one', async () => {
		const limited = await startCollab({
			rateLimitPerSecond: 1,
			rateLimitBurst: 20,
			clock: new ManualClock()
		});
		try {
			const honest = connect(limited, documentId, owner);
			await synced(honest);
			const ws = new WebSocket(`${limited.url}/${documentId}`, {
				headers: { cookie: owner.cookie }
			});
			await new Promise((done) => ws.once('open', done));
			const closed = new Promise<[number, string]>((done) =>
				ws.once('close', (code, reason) => done([code, reason.toString()]))
			);
			for (let n = 0; n < 21; n++) ws.send(Uint8Array.of(3));
			expect(await closed).toEqual([1008, 'rate limit exceeded']);
			await roundTrip(honest);
			expect(honest.wsconnected).toBe(true);
		} finally {
			destroyProviders();
			await limited.close();
		}
	});
});
