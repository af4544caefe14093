// The VAPID key pair is generated once into the data directory (mode 0600) and reused, like the
// media keys; VAPID_PUBLIC_KEY/PRIVATE_KEY win when both are set and match; the subject comes
// from VAPID_SUBJECT, else MAIL_FROM, else an https ORIGIN.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webpush from 'web-push';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, derivedPublicKey, readConfig } from '../../src/lib/server/config';
import {
	loadOrCreateVapidKeys,
	VAPID_KEYS_FILE_NAME
} from '../../src/lib/server/notifications/push-keys';
import { exited, spawnEntry } from '../helpers/server';

let dir: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'hameau-vapid-keys-'));
});

afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateVapidKeys', () => {
	it('creates the keys file once, readable by its owner only, and reuses it', () => {
		const dataDir = join(dir, 'data');
		const first = loadOrCreateVapidKeys(dataDir, undefined);
		expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
		expect(derivedPublicKey(first.privateKey)).toBe(first.publicKey);
		const path = join(dataDir, VAPID_KEYS_FILE_NAME);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(first);

		expect(loadOrCreateVapidKeys(dataDir, undefined)).toEqual(first);
		expect(loadOrCreateVapidKeys(join(dir, 'elsewhere'), undefined)).not.toEqual(first);
	});

	it('tightens a keys file someone made readable by others', () => {
		const keys = loadOrCreateVapidKeys(dir, undefined);
		const path = join(dir, VAPID_KEYS_FILE_NAME);
		chmodSync(path, 0o644);
		expect(loadOrCreateVapidKeys(dir, undefined)).toEqual(keys);
		expect(statSync(path).mode & 0o777).toBe(0o600);
	});

	it('takes the pair from the environment without writing a file', () => {
		const pair = webpush.generateVAPIDKeys();
		expect(loadOrCreateVapidKeys(dir, pair)).toEqual(pair);
		expect(() => statSync(join(dir, VAPID_KEYS_FILE_NAME))).toThrow();
	});

	it('stops on a damaged keys file instead of replacing the keys silently', () => {
		const path = join(dir, VAPID_KEYS_FILE_NAME);
		writeFileSync(path, '{"publicKey": "x"', { mode: 0o600 });
		expect(() => loadOrCreateVapidKeys(dir, undefined)).toThrow(/vapid-keys\.json/);
		const [one, other] = [webpush.generateVAPIDKeys(), webpush.generateVAPIDKeys()];
		writeFileSync(path, JSON.stringify({ publicKey: one.publicKey, privateKey: other.privateKey }));
		expect(() => loadOrCreateVapidKeys(dir, undefined)).toThrow(/matching P-256 pair/);
	});
});

describe('the VAPID settings', () => {
	const refusal = (env: NodeJS.ProcessEnv) => {
		try {
			readConfig(env);
		} catch (error) {
			if (error instanceof ConfigError) return error.message;
			throw error;
		}
		return null;
	};

	it('takes a matching pair, and names the missing or wrong variable otherwise', () => {
		const pair = webpush.generateVAPIDKeys();
		expect(
			readConfig({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: pair.privateKey }).push.keys
		).toEqual(pair);
		expect(refusal({ VAPID_PUBLIC_KEY: pair.publicKey })).toMatch(
			/^Invalid configuration: VAPID_PRIVATE_KEY must be set/
		);
		expect(refusal({ VAPID_PRIVATE_KEY: pair.privateKey })).toMatch(
			/^Invalid configuration: VAPID_PUBLIC_KEY must be set/
		);
		const other = webpush.generateVAPIDKeys();
		expect(
			refusal({ VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: other.privateKey })
		).toMatch(
			/^Invalid configuration: VAPID_PRIVATE_KEY is not the private key of VAPID_PUBLIC_KEY/
		);
		expect(refusal({ VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: pair.privateKey })).toMatch(
			/^Invalid configuration: VAPID_PUBLIC_KEY /
		);
	});

	it('finds a subject for the push services: VAPID_SUBJECT, else MAIL_FROM, else an https ORIGIN', () => {
		expect(readConfig({ VAPID_SUBJECT: 'mailto:ops@example.org' }).push.subject).toBe(
			'mailto:ops@example.org'
		);
		expect(readConfig({ VAPID_SUBJECT: 'https://hameau.example.org/contact' }).push.subject).toBe(
			'https://hameau.example.org/contact'
		);
		expect(refusal({ VAPID_SUBJECT: 'http://hameau.example.org' })).toMatch(/VAPID_SUBJECT/);
		expect(refusal({ VAPID_SUBJECT: 'ops@example.org' })).toMatch(/VAPID_SUBJECT/);
		expect(
			readConfig({ MAIL_FROM: 'Hameau <hameau@example.org>', ORIGIN: 'https://h.example.org' }).push
				.subject
		).toBe('mailto:hameau@example.org');
		expect(readConfig({ MAIL_FROM: 'hameau@example.org' }).push.subject).toBe(
			'mailto:hameau@example.org'
		);
		expect(readConfig({ ORIGIN: 'https://h.example.org' }).push.subject).toBe(
			'https://h.example.org'
		);
		// A push service cannot write to a plain-http address: the fallback, said in the docs.
		expect(readConfig({ ORIGIN: 'http://hameau.lan' }).push.subject).toBe(
			'mailto:hameau@localhost'
		);
	});
});

describe('the server process with half a VAPID pair', () => {
	it('exits non-zero at start-up with a message naming the missing variable', async () => {
		const { child, output } = spawnEntry({
			VAPID_PUBLIC_KEY: webpush.generateVAPIDKeys().publicKey,
			DATABASE_URL: ':memory:'
		});
		expect(await exited(child)).not.toBe(0);
		expect(output()).toMatch(/Invalid configuration: VAPID_PRIVATE_KEY must be set/);
	});
});
