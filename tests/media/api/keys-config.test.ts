// The media server's key pair is generated once into the data directory (mode 0600) and reused;
// LIVEKIT_API_KEY/SECRET win when both are set; MEDIA_* settings are validated with errors that
// name the variable.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMediaConfig } from '../../../server/media/config';
import { KEYS_FILE_NAME, loadOrCreateMediaKeys, mediaDataDir } from '../../../server/media/keys';

let dir: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'hameau-media-keys-'));
});

afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateMediaKeys', () => {
	it('creates the keys file once, readable by its owner only, and reuses it', () => {
		const dataDir = join(dir, 'data');
		const first = loadOrCreateMediaKeys(dataDir, {});
		expect(first.apiKey).toMatch(/^API[A-Z2-7]{12}$/);
		expect(Buffer.from(first.apiSecret, 'base64url').length).toBeGreaterThanOrEqual(32);
		const path = join(dataDir, KEYS_FILE_NAME);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(first);

		const second = loadOrCreateMediaKeys(dataDir, {});
		expect(second).toEqual(first);
		expect(loadOrCreateMediaKeys(join(dir, 'elsewhere'), {})).not.toEqual(first);
	});

	it('tightens a keys file someone made readable by others', () => {
		const keys = loadOrCreateMediaKeys(dir, {});
		const path = join(dir, KEYS_FILE_NAME);
		chmodSync(path, 0o644);
		expect(loadOrCreateMediaKeys(dir, {})).toEqual(keys);
		expect(statSync(path).mode & 0o777).toBe(0o600);
	});

	it('takes LIVEKIT_API_KEY and LIVEKIT_API_SECRET when both are set, without writing a file', () => {
		const env = { LIVEKIT_API_KEY: 'APIfromenv', LIVEKIT_API_SECRET: 's'.repeat(40) };
		expect(loadOrCreateMediaKeys(dir, env)).toEqual({
			apiKey: 'APIfromenv',
			apiSecret: 's'.repeat(40)
		});
		expect(() => statSync(join(dir, KEYS_FILE_NAME))).toThrow();
	});

	it('names the missing variable when only one of the pair is set', () => {
		expect(() => loadOrCreateMediaKeys(dir, { LIVEKIT_API_KEY: 'APIx' })).toThrow(
			/LIVEKIT_API_SECRET/
		);
		expect(() => loadOrCreateMediaKeys(dir, { LIVEKIT_API_SECRET: 's'.repeat(40) })).toThrow(
			/LIVEKIT_API_KEY/
		);
		expect(() =>
			loadOrCreateMediaKeys(dir, { LIVEKIT_API_KEY: 'APIx', LIVEKIT_API_SECRET: 'short' })
		).toThrow(/LIVEKIT_API_SECRET must be at least 32 characters/);
	});

	it('stops on a damaged keys file instead of replacing the keys silently', () => {
		writeFileSync(join(dir, KEYS_FILE_NAME), '{"apiKey": "APIx"', { mode: 0o600 });
		expect(() => loadOrCreateMediaKeys(dir, {})).toThrow(/livekit-keys\.json/);
		writeFileSync(join(dir, KEYS_FILE_NAME), '{"apiKey": "APIx", "apiSecret": "short"}');
		expect(() => loadOrCreateMediaKeys(dir, {})).toThrow(/at least 32 characters/);
	});

	it('uses the directory of the SQLite file as the data directory', () => {
		expect(mediaDataDir({})).toBe(resolve('data'));
		expect(mediaDataDir({ DATABASE_URL: 'file:/var/lib/hameau/db.sqlite' })).toBe(
			'/var/lib/hameau'
		);
	});
});

describe('readMediaConfig', () => {
	it('has defaults that work on one machine', () => {
		expect(readMediaConfig({})).toEqual({
			udpPorts: null,
			announcedIp: null,
			announcedUdpPorts: null,
			announceMode: 'replace',
			maxParticipantsPerRoom: 50,
			maxTracksPerParticipant: 8,
			emptyRoomTimeoutSeconds: 300,
			webhookUrl: 'http://127.0.0.1:3000/api/livekit/webhook'
		});
		expect(readMediaConfig({ PORT: '8080' }).webhookUrl).toBe(
			'http://127.0.0.1:8080/api/livekit/webhook'
		);
		expect(readMediaConfig({ PORT: '8080' }, { appPort: 41234 }).webhookUrl).toBe(
			'http://127.0.0.1:41234/api/livekit/webhook'
		);
	});

	it('reads every setting', () => {
		expect(
			readMediaConfig({
				MEDIA_UDP_PORTS: '50000-50100',
				MEDIA_ANNOUNCED_IP: '192.168.1.20',
				MEDIA_ANNOUNCED_UDP_PORTS: '40000-40100',
				MEDIA_ANNOUNCE_MODE: 'add',
				MEDIA_MAX_PARTICIPANTS_PER_ROOM: '12',
				MEDIA_MAX_TRACKS_PER_PARTICIPANT: '3',
				MEDIA_EMPTY_ROOM_TIMEOUT: '5',
				MEDIA_WEBHOOK_URL: 'https://hooks.example.org/livekit'
			})
		).toEqual({
			udpPorts: { min: 50000, max: 50100 },
			announcedIp: '192.168.1.20',
			announcedUdpPorts: { min: 40000, max: 40100 },
			announceMode: 'add',
			maxParticipantsPerRoom: 12,
			maxTracksPerParticipant: 3,
			emptyRoomTimeoutSeconds: 5,
			webhookUrl: 'https://hooks.example.org/livekit'
		});
		expect(readMediaConfig({ MEDIA_ANNOUNCED_IP: '2001:db8::1' }).announcedIp).toBe('2001:db8::1');
		expect(readMediaConfig({ MEDIA_WEBHOOK_URL: 'off' }).webhookUrl).toBeNull();
	});

	it('refuses bad values with a message naming the variable', () => {
		for (const [variable, value] of [
			['MEDIA_UDP_PORTS', '50100-50000'],
			['MEDIA_UDP_PORTS', '80-90'],
			['MEDIA_UDP_PORTS', '50000-70000'],
			['MEDIA_UDP_PORTS', 'many'],
			// One port could carry a single connection, not a call.
			['MEDIA_UDP_PORTS', '40000'],
			['MEDIA_UDP_PORTS', '40000-40000'],
			['MEDIA_ANNOUNCED_IP', 'my-laptop'],
			// Without MEDIA_UDP_PORTS, or not as many ports: which port stands for which?
			['MEDIA_ANNOUNCED_UDP_PORTS', '40000-40100'],
			['MEDIA_ANNOUNCE_MODE', 'both'],
			['MEDIA_MAX_PARTICIPANTS_PER_ROOM', '0'],
			['MEDIA_MAX_PARTICIPANTS_PER_ROOM', 'ten'],
			['MEDIA_MAX_TRACKS_PER_PARTICIPANT', '-1'],
			['MEDIA_EMPTY_ROOM_TIMEOUT', '2.5'],
			['MEDIA_WEBHOOK_URL', 'ftp://example.org/hook'],
			['MEDIA_WEBHOOK_URL', 'not a url']
		] as const) {
			expect(() => readMediaConfig({ [variable]: value }), `${variable}=${value}`).toThrow(
				new RegExp(`^Invalid configuration: ${variable} `)
			);
		}
		expect(() =>
			readMediaConfig({ MEDIA_UDP_PORTS: '50000-50100', MEDIA_ANNOUNCED_UDP_PORTS: '40000-40010' })
		).toThrow(/^Invalid configuration: MEDIA_ANNOUNCED_UDP_PORTS /);
	});
});
