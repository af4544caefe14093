// The media server as Hameau runs it: its own process behind the app's port, restarted when it
// dies, its state in /healthz.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatedMediaKeys, startWithEmbeddedMedia, type RunningServer } from '../helpers/server';
import { SignalClient } from './support';

let app: RunningServer;
let keys: { apiKey: string; apiSecret: string };

beforeAll(async () => {
	app = await startWithEmbeddedMedia('off');
	keys = generatedMediaKeys(app);
});
afterAll(async () => {
	await app?.stop();
});

const health = async () => {
	const response = await fetch(`${app.url}/healthz`);
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const mediaPid = () => Number(readFileSync(join(dirname(app.dbPath), 'media.pid'), 'utf8'));

async function token(identity: string): Promise<string> {
	const at = new AccessToken(keys.apiKey, keys.apiSecret, { identity });
	at.addGrant({ roomJoin: true, room: 'process-test' });
	return at.toJwt();
}

describe('the media process', () => {
	it('answers LiveKit paths through the app port, with CORS on the validate answers', async () => {
		// The single peer connection is served: a forged token is refused as on /rtc.
		const v1 = await fetch(`${app.url}/rtc/v1/validate?access_token=x`);
		expect(v1.status).toBe(401);
		expect(v1.headers.get('access-control-allow-origin')).toBe('*');

		const bad = await fetch(`${app.url}/rtc/validate?access_token=forged`);
		expect(bad.status).toBe(401);
		expect(bad.headers.get('access-control-allow-origin')).toBe('*');
		const good = await fetch(`${app.url}/rtc/validate?access_token=${await token('checker')}`);
		expect(good.status).toBe(200);

		const { client, join: joined } = await SignalClient.join(
			app.url.replace('http://', ''),
			await token('alice')
		);
		expect(joined.room?.name).toBe('process-test');
		client.close();
	});

	it('is restarted when it dies, /healthz says so, and clients can join again', async () => {
		expect(await health()).toEqual({
			status: 200,
			body: { status: 'ok', media: { state: 'running', restarts: 0 } }
		});
		const base = app.url.replace('http://', '');
		const { client } = await SignalClient.join(base, await token('bob'));
		const pid = mediaPid();
		process.kill(pid, 'SIGKILL');

		// The socket through the app's port ends with the process behind it.
		await client.closed;
		await vi.waitFor(
			async () =>
				expect((await health()).body).toEqual({
					status: 'ok',
					media: { state: 'running', restarts: 1 }
				}),
			{ timeout: 20_000, interval: 100 }
		);
		expect(mediaPid()).not.toBe(pid);
		const again = await SignalClient.join(base, await token('bob'));
		expect(again.join.participant?.identity).toBe('bob');
		again.client.close();
	});
});
