// Calls end with membership. Someone removed from a company (or who left it) is taken out of its
// rooms through the RoomService at once, and a participant reported joining who is not a member
// (with a token minted before the removal, still valid for up to TOKEN_TTL_SECONDS) is taken out
// as soon as the participant_joined webhook arrives. Both work the same against LiveKit and the
// embedded media server; the embedded one also refuses such tokens at the door (see
// media-admission.ts).
//
// Ending a session (log-out, password change, "sign out everywhere else") leaves calls alone: a
// LiveKit identity is the person, not the device, so removing it would also cut the call the same
// person has open on the device they are still signed in on. A call is reached through a token
// the app mints for a member only, for ten minutes at most; a device whose session ended can get
// no new one.
import { and, eq, sql } from 'drizzle-orm';
import type { WebhookEvent } from 'livekit-server-sdk';
import { onAccessEnded } from '../auth/access-ended';
import { getDb } from '../db';
import { memberships, rooms } from '../db/schema';
import { logger } from '../logger';
import { roomService } from './livekit';
import { revokeMediaAdmission } from './media-admission';
import { moderate } from './moderation';
import { liveKitRoomName, roomByLiveKitName } from './rooms';

function isMember(companyId: string, userId: string): boolean {
	const row = getDb()
		.select({ n: sql<number>`1` })
		.from(memberships)
		.where(and(eq(memberships.companyId, companyId), eq(memberships.userId, userId)))
		.get();
	return row !== undefined;
}

/**
 * Removes the person from every active room of the company (each removal also clears their
 * presence and tells the company's pages). Rooms where they are not are skipped.
 */
export async function removeFromCompanyCalls(companyId: string, userId: string): Promise<void> {
	const service = roomService();
	if (!service) return;
	const companyRooms = getDb()
		.select({ id: rooms.id, livekitName: rooms.livekitName })
		.from(rooms)
		.where(eq(rooms.companyId, companyId))
		.all();
	if (companyRooms.length === 0) return;
	// Only rooms the media server has open: a company keeps many rooms nobody is in.
	const active = new Set(
		(await service.listRooms(companyRooms.map((room) => room.livekitName))).map((r) => r.name)
	);
	for (const room of companyRooms) {
		if (!active.has(room.livekitName)) continue;
		// 'not_in_room' is the usual answer; a failure is logged by moderate().
		await moderate(companyId, room, 'remove', userId);
	}
}

/**
 * After a participant_joined event: a participant who is not (or no longer) a member of the
 * room's company is removed at once. Returns whether it was.
 */
export async function removeIfNotMember(event: WebhookEvent): Promise<boolean> {
	const identity = event.participant?.identity;
	const roomName = event.room?.name;
	if (event.event !== 'participant_joined' || !identity || !roomName) return false;
	const room = roomByLiveKitName(roomName);
	if (!room || isMember(room.companyId, identity)) return false;
	logger().warn(
		{ room: room.id },
		'someone who is not a member joined a call (a token minted before their removal): removing them'
	);
	const outcome = await moderate(
		room.companyId,
		{ id: room.id, livekitName: roomName },
		'remove',
		identity
	);
	return outcome === 'ok';
}

const KEY = Symbol.for('hameau.video.revocation');
const store = globalThis as typeof globalThis & { [KEY]?: () => void };

/** Takes former members out of calls as their membership ends (once per process). */
export function endCallsWithMembership(): void {
	store[KEY] ??= onAccessEnded((ended) => {
		if (ended.kind !== 'membership') return;
		revokeMediaAdmission({
			roomPrefix: liveKitRoomName(ended.companyId, ''),
			identity: ended.userId,
			at: Date.now()
		});
		removeFromCompanyCalls(ended.companyId, ended.userId).catch((error: unknown) =>
			logger().error(
				{ err: error, companyId: ended.companyId },
				'former member not removed from calls'
			)
		);
	});
}
