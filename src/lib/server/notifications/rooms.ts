// Video room notifications: invited to a meeting room, and someone joined the room of a house
// you are in today (from the room presence webhook).
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { houses, memberships, roomPresence, rooms } from '../db/schema';
import { isAt, resolveRange } from '../presence/plans';
import { todayIn } from '../../zoned-time';
import { companySlug, notify } from './notifications';

/** The people invited to a new meeting room (members only, already checked), but its creator. */
export function notifyRoomInvitees(
	room: { id: string; companyId: string; name: string },
	inviteeIds: string[],
	actorId: string
): string[] {
	return notify(
		inviteeIds.filter((id) => id !== actorId),
		'room_invite',
		{
			companyId: room.companyId,
			actorId,
			payload: { room: room.name },
			link: `/${companySlug(room.companyId)}/rooms/${room.id}`,
			dedupeKey: `room_invite:${room.id}`
		}
	);
}

/**
 * Someone entered a house's room: their colleagues of the same company whose day (in the house's
 * time zone) is at that house tell them, planned or checked in, for either half of the day. The
 * day is the board's: a day plan, else the usual week (resolveDay), so someone whose usual week
 * puts them there and who planned nothing else is told too. Once a day per person and room (a
 * replayed webhook, a rejoin after a dropped link notify nobody twice), and never for the house's
 * room device.
 */
export function notifyHouseRoomJoined(
	roomId: string,
	joinerId: string,
	now = Date.now()
): string[] {
	const db = getDb();
	const room = db
		.select({
			companyId: rooms.companyId,
			kind: rooms.kind,
			houseId: rooms.houseId,
			houseName: houses.name,
			timeZone: houses.timeZone
		})
		.from(rooms)
		.innerJoin(houses, eq(houses.id, rooms.houseId))
		.where(eq(rooms.id, roomId))
		.get();
	if (!room || room.kind !== 'house' || !room.houseId) return [];
	const houseId = room.houseId;
	// The house's screen signing in as someone (its camera and microphone) is no colleague coming.
	const device = db
		.select({ roomDevice: roomPresence.roomDevice })
		.from(roomPresence)
		.where(and(eq(roomPresence.roomId, roomId), eq(roomPresence.identity, joinerId)))
		.get();
	if (device?.roomDevice) return [];
	const today = todayIn(room.timeZone, now);
	// Current members only: the plans and usual weeks of someone who left may still be there.
	const colleagues = db
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(eq(memberships.companyId, room.companyId))
		.all()
		.map((row) => row.userId)
		.filter((userId) => userId !== joinerId);
	const there = [...resolveRange(room.companyId, colleagues, [today])]
		.filter(([, [day]]) => isAt(day.am, houseId) || isAt(day.pm, houseId))
		.map(([userId]) => userId);
	if (there.length === 0) return [];
	return notify(there, 'house_room_joined', {
		companyId: room.companyId,
		actorId: joinerId,
		payload: { room: room.houseName },
		link: `/${companySlug(room.companyId)}/rooms/${roomId}`,
		// Once a day per person and room: a dropped link's rejoin is not news.
		dedupeKey: `house_room_joined:${roomId}:${joinerId}:${today}`
	});
}
