// The RoomService through the app's own port, as the app reaches it in embedded mode: the Node
// entry generates the key pair into the data directory, starts the media process and forwards
// /twirp/* to it.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RoomServiceClient, TwirpError } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS_FILE_NAME } from '../../../server/media/keys';
import { startServer, type RunningServer } from '../../helpers/server';

let server: RunningServer;
let keys: { apiKey: string; apiSecret: string };

beforeAll(async () => {
	server = await startServer({
		env: { LIVEKIT_URL: undefined, LIVEKIT_API_KEY: undefined, LIVEKIT_API_SECRET: undefined }
	});
	keys = JSON.parse(readFileSync(join(dirname(server.dbPath), KEYS_FILE_NAME), 'utf8'));
});

afterAll(async () => {
	await server?.stop();
});

describe('RoomService through the app port', () => {
	it('generated the key pair beside the database, readable by its owner only', () => {
		const path = join(dirname(server.dbPath), KEYS_FILE_NAME);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(keys.apiKey).toMatch(/^API/);
	});

	it('creates, lists and deletes rooms with the generated keys', async () => {
		const client = new RoomServiceClient(server.url, keys.apiKey, keys.apiSecret);
		await client.createRoom({ name: 'co-1:app-port', metadata: 'via the app' });
		expect((await client.listRooms(['co-1:app-port'])).map((room) => room.metadata)).toEqual([
			'via the app'
		]);
		await client.deleteRoom('co-1:app-port');
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
