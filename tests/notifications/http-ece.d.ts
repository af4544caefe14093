// http_ece (a dependency of web-push) ships no types: the decryption the push tests use, as a
// browser decrypts a Web Push message (RFC 8291, aes128gcm).
declare module 'http_ece' {
	import type { ECDH } from 'node:crypto';

	export function decrypt(
		buffer: Buffer,
		params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string }
	): Buffer;

	const ece: { decrypt: typeof decrypt };
	export default ece;
}
