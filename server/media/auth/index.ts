// Access tokens of the embedded media server: the JWTs that livekit-server-sdk's AccessToken mints
// (HS256, `iss` = API key, `sub` = identity, `exp`/`nbf`, a `video` grant), checked the way
// LiveKit's server checks them (livekit/protocol auth/verifier.go + livekit pkg/service/auth.go).
//
// Exported API (used by the signalling side and by the Twirp RoomService):
// - `verifyAccessToken(token, keys, now?)` → `TokenVerification`: `{ ok: true, claims }` with the
//   identity, name, metadata, attributes and the normalised `video` grant, or `{ ok: false, status:
//   401, message }`. Synchronous, never throws.
// - `checkJoinGrant(claims, roomFromUrl?)` → the room to join or the refusal LiveKit gives
//   (401 "permissions denied" without roomJoin, 400 without identity or room).
// - `canPublishSource(grant, source)` and `participantPermission(grant)` (a protocol
//   `ParticipantPermission` for `ParticipantInfo.permission`).
// - `authorizeRoomService(authorizationHeader, requirement, keys, now?)` → ok with the claims, or a
//   Twirp error value `{ code: 'unauthenticated', status: 401, msg }`, as LiveKit's RoomService;
//   in two steps: `authenticateRoomServiceCaller(header, keys, now?)` then `grantAllows(claims, req)`.
// - `bearerToken(header)`: the token of an `Authorization: Bearer …` header.
// - `signAccessToken(claims, keys, ttlSeconds, now?)`: an HS256 token like AccessToken's (webhooks).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ParticipantPermission, TrackSource } from '@livekit/protocol';

/** The API key pair tokens are signed with. */
export interface MediaApiKeys {
	apiKey: string;
	apiSecret: string;
}

/** The `video` grant with LiveKit's defaults applied. */
export interface VideoGrant {
	roomJoin: boolean;
	/** Room the grant is for ('' when the token names none). */
	room: string;
	roomCreate: boolean;
	roomList: boolean;
	roomRecord: boolean;
	roomAdmin: boolean;
	ingressAdmin: boolean;
	/** Defaults to true. */
	canPublish: boolean;
	/** Defaults to true. */
	canSubscribe: boolean;
	/** Defaults to `canPublish`, as in LiveKit. */
	canPublishData: boolean;
	/** Sources the participant may publish; empty means every source (when `canPublish`). */
	canPublishSources: TrackSource[];
	/** Defaults to false. */
	canUpdateOwnMetadata: boolean;
	hidden: boolean;
	recorder: boolean;
	agent: boolean;
	destinationRoom: string;
}

/** What a valid token says. */
export interface AccessTokenClaims {
	/** `sub` (or `jti` when there is no `sub`), '' when absent. */
	identity: string;
	name: string;
	metadata: string;
	attributes: Record<string, string>;
	/** Participant kind as written in the token ('' when absent), e.g. 'agent'. */
	kind: string;
	/** The `video` grant, normalised; all-false defaults when the token has none. */
	video: VideoGrant;
	/** False when the token carries no `video` claim at all (LiveKit refuses joins then). */
	hasVideoGrant: boolean;
	/** `sha256` claim (webhook bodies), '' when absent. */
	sha256: string;
	/** API key that signed it (`iss`). */
	apiKey: string;
	/** Expiry, milliseconds since the epoch. */
	expiresAt: number;
	/** `nbf` in seconds (when the token was minted, for livekit-server-sdk's tokens), or null. */
	notBefore: number | null;
	/** Raw `roomConfig` claim, when present. */
	roomConfig: unknown;
	/** The `sip` grant (SIP service calls); false when absent. */
	sip: { admin: boolean; call: boolean };
}

export type TokenVerification =
	{ ok: true; claims: AccessTokenClaims } | { ok: false; status: 401; message: string };

/** LiveKit tolerates one minute of clock skew on `exp` and `nbf` (protocol auth/verifier.go). */
export const CLOCK_SKEW_SECONDS = 60;

/** Tokens longer than this are refused before any parsing. */
const MAX_TOKEN_LENGTH = 16 * 1024;

