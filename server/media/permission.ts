// What a new permission (RoomService UpdateParticipant) means for a participant already in a
// room. Decided here, without a participant, so the rules can be read and tested on their own; the
// participant applies the result to itself (participant.ts, `update`).
import type { ParticipantPermission } from '@livekit/protocol';
import type { VideoGrant } from './auth';

/** The outcome of a permission change. */
export interface PermissionChange {
	/** The grant with the permission's fields replaced; the token's other fields are kept. */
	grant: VideoGrant;
	/** Whether its published tracks are unpublished (it may no longer publish at all). */
	unpublishTracks: boolean;
	/**
	 * 'drop': it stops receiving everything; 'catch-up': it receives what the room publishes
	 * and it wants (a participant that was not allowed to subscribe receives it from now on).
	 */
	subscriptions: 'drop' | 'catch-up';
}

export function permissionChange(
	grant: VideoGrant,
	permission: ParticipantPermission
): PermissionChange {
	return {
		grant: {
			...grant,
			canPublish: permission.canPublish,
			canSubscribe: permission.canSubscribe,
			canPublishData: permission.canPublishData,
			canPublishSources: [...permission.canPublishSources],
			canUpdateOwnMetadata: permission.canUpdateMetadata,
			hidden: permission.hidden
		},
		unpublishTracks: !permission.canPublish,
		subscriptions: permission.canSubscribe ? 'catch-up' : 'drop'
	};
}
