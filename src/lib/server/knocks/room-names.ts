// The room a knock's call opens is named after its two people, the knocker first ("Marc & Anna"):
// it is listed, to the two of them only, while the call is on, and that is how they recognise it
// among their rooms (a name-less "Quick call" would not tell two calls apart). When one of them
// deletes their account, the rooms of their knocks are renamed so their name goes: their side
// reads the former-member wording.
import { and, eq, exists, isNotNull, or } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Executor } from '../db';
import { roomInvitees, rooms, users, type Locale } from '../db/schema';
import { ROOM_NAME_MAX } from '../video/rooms';

/** The name of the room a knock's call opens. */
export function knockRoomName(knockerName: string, knockedName: string): string {
	return `${knockerName} & ${knockedName}`.slice(0, ROOM_NAME_MAX);
}

/**
 * In the deletion's transaction, before the user row goes (its invitations cascade with it):
 * renames every knock room the person was in, listed or archived. A knock room is the one with an
 * expiry; the knocked person accepted, so created it, and the knocker is the other invitee (the
 * knock itself may be gone: archiving a room unlinks it). The wording is in the language of the
 * one who stays, English when they saved none or are gone too.
 */
export function forgetNameInKnockRooms(tx: Executor, userId: string): number {
	const invited = tx
		.select({ one: roomInvitees.userId })
		.from(roomInvitees)
		.where(and(eq(roomInvitees.roomId, rooms.id), eq(roomInvitees.userId, userId)));
	const found = tx
		.select({ id: rooms.id, knocked: rooms.createdBy })
		.from(rooms)
		.where(and(isNotNull(rooms.expiresAt), or(eq(rooms.createdBy, userId), exists(invited))))
		.all();
	for (const room of found) {
		const knocker =
			tx
				.select({ userId: roomInvitees.userId })
				.from(roomInvitees)
				.where(eq(roomInvitees.roomId, room.id))
				.all()
				.find((invitee) => invitee.userId !== room.knocked)?.userId ?? null;
		const person = (id: string | null) =>
			id === null || id === userId
				? null
				: (tx
						.select({ name: users.name, locale: users.locale })
						.from(users)
						.where(eq(users.id, id))
						.get() ?? null);
		const [from, to] = [person(knocker), person(room.knocked)];
		const locale: Locale = from?.locale ?? to?.locale ?? 'en';
		const former = m.common_former_member_name({}, { locale });
		tx.update(rooms)
			.set({ name: knockRoomName(from?.name ?? former, to?.name ?? former) })
			.where(eq(rooms.id, room.id))
			.run();
	}
	return found.length;
}