const INVALID_TOKEN = 'invalid authorization token';

const sourceByName: Record<string, TrackSource> = {
	camera: TrackSource.CAMERA,
	microphone: TrackSource.MICROPHONE,
	screen_share: TrackSource.SCREEN_SHARE,
	screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO
};

function refuse(detail: string): TokenVerification {
	return { ok: false, status: 401, message: `${INVALID_TOKEN}: ${detail}` };
}

function decodeJsonSegment(segment: string): unknown {
	if (!/^[A-Za-z0-9_-]*$/.test(segment)) return undefined;
	try {
		return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
	} catch {
		// Not JSON: the caller turns undefined into a refusal.
		return undefined;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optionalString = (value: unknown): string | null =>
	value === undefined || value === null ? '' : typeof value === 'string' ? value : null;

const flag = (value: unknown, fallback: boolean): boolean =>
	typeof value === 'boolean' ? value : fallback;

function normaliseVideoGrant(raw: Record<string, unknown>): VideoGrant {
	const canPublish = flag(raw.canPublish, true);
	const sources = Array.isArray(raw.canPublishSources) ? raw.canPublishSources : [];
	const canPublishSources: TrackSource[] = [];
	for (const source of sources) {
		// LiveKit writes sources as lower-case names; accept the enum numbers too.
		const value =
			typeof source === 'string'
				? (sourceByName[source.toLowerCase()] ?? TrackSource.UNKNOWN)
				: typeof source === 'number' && source in TrackSource
					? (source as TrackSource)
					: TrackSource.UNKNOWN;
		if (!canPublishSources.includes(value)) canPublishSources.push(value);
	}
	return {
		roomJoin: flag(raw.roomJoin, false),
		room: typeof raw.room === 'string' ? raw.room : '',
		roomCreate: flag(raw.roomCreate, false),
		roomList: flag(raw.roomList, false),
		roomRecord: flag(raw.roomRecord, false),
		roomAdmin: flag(raw.roomAdmin, false),
		ingressAdmin: flag(raw.ingressAdmin, false),
		canPublish,
		canSubscribe: flag(raw.canSubscribe, true),
		canPublishData: flag(raw.canPublishData, canPublish),
		canPublishSources,
		canUpdateOwnMetadata: flag(raw.canUpdateOwnMetadata, false),
		hidden: flag(raw.hidden, false),
		recorder: flag(raw.recorder, false),
		agent: flag(raw.agent, false),
		destinationRoom: typeof raw.destinationRoom === 'string' ? raw.destinationRoom : ''
	};
}

/**
 * Verifies an access token against the server's key pair: HS256 only, `iss` must be the API key,
 * `exp` required, `exp`/`nbf` checked with one minute of skew. Never throws.
 * @param now - current time in milliseconds (tests pass a fixed clock)
 */
export function verifyAccessToken(
	token: string,
	keys: MediaApiKeys,
	now: number = Date.now()
): TokenVerification {
	if (typeof token !== 'string' || token.length === 0) return refuse('empty token');
	if (token.length > MAX_TOKEN_LENGTH) return refuse('token too long');
	const parts = token.split('.');
	if (parts.length !== 3) return refuse('not a JWT');
	const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
	const header = decodeJsonSegment(headerPart);
	if (!isRecord(header)) return refuse('unreadable header');
	if (header.alg !== 'HS256') return refuse(`signing method ${String(header.alg)} is invalid`);
	const payload = decodeJsonSegment(payloadPart);
	if (!isRecord(payload)) return refuse('unreadable claims');

	// LiveKit looks the secret up by `iss`: an unknown key is its own error.
	if (typeof payload.iss !== 'string' || payload.iss !== keys.apiKey) {
		return { ok: false, status: 401, message: 'invalid API key' };
	}

	if (!/^[A-Za-z0-9_-]*$/.test(signaturePart)) return refuse('signature is invalid');
	const expected = createHmac('sha256', keys.apiSecret)
		.update(`${headerPart}.${payloadPart}`)
		.digest();
	const given = Buffer.from(signaturePart, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return refuse('signature is invalid');
	}

	const nowSeconds = now / 1000;
	if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) {
		return refuse('token is missing required claim: exp claim is required');
	}
	if (payload.exp + CLOCK_SKEW_SECONDS < nowSeconds) return refuse('token is expired');
	if (payload.nbf !== undefined) {
		if (typeof payload.nbf !== 'number' || !Number.isFinite(payload.nbf)) {
			return refuse('nbf claim is not a number');
		}
		if (payload.nbf - CLOCK_SKEW_SECONDS > nowSeconds) return refuse('token is not valid yet');
	}

	const sub = optionalString(payload.sub);
	const jti = optionalString(payload.jti);
	const name = optionalString(payload.name);
	const metadata = optionalString(payload.metadata);
	const kind = optionalString(payload.kind);
	const sha256 = optionalString(payload.sha256);
	if ([sub, jti, name, metadata, kind, sha256].includes(null)) {
		return refuse('a string claim has another type');
	}
	const attributes: Record<string, string> = {};
	if (payload.attributes !== undefined && payload.attributes !== null) {
		if (!isRecord(payload.attributes)) return refuse('attributes must be an object');
		for (const [key, value] of Object.entries(payload.attributes)) {
			if (typeof value !== 'string') return refuse('attribute values must be strings');
			attributes[key] = value;
		}
	}
	if (payload.video !== undefined && payload.video !== null && !isRecord(payload.video)) {
		return refuse('video grant must be an object');
	}
	const hasVideoGrant = isRecord(payload.video);

	return {
		ok: true,
		claims: {
			identity: sub || jti || '',
			name: name ?? '',
			metadata: metadata ?? '',
			attributes,
			kind: kind ?? '',
			video: normaliseVideoGrant(hasVideoGrant ? (payload.video as Record<string, unknown>) : {}),
			hasVideoGrant,
			sha256: sha256 ?? '',
			apiKey: payload.iss,
			expiresAt: payload.exp * 1000,
			notBefore: typeof payload.nbf === 'number' ? payload.nbf : null,
			roomConfig: payload.roomConfig,
			sip: {
				admin: isRecord(payload.sip) && flag(payload.sip.admin, false),
				call: isRecord(payload.sip) && flag(payload.sip.call, false)
			}
		}
	};
}

export type JoinCheck =
	{ ok: true; room: string; identity: string } | { ok: false; status: 400 | 401; message: string };

/**
 * Whether verified claims allow joining a room, with LiveKit's refusals
 * (pkg/service/utils.go ValidateConnectRequest).
 * @param roomFromUrl - a `room` query parameter; the token's room wins when it names one
 */
export function checkJoinGrant(claims: AccessTokenClaims, roomFromUrl = ''): JoinCheck {
	if (!claims.hasVideoGrant || !claims.video.roomJoin) {
		return { ok: false, status: 401, message: 'permissions denied' };
	}
	if (!claims.identity) return { ok: false, status: 400, message: 'identity cannot be empty' };
	const room = claims.video.room || roomFromUrl;
	if (!room) return { ok: false, status: 400, message: 'no room name' };
	return { ok: true, room, identity: claims.identity };
}

/** Whether the grant allows publishing a track from that source (LiveKit's GetCanPublishSource). */
export function canPublishSource(grant: VideoGrant, source: TrackSource): boolean {
	if (!grant.canPublish) return false;
	return grant.canPublishSources.length === 0 || grant.canPublishSources.includes(source);
}

/** The grant as the `ParticipantPermission` sent to clients in `ParticipantInfo.permission`. */
export function participantPermission(grant: VideoGrant): ParticipantPermission {
	return new ParticipantPermission({
		canPublish: grant.canPublish,
		canPublishData: grant.canPublishData,
		canSubscribe: grant.canSubscribe,
		canPublishSources: [...grant.canPublishSources],
		canUpdateMetadata: grant.canUpdateOwnMetadata,
		hidden: grant.hidden,
		recorder: grant.recorder,
		agent: grant.agent
	});
}

/**
 * Signs claims the way livekit-server-sdk's AccessToken does (HS256, `iss` = API key, `nbf` = now,
 * `exp` = now + ttl). The webhook sender uses it with a `sha256` claim.
 */
export function signAccessToken(
	claims: Record<string, unknown>,
	keys: MediaApiKeys,
	ttlSeconds: number,
	now: number = Date.now()
): string {
	const issuedAt = Math.floor(now / 1000);
	const header = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
	const payload = Buffer.from(
		JSON.stringify({ ...claims, iss: keys.apiKey, nbf: issuedAt, exp: issuedAt + ttlSeconds })
	).toString('base64url');
	const signature = createHmac('sha256', keys.apiSecret)
		.update(`${header}.${payload}`)
		.digest('base64url');
	return `${header}.${payload}.${signature}`;
}

/** The token of an `Authorization: Bearer <token>` header; null when the header is not one. */
export function bearerToken(header: string | undefined | null): string | null {
	if (!header || !header.startsWith('Bearer ')) return null;
	return header.slice('Bearer '.length).trim() || null;
}

/** What a Twirp method needs from the caller's grant (LiveKit's Ensure*Permission). */
export type RoomServiceRequirement =
	| { kind: 'create' }
	| { kind: 'list' }
	| { kind: 'record' }
	| { kind: 'admin'; room: string }
	| { kind: 'ingress' }
	| { kind: 'sip-admin' }
	| { kind: 'sip-call' };

/** A Twirp error value: code, HTTP status and message. */
export interface TwirpFailure {
	code: 'unauthenticated';
	status: 401;
	msg: string;
}

export type RoomServiceAuthorization =
	{ ok: true; claims: AccessTokenClaims } | { ok: false; error: TwirpFailure };

const unauthenticated = (msg: string): { ok: false; error: TwirpFailure } => ({
	ok: false,
	error: { code: 'unauthenticated', status: 401, msg }
});

/**
 * Authenticates a RoomService caller from its `Authorization` header, before the request is read:
 * a malformed header or a bad token is refused; no header at all gives `claims: null` (LiveKit then
 * refuses the call at its grant check, with "permissions denied").
 */
export function authenticateRoomServiceCaller(
	authorizationHeader: string | undefined | null,
	keys: MediaApiKeys,
	now: number = Date.now()
): { ok: true; claims: AccessTokenClaims | null } | { ok: false; error: TwirpFailure } {
	if (!authorizationHeader) return { ok: true, claims: null };
	const token = bearerToken(authorizationHeader);
	if (token === null) {
		return unauthenticated('invalid authorization header. Must start with Bearer ');
	}
	const verified = verifyAccessToken(token, keys, now);
	if (!verified.ok) return unauthenticated(verified.message);
	return { ok: true, claims: verified.claims };
}

/** Whether verified claims carry the grant a RoomService method needs. */
export function grantAllows(
	claims: AccessTokenClaims | null,
	requirement: RoomServiceRequirement
): boolean {
	// The SIP grant stands on its own: LiveKit checks it without a video grant.
	if (requirement.kind === 'sip-admin') return claims?.sip.admin ?? false;
	if (requirement.kind === 'sip-call') return claims?.sip.call ?? false;
	if (!claims?.hasVideoGrant) return false;
	const video = claims.video;
	switch (requirement.kind) {
		case 'create':
			return video.roomCreate;
		case 'list':
			return video.roomList;
		case 'record':
			return video.roomRecord;
		case 'admin':
			return video.roomAdmin && video.room === requirement.room;
		case 'ingress':
			return video.ingressAdmin;
	}
}

/**
 * Authorises a RoomService call from its `Authorization` header. LiveKit answers 401 both for a bad
 * token and for a valid token that lacks the grant (`twirpAuthError` wraps "permissions denied" as
 * Twirp `unauthenticated`), so every failure here is 401.
 */
export function authorizeRoomService(
	authorizationHeader: string | undefined | null,
	requirement: RoomServiceRequirement,
	keys: MediaApiKeys,
	now: number = Date.now()
): RoomServiceAuthorization {
	const caller = authenticateRoomServiceCaller(authorizationHeader, keys, now);
	if (!caller.ok) return caller;
	if (!caller.claims || !grantAllows(caller.claims, requirement)) {
		return unauthenticated('permissions denied');
	}
	return { ok: true, claims: caller.claims };
}
