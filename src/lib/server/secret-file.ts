// A JSON file of secrets in the data directory, generated once and readable by its owner only:
// the embedded media server's API key pair (server/media/keys.ts) and the Web Push VAPID pair
// (notifications/push-keys.ts). Node built-ins only: server/ imports it outside Vite.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The secrets in `path`, read by `read` (which throws on a damaged file: replacing secrets
 * silently would break whatever was made with them); else `generate()`'s, written there once
 * with mode 0600. A file someone made readable by others is tightened again.
 */
export function loadOrCreateSecretFile<T>(
	path: string,
	read: (path: string) => T,
	generate: () => T
): T {
	if (fileExists(path)) {
		const secrets = read(path);
		if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
		return secrets;
	}
	mkdirSync(dirname(path), { recursive: true });
	const secrets = generate();
	try {
		// 'wx': if another process created the file meanwhile, keep theirs.
		writeFileSync(path, `${JSON.stringify(secrets, null, '\t')}\n`, { mode: 0o600, flag: 'wx' });
		return secrets;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return read(path);
		throw error;
	}
}

function fileExists(path: string): boolean {
	try {
		statSync(path);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
		throw error;
	}
}
