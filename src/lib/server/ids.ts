import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** A random token with `bytes` bytes of entropy, URL- and cookie-safe. */
export function randomToken(bytes = 20): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Primary keys: 120 random bits, so ids in URLs cannot be guessed or enumerated. */
export function newId(): string {
	return randomToken(15);
}

/** SHA-256 in lower-case hex: what we store in place of a secret token. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
