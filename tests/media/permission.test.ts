// What a new permission (RoomService UpdateParticipant) means for a participant in a room.
import { ParticipantPermission, TrackSource } from '@livekit/protocol';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken, type VideoGrant } from '../../server/media/auth';
import { permissionChange } from '../../server/media/permission';

const keys = { apiKey: 'APIpermission', apiSecret: 'a-secret-that-is-long-enough-for-hs256-0002' };

/** The grant of a token that only asks to join a room: LiveKit's defaults (publish, subscribe). */
function memberGrantOf(): VideoGrant {
	const token = signAccessToken(
		{ sub: 'user-1', video: { roomJoin: true, room: 'hameau_co1_hall' } },
		keys,
		60
	);
	const verified = verifyAccessToken(token, keys);
	if (!verified.ok) throw new Error(verified.message);
	return verified.claims.video;
}
const memberGrant = memberGrantOf();

const permission = (fields: Partial<ParticipantPermission>) =>
	new ParticipantPermission({
		canPublish: true,
		canSubscribe: true,
		canPublishData: true,
		...fields
	});

describe('a permission change', () => {
	it('replaces the permission fields of the grant and keeps what the token said otherwise', () => {
		const change = permissionChange(
			memberGrant,
			permission({
				canPublishData: false,
				canPublishSources: [TrackSource.MICROPHONE],
				canUpdateMetadata: true,
				hidden: true
			})
		);
		expect(change.grant).toEqual({
			...memberGrant,
			canPublishData: false,
			canPublishSources: [TrackSource.MICROPHONE],
			canUpdateOwnMetadata: true,
			hidden: true
		});
	});

	it('unpublishes the tracks of someone who may no longer publish, and only then', () => {
		const silenced = permissionChange(memberGrant, permission({ canPublish: false }));
		expect(silenced.unpublishTracks).toBe(true);
		expect(silenced.grant.canPublish).toBe(false);
		expect(permissionChange(memberGrant, permission({})).unpublishTracks).toBe(false);
		// Narrowing the sources leaves published tracks alone: only new ones are checked.
		const micOnly = permission({ canPublishSources: [TrackSource.MICROPHONE] });
		expect(permissionChange(memberGrant, micOnly).unpublishTracks).toBe(false);
	});

	it('drops what someone receives when they may no longer subscribe, and catches up otherwise', () => {
		expect(permissionChange(memberGrant, permission({ canSubscribe: false })).subscriptions).toBe(
			'drop'
		);
		const deaf = { ...memberGrant, canSubscribe: false };
		expect(permissionChange(deaf, permission({ canSubscribe: true })).subscriptions).toBe(
			'catch-up'
		);
	});

	it('leaves the grant it was given untouched', () => {
		const grant = { ...memberGrant, canPublishSources: [TrackSource.CAMERA] };
		permissionChange(grant, permission({ canPublish: false, canPublishSources: [] }));
		expect(grant.canPublish).toBe(true);
		expect(grant.canPublishSources).toEqual([TrackSource.CAMERA]);
	});
});
