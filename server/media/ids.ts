import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A LiveKit-style id: the prefix (`RM_`, `PA_`, `TR_`) and 12 random characters. */
export function sid(prefix: string): string {
	let id = prefix;
	for (const byte of randomBytes(12)) id += ALPHABET[byte % ALPHABET.length];
	return id;
}
