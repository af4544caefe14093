// Managers moderate through the media server's API, never through a browser token.
import { DataPacket_Kind, TrackSource, type RoomServiceClient } from 'livekit-server-sdk';
import { MODERATION_TOPIC, type ModerationNotice } from '$lib/call/moderation-notice';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { roomPresence } from '../db/schema';
import { logger } from '../logger';
import { isNotFound, roomService } from './livekit';
import { notifyOccupancyChanged } from './notify';
import { clearRoomPresence } from './presence';
import type { RoomView } from './rooms';

export const moderationActions = ['mute_microphone', 'mute_camera', 'remove', 'end'] as const;
export type ModerationAction = (typeof moderationActions)[number];

export type ModerationOutcome = 'ok' | 'not_in_room' | 'unavailable' | 'failed';

/** The manager who acts, named to the person their action reaches. */
export type Moderator = { name: string };

export async function moderate(
	companyId: string,
	room: Pick<RoomView, 'id' | 'livekitName'>,
	action: ModerationAction,
	identity: string,
	moderator?: Moderator
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
				if (tracks.length > 0 && moderator) {
					await tellWhoMuted(service, room.livekitName, identity, {
						source: action === 'mute_microphone' ? 'microphone' : 'camera',
						by: moderator.name
					});
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

/**
 * The media server tells a muted person only that a track was muted, not by whom: a data
 * message from the server (no participant can send one in its name) says who, so their call can
 * tell them. The mute is done either way: a message that does not leave is logged, not failed.
 */
async function tellWhoMuted(
	service: RoomServiceClient,
	livekitRoom: string,
	identity: string,
	notice: ModerationNotice
): Promise<void> {
	try {
		await service.sendData(
			livekitRoom,
			new TextEncoder().encode(JSON.stringify(notice)),
			DataPacket_Kind.RELIABLE,
			{ destinationIdentities: [identity], topic: MODERATION_TOPIC }
		);
	} catch (error) {
		logger().warn({ err: error, room: livekitRoom }, 'who muted was not said');
	}
}
