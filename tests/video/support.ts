// Shared by the video tests: LiveKit-style signing of test tokens and webhook events.
import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

// People, companies and houses made through the real pages live in tests/helpers/people.ts; the
// media tests still import them from here.
export { createHouse, join, signUp, type Person } from '../helpers/people';

export const API_KEY = 'APItestvideo01';
export const API_SECRET = 'secret-for-video-tests-0123456789abcdef';

/** Signs a webhook body exactly as LiveKit does: a JWT from the API key with the body's SHA-256. */
export async function signWebhook(
	body: string,
	keys: { apiKey: string; apiSecret: string } = { apiKey: API_KEY, apiSecret: API_SECRET },
	ttl: number | string = '10m'
): Promise<string> {
	const token = new AccessToken(keys.apiKey, keys.apiSecret, { ttl });
	token.sha256 = createHash('sha256').update(body).digest('base64');
	return token.toJwt();
}

let eventCounter = 0;

/** A webhook event body as JSON (the protobuf JSON form LiveKit posts). */
export function webhookBody(
	event: string,
	fields: {
		room: string;
		identity?: string;
		sid?: string;
		name?: string;
		metadata?: string;
		joinedAt?: number;
		createdAt?: number;
		id?: string;
	}
): { id: string; body: string } {
	eventCounter += 1;
	const id = fields.id ?? `EV_test_${process.pid}_${eventCounter}`;
	const createdAt = fields.createdAt ?? Math.floor(Date.now() / 1000);
	const body: Record<string, unknown> = {
		event,
		id,
		createdAt: String(createdAt),
		room: { sid: `RM_${fields.room.slice(-6)}`, name: fields.room }
	};
	if (fields.identity) {
		body.participant = {
			sid: fields.sid ?? `PA_${fields.identity}`,
			identity: fields.identity,
			name: fields.name ?? fields.identity,
			metadata: fields.metadata ?? '',
			state: 'ACTIVE',
			joinedAt: String(fields.joinedAt ?? createdAt)
		};
	}
	return { id, body: JSON.stringify(body) };
}
