// The API key pair of the embedded media server (docs/media.md): LIVEKIT_API_KEY and
// LIVEKIT_API_SECRET when both are set, else the pair stored in <dataDir>/livekit-keys.json,
// else a new random pair written there once, readable by its owner only.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../src/lib/server/config.ts';
import { loadOrCreateSecretFile } from '../../src/lib/server/secret-file.ts';
import type { MediaApiKeys } from './auth/index.ts';

export type { MediaApiKeys } from './auth';

/** Name of the keys file inside the data directory. */
export const KEYS_FILE_NAME = 'livekit-keys.json';

/** Secrets shorter than this are refused: HS256 wants at least 256 bits of key. */
const MIN_SECRET_LENGTH = 32;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKey(): string {
	const bytes = randomBytes(12);
	let key = 'API';
	for (const byte of bytes) key += BASE32[byte & 31];
	return key;
}

/** A fresh random key pair: `API` + 12 base32 characters, a 32-byte base64url secret. */
export function generateMediaKeys(): MediaApiKeys {
	return { apiKey: randomKey(), apiSecret: randomBytes(32).toString('base64url') };
}

/**
 * The data directory, where the keys file lives: the directory of the SQLite file (DATABASE_URL,
 * default ./data/hameau.db), resolved against the working directory.
 */
export function mediaDataDir(env: NodeJS.ProcessEnv = process.env): string {
	const databaseUrl = env.DATABASE_URL ? env.DATABASE_URL : './data/hameau.db';
	return dirname(resolve(databaseUrl.replace(/^file:/, '')));
}

function readKeysFile(path: string): MediaApiKeys {
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		throw new Error(
			`The media server keys file ${path} is not readable JSON: fix or delete it (a new pair is then generated). ${(error as Error).message}`,
			{ cause: error }
		);
	}
	const record = parsed as Partial<Record<keyof MediaApiKeys, unknown>> | null;
	if (
		typeof record?.apiKey !== 'string' ||
		typeof record.apiSecret !== 'string' ||
		record.apiKey.length === 0 ||
		record.apiSecret.length < MIN_SECRET_LENGTH
	) {
		throw new Error(
			`The media server keys file ${path} must hold {"apiKey": "...", "apiSecret": "..."} with a secret of at least ${MIN_SECRET_LENGTH} characters: fix or delete it.`
		);
	}
	return { apiKey: record.apiKey, apiSecret: record.apiSecret };
}

/**
 * The key pair the embedded media server signs and verifies with. Throws a ConfigError naming the
 * variable when only one of LIVEKIT_API_KEY / LIVEKIT_API_SECRET is set or the secret is too short.
 */
export function loadOrCreateMediaKeys(
	dataDir: string,
	env: NodeJS.ProcessEnv = process.env
): MediaApiKeys {
	const apiKey = env.LIVEKIT_API_KEY || undefined;
	const apiSecret = env.LIVEKIT_API_SECRET || undefined;
	if (apiKey && !apiSecret) {
		throw new ConfigError('LIVEKIT_API_SECRET', 'must be set when LIVEKIT_API_KEY is set');
	}
	if (apiSecret && !apiKey) {
		throw new ConfigError('LIVEKIT_API_KEY', 'must be set when LIVEKIT_API_SECRET is set');
	}
	if (apiKey && apiSecret) {
		if (apiSecret.length < MIN_SECRET_LENGTH) {
			throw new ConfigError(
				'LIVEKIT_API_SECRET',
				`must be at least ${MIN_SECRET_LENGTH} characters long`
			);
		}
		return { apiKey, apiSecret };
	}

	return loadOrCreateSecretFile(join(dataDir, KEYS_FILE_NAME), readKeysFile, generateMediaKeys);
}
