// A push service on 127.0.0.1 for the Web Push tests (no network): it keeps each request it
// receives and answers with the status a test chooses; and a browser's side of a subscription,
// a P-256 key pair and auth secret made here, that decrypts what arrives as a browser would.
import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';

export type PushRequest = { path: string; headers: IncomingHttpHeaders; body: Buffer };

export type LocalPushService = {
	/** http://127.0.0.1:<port> */
	origin: string;
	received: PushRequest[];
	/** The status the next requests are answered with (201 at first, as push services do). */
	answerWith(status: number): void;
	close(): Promise<void>;
};

export async function startPushService(): Promise<LocalPushService> {
	const received: PushRequest[] = [];
	let status = 201;
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({
				path: request.url ?? '',
				headers: request.headers,
				body: Buffer.concat(chunks)
			});
			response.statusCode = status;
			response.end();
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		received,
		answerWith: (next) => (status = next),
		close: () => new Promise((done) => server.close(() => done()))
	};
}

/** A browser's push subscription keys: what it gives the server, and what it decrypts with. */
export function browserKeys() {
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	const auth = randomBytes(16).toString('base64url');
	return {
		keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth },
		/** The body of a push message, decrypted (aes128gcm, RFC 8291). */
		decrypt: (body: Buffer): string =>
			ece
				.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth })
				.toString('utf8')
	};
}

/**
 * Reads `Authorization: vapid t=<JWT>, k=<public key>` and checks the JWT's ES256 signature with
 * that key, as a push service does. Returns the key and the JWT's claims; throws when it fails.
 */
export function verifyVapid(authorization: string | undefined): {
	publicKey: string;
	claims: { aud: string; exp: number; sub: string };
} {
	const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
	if (!match) throw new Error(`not a VAPID Authorization header: ${authorization}`);
	const [, token, publicKey] = match;
	const [header, payload, signature] = token.split('.');
	const point = Buffer.from(publicKey, 'base64url');
	const key = createPublicKey({
		key: {
			kty: 'EC',
			crv: 'P-256',
			x: point.subarray(1, 33).toString('base64url'),
			y: point.subarray(33).toString('base64url')
		},
		format: 'jwk'
	});
	const signed = verify(
		'sha256',
		Buffer.from(`${header}.${payload}`),
		{ key, dsaEncoding: 'ieee-p1363' },
		Buffer.from(signature, 'base64url')
	);
	if (!signed) throw new Error('the VAPID JWT signature does not verify with k');
	if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256') {
		throw new Error('the VAPID JWT is not ES256');
	}
	return { publicKey, claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) };
}
