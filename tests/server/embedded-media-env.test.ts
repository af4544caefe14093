// The environment the app reads to use the embedded media server, settled the same way by the
// Node entry and by `npm run dev`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownAddress, settleEmbeddedMediaEnv } from '../../server/embedded-media-env';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'hameau-media-env-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settleEmbeddedMediaEnv', () => {
	it('puts the generated key pair and the RoomService address in the environment, the same pair at every start', () => {
		const env: NodeJS.ProcessEnv = { DATABASE_URL: join(dir, 'hameau.db') };
		settleEmbeddedMediaEnv('http://127.0.0.1:3000', env);
		expect(env.LIVEKIT_API_KEY).toMatch(/\S/);
		expect(env.LIVEKIT_API_SECRET?.length).toBeGreaterThanOrEqual(32);
		expect(env.HAMEAU_MEDIA_API_URL).toBe('http://127.0.0.1:3000');

		const again: NodeJS.ProcessEnv = { DATABASE_URL: join(dir, 'hameau.db') };
		settleEmbeddedMediaEnv('http://127.0.0.1:3001', again);
		expect(again.LIVEKIT_API_KEY).toBe(env.LIVEKIT_API_KEY);
		expect(again.LIVEKIT_API_SECRET).toBe(env.LIVEKIT_API_SECRET);
	});

	it('keeps a key pair set by hand', () => {
		const env: NodeJS.ProcessEnv = {
			DATABASE_URL: join(dir, 'hameau.db'),
			LIVEKIT_API_KEY: 'APIbyhand',
			LIVEKIT_API_SECRET: 's'.repeat(40)
		};
		settleEmbeddedMediaEnv('http://localhost:3000', env);
		expect(env).toMatchObject({ LIVEKIT_API_KEY: 'APIbyhand', LIVEKIT_API_SECRET: 's'.repeat(40) });
	});

	it('refuses half a key pair, naming the missing variable', () => {
		const env: NodeJS.ProcessEnv = { DATABASE_URL: join(dir, 'hameau.db'), LIVEKIT_API_KEY: 'x' };
		expect(() => settleEmbeddedMediaEnv('http://localhost:3000', env)).toThrow(
			/LIVEKIT_API_SECRET/
		);
		expect(env.HAMEAU_MEDIA_API_URL).toBeUndefined();
	});
});

describe('ownAddress', () => {
	it('reaches a server on every interface through loopback, and any other by its host', () => {
		expect(ownAddress('0.0.0.0', 3000)).toBe('http://127.0.0.1:3000');
		expect(ownAddress('::', 3000)).toBe('http://127.0.0.1:3000');
		expect(ownAddress('', 3000)).toBe('http://127.0.0.1:3000');
		expect(ownAddress('::1', 3000)).toBe('http://[::1]:3000');
		expect(ownAddress('192.168.1.5', 80)).toBe('http://192.168.1.5:80');
	});
});
