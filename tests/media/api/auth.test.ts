// Access tokens minted by livekit-server-sdk's AccessToken are accepted with their grants, and
// forged, tampered, expired, not-yet-valid and wrong-key tokens are refused with LiveKit's 401.
import { createHmac } from 'node:crypto';
import { TrackSource } from '@livekit/protocol';
import { AccessToken, type VideoGrant as SdkVideoGrant } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import {
	authorizeRoomService,
	canPublishSource,
	checkJoinGrant,
	participantPermission,
	signAccessToken,
	verifyAccessToken,
	type AccessTokenClaims
} from '../../../server/media/auth';

const keys = { apiKey: 'APItestkey123', apiSecret: 'a-secret-that-is-long-enough-for-hs256-0001' };
const otherKeys = {
	apiKey: 'APIotherkey45',
	apiSecret: 'another-secret-that-is-long-enough-for-hs2'
};

async function mint(
	grant: SdkVideoGrant,
	options: { identity?: string; name?: string; metadata?: string; ttl?: number | string } = {},
	signingKeys = keys,
	attributes?: Record<string, string>
): Promise<string> {
	const token = new AccessToken(signingKeys.apiKey, signingKeys.apiSecret, {
		identity: options.identity ?? 'user-1',
		name: options.name,
		metadata: options.metadata,
		ttl: options.ttl,
		attributes
	});
	token.addGrant(grant);
	return token.toJwt();
}

function accepted(token: string, now?: number): AccessTokenClaims {
	const result = verifyAccessToken(token, keys, now);
	if (!result.ok) throw new Error(`refused: ${result.message}`);
	return result.claims;
}

/** Signs arbitrary header and claims with the test secret, as a forger with the secret would. */
function handSigned(header: object, claims: object, secret = keys.apiSecret): string {
	const head = Buffer.from(JSON.stringify(header)).toString('base64url');
	const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
	const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
	return `${head}.${body}.${signature}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('verifyAccessToken', () => {
	it('accepts a join token from AccessToken with identity, name, metadata and attributes', async () => {
		const token = await mint(
			{ roomJoin: true, room: 'company-1:house-2' },
			{ identity: 'u-42', name: 'Anne Martin', metadata: '{"house":"Mairie"}' },
			keys,
			{ house: 'h-2', role: 'manager' }
		);
		const claims = accepted(token);
		expect(claims.identity).toBe('u-42');
		expect(claims.name).toBe('Anne Martin');
		expect(claims.metadata).toBe('{"house":"Mairie"}');
		expect(claims.attributes).toEqual({ house: 'h-2', role: 'manager' });
		expect(claims.apiKey).toBe(keys.apiKey);
		expect(claims.hasVideoGrant).toBe(true);
		expect(claims.video.roomJoin).toBe(true);
		expect(claims.video.room).toBe('company-1:house-2');
		expect(checkJoinGrant(claims)).toEqual({
			ok: true,
			room: 'company-1:house-2',
			identity: 'u-42'
		});
	});

	it('applies LiveKit defaults: publish, subscribe and data allowed, own metadata not', async () => {
		const claims = accepted(await mint({ roomJoin: true, room: 'r' }));
		expect(claims.video).toMatchObject({
			canPublish: true,
			canSubscribe: true,
			canPublishData: true,
			canPublishSources: [],
			canUpdateOwnMetadata: false,
			hidden: false,
			roomAdmin: false,
			roomCreate: false,
			roomList: false
		});
		expect(canPublishSource(claims.video, TrackSource.SCREEN_SHARE)).toBe(true);
	});

	it('honours explicit grants, publish sources and the data default that follows canPublish', async () => {
		const claims = accepted(
			await mint({
				roomJoin: true,
				room: 'r',
				canPublish: true,
				canSubscribe: false,
				canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
				canUpdateOwnMetadata: true,
				hidden: true
			})
		);
		expect(claims.video.canSubscribe).toBe(false);
		expect(claims.video.canPublishSources).toEqual([TrackSource.CAMERA, TrackSource.MICROPHONE]);
		expect(canPublishSource(claims.video, TrackSource.CAMERA)).toBe(true);
		expect(canPublishSource(claims.video, TrackSource.SCREEN_SHARE)).toBe(false);
		expect(claims.video.hidden).toBe(true);
		const permission = participantPermission(claims.video);
		expect(permission.canUpdateMetadata).toBe(true);
		expect(permission.canSubscribe).toBe(false);
		expect(permission.hidden).toBe(true);

		const viewer = accepted(await mint({ roomJoin: true, room: 'r', canPublish: false }));
		expect(viewer.video.canPublishData).toBe(false);
		expect(canPublishSource(viewer.video, TrackSource.MICROPHONE)).toBe(false);
		const chatOnly = accepted(
			await mint({ roomJoin: true, room: 'r', canPublish: false, canPublishData: true })
		);
		expect(chatOnly.video.canPublishData).toBe(true);
	});

	it('refuses a token signed with another secret', async () => {
		const forged = await mint(
			{ roomJoin: true, room: 'r' },
			{},
			{ ...otherKeys, apiKey: keys.apiKey }
		);
		expect(verifyAccessToken(forged, keys)).toEqual({
			ok: false,
			status: 401,
			message: 'invalid authorization token: signature is invalid'
		});
	});

	it('refuses a token whose claims were changed after signing', async () => {
		const [head, body, signature] = (await mint({ roomJoin: true, room: 'r' })).split('.');
		const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
		claims.video.roomAdmin = true;
		const tampered = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
		const result = verifyAccessToken(tampered, keys);
		expect(result.ok).toBe(false);
		expect(result.ok ? 0 : result.status).toBe(401);
	});

	it('refuses a token issued for another API key', async () => {
		const result = verifyAccessToken(
			await mint({ roomJoin: true, room: 'r' }, {}, otherKeys),
			keys
		);
		expect(result).toEqual({ ok: false, status: 401, message: 'invalid API key' });
	});

	it('refuses an expired token, with one minute of clock skew allowed', async () => {
		const token = await mint({ roomJoin: true, room: 'r' }, { ttl: 60 });
		const expiry = accepted(token).expiresAt;
		expect(verifyAccessToken(token, keys, expiry + 30_000).ok).toBe(true);
		expect(verifyAccessToken(token, keys, expiry + 61_000)).toEqual({
			ok: false,
			status: 401,
			message: 'invalid authorization token: token is expired'
		});
	});

	it('refuses a token that is not valid yet', () => {
		const inTenMinutes = Date.now() + 10 * 60_000;
		const token = signAccessToken(
			{ sub: 'u', video: { roomJoin: true, room: 'r' } },
			keys,
			3600,
			inTenMinutes
		);
		expect(verifyAccessToken(token, keys)).toEqual({
			ok: false,
			status: 401,
			message: 'invalid authorization token: token is not valid yet'
		});
		expect(verifyAccessToken(token, keys, inTenMinutes).ok).toBe(true);
	});

	it('refuses tokens without exp, with another algorithm, and garbage', () => {
		const noExp = handSigned({ alg: 'HS256' }, { iss: keys.apiKey, sub: 'u', nbf: nowSeconds() });
		const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
			JSON.stringify({ iss: keys.apiKey, sub: 'u', exp: nowSeconds() + 60 })
		).toString('base64url')}.`;
		const hs512 = handSigned({ alg: 'HS512' }, { iss: keys.apiKey, exp: nowSeconds() + 60 });
		for (const token of [noExp, none, hs512, '', 'abc', 'a.b.c', '..', 'x'.repeat(20_000)]) {
			const result = verifyAccessToken(token, keys);
			expect(result.ok, token.slice(0, 40)).toBe(false);
			expect(result.ok ? 0 : result.status).toBe(401);
		}
	});

	it('refuses claims of the wrong type instead of trusting them', () => {
		const exp = nowSeconds() + 60;
		for (const claims of [
			{ iss: keys.apiKey, exp, video: 'roomAdmin' },
			{ iss: keys.apiKey, exp, name: 42 },
			{ iss: keys.apiKey, exp, attributes: { a: 1 } },
			{ iss: keys.apiKey, exp: 'tomorrow' }
		]) {
			expect(verifyAccessToken(handSigned({ alg: 'HS256' }, claims), keys).ok).toBe(false);
		}
	});
});

