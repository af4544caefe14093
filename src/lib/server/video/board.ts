// The presence board shows which video room each person is in, with a link to join them. Only
// rooms open to every member appear there: who sits in a meeting for chosen people, or in a
// stand-up's call (its people and the managers only), is not everyone's business.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { BoardRoom } from '../../live-events';
import { m } from '$lib/paraglide/messages';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { companies, houses, roomPresence, rooms } from '../db/schema';
import { registerRoomLookup } from '../presence/board';

/** Who is in which room open to every member, keyed by user id. */
export function peopleInOpenRooms(companyId: string): Map<string, BoardRoom> {
	// Every board load asks: built once (see prepared.ts).
	const rows = prepared(getDb(), 'video-people-in-open-rooms', (db) =>
		db
			.select({
				userId: roomPresence.identity,
				roomId: rooms.id,
				kind: rooms.kind,
				name: rooms.name,
				houseName: houses.name,
				slug: companies.slug
			})
			.from(roomPresence)
			.innerJoin(rooms, eq(roomPresence.roomId, rooms.id))
			.innerJoin(companies, eq(rooms.companyId, companies.id))
			.leftJoin(houses, eq(rooms.houseId, houses.id))
			.where(
				and(
					eq(rooms.companyId, sql.placeholder('companyId')),
					eq(rooms.access, 'everyone'),
					// A stand-up's room is its people's and the managers' (standupRoomOpenTo).
					ne(rooms.kind, 'standup')
				)
			)
			.prepare()
	).all({ companyId });
	return new Map(
		rows.map((row) => [
			row.userId,
			{
				id: row.roomId,
				name:
					row.kind === 'all_hands'
						? m.video_room_all_hands()
						: row.kind === 'house'
							? (row.houseName ?? '')
							: row.name,
				joinUrl: `/${row.slug}/rooms/${row.roomId}`
			}
		])
	);
}

/** Called once at start: the board asks us where people are. */
export function showRoomsOnBoard(): void {
	registerRoomLookup(peopleInOpenRooms);
}
