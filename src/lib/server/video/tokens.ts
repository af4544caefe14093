// Access tokens for the browser: identity = user id, name and house in the token, grants from
// the role. Moderation happens on the server (RoomServiceClient), so no browser gets roomAdmin.
import { createHash } from 'node:crypto';
import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { Role } from '../db/schema';
import type { LiveKitKeys } from './livekit';

/** Tokens only open the door: livekit-client reconnects with refreshed ones, we rejoin with new ones. */
export const TOKEN_TTL_SECONDS = 10 * 60;

/**
 * The participant attribute naming the session that minted the token (as a one-way tag of its id:
 * every client in the room reads attributes), so that ending the session ends its call and not
 * the call the same person has open on another device. See revocation.ts.
 */
export const SESSION_ATTRIBUTE = 'hameau.session';

/** The tag of a session in SESSION_ATTRIBUTE. */
export function callSessionTag(sessionId: string): string {
	return createHash('sha256').update(`call:${sessionId}`).digest('base64url').slice(0, 22);
}

/** What a participant's LiveKit metadata carries (JSON), read by every client in the room. */
export type ParticipantMetadata = {
	/**
	 * The house the member is at now, else their home house; for a room device, the house whose
	 * room it is in (participant-house.ts).
	 */
	houseId: string | null;
	houseName: string | null;
	role: Role;
	/** A house's shared device carrying the room's camera and microphone. */
	roomDevice: boolean;
};

/** The grants of a role in a room. Every member speaks, shows and shares; none administers. */
export function grantsFor(role: Role, livekitRoom: string): VideoGrant {
	// Roles differ in what they may do through the app (moderation), not in the browser's token.
	void role;
	return {
		room: livekitRoom,
		roomJoin: true,
		canSubscribe: true,
		canPublish: true,
		canPublishSources: [
			TrackSource.CAMERA,
			TrackSource.MICROPHONE,
			TrackSource.SCREEN_SHARE,
			TrackSource.SCREEN_SHARE_AUDIO
		],
		canPublishData: true,
		// Name and house come from the app: a participant cannot rewrite them in the room.
		canUpdateOwnMetadata: false,
		roomAdmin: false,
		roomCreate: false,
		roomList: false,
		roomRecord: false
	};
}

export type TokenRequest = {
	keys: LiveKitKeys;
	livekitRoom: string;
	userId: string;
	/** The session asking for the token (tagged on the participant, see SESSION_ATTRIBUTE). */
	sessionId: string;
	name: string;
	metadata: ParticipantMetadata;
};

/** A signed JWT for one person in one room. */
export function mintRoomToken(request: TokenRequest): Promise<string> {
	const token = new AccessToken(request.keys.apiKey, request.keys.apiSecret, {
		identity: request.userId,
		name: request.name,
		metadata: JSON.stringify(request.metadata),
		// canUpdateOwnMetadata is false: the participant cannot change or drop the tag.
		attributes: { [SESSION_ATTRIBUTE]: callSessionTag(request.sessionId) },
		ttl: TOKEN_TTL_SECONDS
	});
	token.addGrant(grantsFor(request.metadata.role, request.livekitRoom));
	return token.toJwt();
}
