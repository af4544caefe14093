// The upgrade router on a real HTTP server with real `ws` clients over loopback.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { UpgradeRouter } from '../../server/upgrade-router';

type Harness = { url: string; router: UpgradeRouter; close: () => Promise<void> };
const open: Harness[] = [];

afterEach(async () => {
	await Promise.all(open.splice(0).map((h) => h.close()));
});

/** An HTTP server whose upgrades go through a router (which answers 404), like server/index.ts. */
async function harness(): Promise<Harness> {
	const router = new UpgradeRouter();
	const server: Server = createServer((_req, res) => res.end('http'));
	server.on('upgrade', (request, socket, head) => {
		router.route(request, socket, head);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as AddressInfo;
	const h: Harness = {
		url: `ws://127.0.0.1:${port}`,
		router,
		close: () =>
			new Promise((done) => {
				router.closeAll();
				server.closeAllConnections();
				server.close(() => done());
			})
	};
	open.push(h);
	return h;
}

/** A `ws` server that accepts every upgrade it is handed and greets with its name. */
function echoServer(name: string) {
	const wss = new WebSocketServer({ noServer: true });
	const paths: string[] = [];
	wss.on('connection', (socket, request) => {
		paths.push(request.url ?? '');
		socket.send(name);
	});
	return {
		paths,
		handler: (
			request: import('node:http').IncomingMessage,
			socket: import('node:stream').Duplex,
			head: Buffer
		) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
	};
}

/** Connects and resolves with the first message, or rejects with the HTTP status of a refusal. */
function firstMessage(url: string): Promise<{ message: string; socket: WebSocket }> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(url);
		socket.once('message', (data) => resolve({ message: data.toString(), socket }));
		socket.once('unexpected-response', (_req, res) => {
			let body = '';
			res.on('data', (chunk: Buffer) => (body += chunk.toString()));
			res.on('end', () =>
				reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body }))
			);
		});
		socket.once('error', reject);
	});
}

describe('UpgradeRouter', () => {
	it('hands a registered prefix and the paths below it to its handler', async () => {
		const h = await harness();
		const collab = echoServer('collab');
		h.router.register('/collab', collab.handler);

		const exact = await firstMessage(`${h.url}/collab`);
		const below = await firstMessage(`${h.url}/collab/doc-1?token=x`);
		expect(exact.message).toBe('collab');
		expect(below.message).toBe('collab');
		expect(collab.paths).toEqual(['/collab', '/collab/doc-1?token=x']);
		exact.socket.close();
		below.socket.close();
	});

	it('answers an unknown path with HTTP 404 and upgrades nothing', async () => {
		const h = await harness();
		const collab = echoServer('collab');
		h.router.register('/collab', collab.handler);

		for (const path of ['/nowhere', '/collaborate', '/']) {
			await expect(firstMessage(`${h.url}${path}`)).rejects.toMatchObject({
				status: 404,
				body: 'Not Found\n'
			});
		}
		expect(collab.paths).toEqual([]);
		expect(h.router.openSockets).toBe(0);
	});

	it('routes to the longest matching prefix, whatever the registration order', async () => {
		const h = await harness();
		const rtc = echoServer('rtc');
		const rtcV1 = echoServer('rtc-v1');
		h.router.register('/rtc', rtc.handler);
		h.router.register('/rtc/v1', rtcV1.handler);

		const v1 = await firstMessage(`${h.url}/rtc/v1/room`);
		const plain = await firstMessage(`${h.url}/rtc/v2/room`);
		expect(v1.message).toBe('rtc-v1');
		expect(plain.message).toBe('rtc');
		v1.socket.close();
		plain.socket.close();
	});

	it('refuses malformed and duplicate prefixes', () => {
		const router = new UpgradeRouter();
		router.register('/events', () => {});
		expect(() => router.register('/events', () => {})).toThrow(/already registered/);
		expect(() => router.register('events', () => {})).toThrow(/must start with \//);
		expect(() => router.register('/events/', () => {})).toThrow(/not end with \//);
	});

	it('closes every open socket on closeAll', async () => {
		const h = await harness();
		const events = echoServer('events');
		h.router.register('/events', events.handler);
		const a = await firstMessage(`${h.url}/events`);
		const b = await firstMessage(`${h.url}/events/live`);
		expect(h.router.openSockets).toBe(2);

		const closed = Promise.all([once(a.socket, 'close'), once(b.socket, 'close')]);
		h.router.closeAll();
		await closed;
		expect(a.socket.readyState).toBe(WebSocket.CLOSED);
		expect(b.socket.readyState).toBe(WebSocket.CLOSED);
		expect(h.router.openSockets).toBe(0);
	});

	it('forgets sockets that close on their own', async () => {
		const h = await harness();
		h.router.register('/events', echoServer('events').handler);
		const { socket } = await firstMessage(`${h.url}/events`);
		expect(h.router.openSockets).toBe(1);
		socket.terminate();
		await expect.poll(() => h.router.openSockets).toBe(0);
	});
});
