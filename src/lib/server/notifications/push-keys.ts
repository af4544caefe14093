// The VAPID key pair Web Push is signed with (docs/features.md "Web Push"), kept like the media
// server's keys (server/media/keys.ts): VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY when both are set
// (config.ts checks the pair), else the pair stored in <dataDir>/vapid-keys.json, else a new
// pair written there once, readable by its owner only. Browsers subscribe with the public key:
// a new pair silently orphans every subscription, so a damaged file stops start-up instead.
// Relative imports (no $lib): notify() reaches this module from the collaboration server too.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import webpush from 'web-push';
import { config, derivedPublicKey, type PushConfig } from '../config';
import { processSingleton } from '../process-singleton';
import { loadOrCreateSecretFile } from '../secret-file';

/** Name of the keys file inside the data directory. */
export const VAPID_KEYS_FILE_NAME = 'vapid-keys.json';

export type VapidKeys = { publicKey: string; privateKey: string };

/** What sending needs: the key pair and the subject push services may contact. */
export type VapidDetails = VapidKeys & { subject: string };

function readKeysFile(path: string): VapidKeys {
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(path, 'utf8'));
	} catch (error) {
		throw new Error(
			`The Web Push keys file ${path} is not readable JSON: fix or delete it (a new pair is then generated, and every device must turn push on again). ${(error as Error).message}`,
			{ cause: error }
		);
	}
	const record = parsed as Partial<Record<keyof VapidKeys, unknown>> | null;
	if (
		typeof record?.publicKey !== 'string' ||
		typeof record.privateKey !== 'string' ||
		derivedPublicKey(record.privateKey) !== record.publicKey
	) {
		throw new Error(
			`The Web Push keys file ${path} must hold {"publicKey": "...", "privateKey": "..."}, a matching P-256 pair in base64url: fix or delete it (every device must then turn push on again).`
		);
	}
	return { publicKey: record.publicKey, privateKey: record.privateKey };
}

/**
 * The VAPID key pair: `fromEnv` when the environment set it, else the keys file in `dataDir`,
 * else a new pair written there (mode 0600). Throws when the file is damaged.
 */
export function loadOrCreateVapidKeys(dataDir: string, fromEnv: PushConfig['keys']): VapidKeys {
	if (fromEnv) return fromEnv;
	return loadOrCreateSecretFile(join(dataDir, VAPID_KEYS_FILE_NAME), readKeysFile, () => {
		const { publicKey, privateKey } = webpush.generateVAPIDKeys();
		return { publicKey, privateKey };
	});
}

/** The process's VAPID details, settled on first use (hooks init, at start-up). */
export function vapidDetails(): VapidDetails {
	return processSingleton('hameau.vapid', () => {
		const { databasePath, push } = config();
		// The data directory is the SQLite file's, as for the media keys.
		const keys = loadOrCreateVapidKeys(dirname(resolve(databasePath)), push.keys);
		return { ...keys, subject: push.subject };
	});
}

/** The public key browsers subscribe with (applicationServerKey), base64url. */
export function vapidPublicKey(): string {
	return vapidDetails().publicKey;
}
