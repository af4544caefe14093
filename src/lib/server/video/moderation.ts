// Managers moderate through the media server's API, never through a browser token.
import { TrackSource } from 'livekit-server-sdk';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { roomPresence } from '../db/schema';
import { logger } from '../logger';
import { roomService } from './livekit';
import { notifyOccupancyChanged } from './notify';
import { clearRoomPresence } from './presence';
import type { RoomView } from './rooms';

export const moderationActions = ['mute_microphone', 'mute_camera', 'remove', 'end'] as const;
export type ModerationAction = (typeof moderationActions)[number];

export type ModerationOutcome = 'ok' | 'not_in_room' | 'unavailable' | 'failed';

/** Whether the error says the room or participant does not exist (Twirp not_found). */
export function isNotFound(error: unknown): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		((error as { status?: number }).status === 404 ||
			(error as { code?: string }).code === 'not_found')
	);
}

export async function moderate(
	companyId: string,
	room: Pick<RoomView, 'id' | 'livekitName'>,
	action: ModerationAction,
	identity: string
): Promise<ModerationOutcome> {
	const service = roomService();
	if (!service) return 'unavailable';
	try {
		switch (action) {
			case 'mute_microphone':
			case 'mute_camera': {
				const source = action === 'mute_microphone' ? TrackSource.MICROPHONE : TrackSource.CAMERA;
				const participant = await service.getParticipant(room.livekitName, identity);
				const tracks = participant.tracks.filter(
					(track) => track.source === source && !track.muted
				);
				for (const track of tracks) {
					await service.mutePublishedTrack(room.livekitName, identity, track.sid, true);
				}
				return 'ok';
			}
			case 'remove': {
				await service.removeParticipant(room.livekitName, identity);
				getDb()
					.delete(roomPresence)
					.where(and(eq(roomPresence.roomId, room.id), eq(roomPresence.identity, identity)))
					.run();
				notifyOccupancyChanged(companyId, [identity]);
				return 'ok';
			}
			case 'end': {
				await service.deleteRoom(room.livekitName);
				const removed = clearRoomPresence(room.id);
				if (removed.length > 0) notifyOccupancyChanged(companyId, removed);
				return 'ok';
			}
		}
	} catch (error) {
		if (isNotFound(error)) return 'not_in_room';
		logger().error({ err: error, action, room: room.id }, 'moderation failed');
		return 'failed';
	}
}
