// The RoomService through the app's own port, as the app reaches it in embedded mode: the Node
// entry generates the key pair into the data directory, starts the media process and forwards
// /twirp/* to it; the media process signs its webhooks with the same pair.
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { RoomServiceClient, TwirpError, WebhookReceiver } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS_FILE_NAME } from '../../../server/media/keys';
import {
	generatedMediaKeys,
	startWithEmbeddedMedia,
	type RunningServer
} from '../../helpers/server';

let server: RunningServer;
let keys: { apiKey: string; apiSecret: string };

/** Webhook requests as they arrive (body and Authorization), awaited one by one. */
const hooks: Array<{ body: string; authorization: string }> = [];
const hookWaiters: Array<() => void> = [];
const hookEndpoint: Server = createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => {
		hooks.push({
			body: Buffer.concat(chunks).toString('utf8'),
			authorization: req.headers.authorization ?? ''
		});
		res.writeHead(200).end();
		for (const wake of hookWaiters.splice(0)) wake();
	});
});

/** The next webhook event of that name, verified by WebhookReceiver with the generated keys. */
async function nextHook(name: string): Promise<{ event: string; room?: { name: string } }> {
	const receiver = new WebhookReceiver(keys.apiKey, keys.apiSecret);
	for (;;) {
		const hook = hooks.shift();
		if (hook) {
			const event = await receiver.receive(hook.body, hook.authorization);
			if (event.event === name) return event;
			continue;
		}
		await new Promise<void>((resolve) => hookWaiters.push(resolve));
	}
}

beforeAll(async () => {
	await new Promise<void>((resolve) => hookEndpoint.listen(0, '127.0.0.1', resolve));
	const hookPort = (hookEndpoint.address() as AddressInfo).port;
	server = await startWithEmbeddedMedia(`http://127.0.0.1:${hookPort}/hook`);
	keys = generatedMediaKeys(server);
});

afterAll(async () => {
	await server?.stop();
	hookEndpoint.closeAllConnections();
	await new Promise((resolve) => hookEndpoint.close(resolve));
});

describe('RoomService through the app port', () => {
	it('generated the key pair beside the database, readable by its owner only', () => {
		const path = join(dirname(server.dbPath), KEYS_FILE_NAME);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(keys.apiKey).toMatch(/^API/);
	});

	it('creates, lists and deletes rooms with the generated keys, with signed webhooks', async () => {
		const client = new RoomServiceClient(server.url, keys.apiKey, keys.apiSecret);
		await client.createRoom({ name: 'co-1:app-port', metadata: 'via the app' });
		expect((await nextHook('room_started')).room?.name).toBe('co-1:app-port');
		expect((await client.listRooms(['co-1:app-port'])).map((room) => room.metadata)).toEqual([
			'via the app'
		]);
		await client.deleteRoom('co-1:app-port');
		expect((await nextHook('room_finished')).room?.name).toBe('co-1:app-port');
		expect(await client.listRooms(['co-1:app-port'])).toEqual([]);
	});

	it('refuses other keys with 401', async () => {
		const stranger = new RoomServiceClient(
			server.url,
			keys.apiKey,
			'a-secret-that-this-server-never-generated-0'
		);
		const error = await stranger.listRooms().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(TwirpError);
		expect((error as TwirpError).status).toBe(401);
		expect((error as TwirpError).code).toBe('unauthenticated');
	});
});
