// The frames the collab server prepares once for many recipients must be what a WebSocket client
// reads as one binary message, at every length encoding (7-bit, 16-bit and 64-bit lengths), and
// an update's frame what y-protocols reads as a sync update of the same bytes.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import WebSocket, { WebSocketServer } from 'ws';
import { binaryFrame } from '../../server/collab/broadcast-frame';
import { updateFrame } from '../../server/collab/protocol';

let server: Server | null = null;
const clients: WebSocket[] = [];
afterEach(async () => {
	for (const client of clients.splice(0)) client.terminate();
	if (server) await new Promise((closed) => server?.close(closed));
	server = null;
});

/** A client connected to a server that hands back the raw socket under the upgraded one. */
async function rawConnection(): Promise<{ client: WebSocket; raw: Duplex; peer: WebSocket }> {
	const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
	const accepted = new Promise<{ raw: Duplex; peer: WebSocket }>((resolve) => {
		server = createServer();
		server.on('upgrade', (request, socket, head) =>
			wss.handleUpgrade(request, socket, head, (peer) => resolve({ raw: socket, peer }))
		);
	});
	await new Promise<void>((listening) => server?.listen(0, '127.0.0.1', listening));
	const { port } = server!.address() as AddressInfo;
	const client = new WebSocket(`ws://127.0.0.1:${port}/`);
	clients.push(client);
	await once(client, 'open');
	return { client, ...(await accepted) };
}

it('is read as the same binary message at every length encoding', async () => {
	const { client, raw } = await rawConnection();
	const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 70_000];
	const payloads = lengths.map((length) =>
		Uint8Array.from({ length }, (_, index) => (index * 7 + length) & 0xff)
	);
	const received: Array<{ data: Buffer; isBinary: boolean }> = [];
	const all = new Promise<void>((done) =>
		client.on('message', (data, isBinary) => {
			received.push({ data: data as Buffer, isBinary });
			if (received.length === payloads.length) done();
		})
	);
	for (const payload of payloads) raw.write(binaryFrame(payload));
	await all;
	expect(received.map(({ isBinary }) => isBinary)).toEqual(lengths.map(() => true));
	expect(received.map(({ data }) => data.byteLength)).toEqual(lengths);
	received.forEach(({ data }, index) => expect(new Uint8Array(data)).toEqual(payloads[index]));
});

it('interleaves whole frames with the messages ws sends on the same socket', async () => {
	const { client, raw, peer } = await rawConnection();
	const received: string[] = [];
	const all = new Promise<void>((done) =>
		client.on('message', (data) => {
			received.push(Buffer.from(data as Buffer).toString());
			if (received.length === 4) done();
		})
	);
	peer.send(Buffer.from('one'));
	raw.write(binaryFrame(Buffer.from('two')));
	peer.send(Buffer.from('three'));
	raw.write(binaryFrame(Buffer.from('four')));
	await all;
	expect(received).toEqual(['one', 'two', 'three', 'four']);
});

it('frames a sync update that y-protocols reads back, at every varUint and frame length', async () => {
	const { client, raw } = await rawConnection();
	// 127/128 and 16383/16384 cross the update length's varUint sizes; 123 and 65530 cross the
	// frame's length encodings once the message's type bytes are added.
	const lengths = [0, 30, 122, 123, 127, 128, 16_383, 16_384, 65_530, 70_000];
	const updates = lengths.map((length) =>
		Uint8Array.from({ length }, (_, index) => (index * 13 + length) & 0xff)
	);
	const received: Buffer[] = [];
	const all = new Promise<void>((done) =>
		client.on('message', (data) => {
			received.push(data as Buffer);
			if (received.length === updates.length) done();
		})
	);
	for (const update of updates) raw.write(updateFrame(update));
	await all;
	received.forEach((data, index) => {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		expect(decoding.readVarUint(decoder)).toBe(0); // sync
		expect(decoding.readVarUint(decoder)).toBe(2); // update
		expect(decoding.readVarUint8Array(decoder)).toEqual(updates[index]);
		expect(decoding.hasContent(decoder)).toBe(false);
	});
});