describe('checkJoinGrant', () => {
	it('refuses without roomJoin (401), without identity or room (400)', async () => {
		expect(checkJoinGrant(accepted(await mint({ roomAdmin: true, room: 'r' })))).toEqual({
			ok: false,
			status: 401,
			message: 'permissions denied'
		});
		const noVideo = handSigned(
			{ alg: 'HS256' },
			{ iss: keys.apiKey, sub: 'u', exp: nowSeconds() + 60 }
		);
		expect(checkJoinGrant(accepted(noVideo))).toMatchObject({ ok: false, status: 401 });
		const anonymous = handSigned(
			{ alg: 'HS256' },
			{ iss: keys.apiKey, exp: nowSeconds() + 60, video: { roomJoin: true, room: 'r' } }
		);
		expect(checkJoinGrant(accepted(anonymous))).toEqual({
			ok: false,
			status: 400,
			message: 'identity cannot be empty'
		});
		const roomless = accepted(await mint({ roomJoin: true }));
		expect(checkJoinGrant(roomless)).toEqual({ ok: false, status: 400, message: 'no room name' });
		expect(checkJoinGrant(roomless, 'from-url')).toMatchObject({ ok: true, room: 'from-url' });
	});
});

describe('authorizeRoomService', () => {
	it('needs a Bearer header, a valid token and the grant of the method', async () => {
		const admin = `Bearer ${await mint({ roomAdmin: true, room: 'a' })}`;
		expect(authorizeRoomService(admin, { kind: 'admin', room: 'a' }, keys).ok).toBe(true);
		for (const [header, requirement, msg] of [
			[admin, { kind: 'admin', room: 'b' }, 'permissions denied'],
			[admin, { kind: 'list' }, 'permissions denied'],
			[admin, { kind: 'create' }, 'permissions denied'],
			[undefined, { kind: 'list' }, 'permissions denied'],
			[
				admin.slice('Bearer '.length),
				{ kind: 'admin', room: 'a' },
				'invalid authorization header. Must start with Bearer '
			]
		] as const) {
			expect(authorizeRoomService(header, requirement, keys)).toEqual({
				ok: false,
				error: { code: 'unauthenticated', status: 401, msg }
			});
		}
		const wrongKey = `Bearer ${await mint({ roomList: true }, {}, otherKeys)}`;
		expect(authorizeRoomService(wrongKey, { kind: 'list' }, keys)).toMatchObject({
			ok: false,
			error: { status: 401, msg: 'invalid API key' }
		});
	});
});
