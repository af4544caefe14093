// Shared by the video tests: people, companies and houses made through the real pages, and
// LiveKit-style signing of test tokens and webhook events.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AccessToken } from 'livekit-server-sdk';
import { expect } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import type { ServerDb } from '../helpers/read-db';
import { houses, users } from '../../src/lib/server/db/schema';

export const API_KEY = 'APItestvideo01';
export const API_SECRET = 'secret-for-video-tests-0123456789abcdef';

export type Person = { client: HttpClient; id: string; name: string };

export async function signUp(baseUrl: string, db: ServerDb, name: string): Promise<Person> {
	const client = new HttpClient(baseUrl);
	const email = uniqueEmail(name.toLowerCase());
	await client.signUp(name, email, strongPassword(name.toLowerCase()));
	const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
	expect(row).toBeDefined();
	return { client, id: row!.id, name };
}

/** Invites `who` with `role` through the invitations page and accepts the link. */
export async function join(owner: Person, slug: string, who: Person, role: string): Promise<void> {
	const response = await owner.client.postForm(`/${slug}/invitations?/create`, {
		role,
		email: '',
		expiresInDays: '7',
		uses: 'single'
	});
	const html = await response.text();
	expect(response.status, html.slice(0, 300)).toBe(200);
	const token = /\/invite\/([a-z0-9]+)/.exec(html)?.[1];
	expect(token).toBeDefined();
	const accepted = await who.client.postForm(`/invite/${token}?/accept`);
	expect(accepted.status, await explain(accepted)).toBe(303);
}

export async function createHouse(
	owner: Person,
	db: ServerDb,
	slug: string,
	name: string
): Promise<string> {
	const response = await owner.client.postForm(`/${slug}/houses?/create`, {
		name,
		commune: 'Marvejols',
		address: '',
		seats: '8',
		timeZone: 'Europe/Paris',
		monthlyCost: '0'
	});
	expect(response.status, await explain(response)).toBe(200);
	const row = db.select({ id: houses.id }).from(houses).where(eq(houses.name, name)).get();
	expect(row).toBeDefined();
	return row!.id;
}

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
