// Who may enter a stand-up's video room: its participants and whoever may run it. Registered
// with the rooms module (src/lib/server/video/rooms.ts, see video-rooms.ts), which filters every
// room lookup and listing with this, so the token endpoint, the call page, its chat and the rooms
// page all answer 404 to anyone else.
import { sql, type SQL } from 'drizzle-orm';
import { memberships, rooms, standupHouses, standupParticipants, standups } from '../db/schema';

/**
 * The condition that `userId` takes part in the stand-up of the query's `standups` row, whose
 * `memberships` row (theirs, in its company) the query has joined: everyone, the home members of
 * its houses, or its chosen people. Shared with the calendar feeds.
 */
export function takesPartIn(userId: string): SQL {
	return sql`(
		${standups.audience} = 'everyone'
		or (${standups.audience} = 'houses' and exists (
			select 1 from ${standupHouses}
			where ${standupHouses.standupId} = ${standups.id}
				and ${standupHouses.houseId} = ${memberships.homeHouseId}))
		or (${standups.audience} = 'people' and exists (
			select 1 from ${standupParticipants}
			where ${standupParticipants.standupId} = ${standups.id}
				and ${standupParticipants.userId} = ${userId}))
	)`;
}

/**
 * The condition on `rooms` that a stand-up room is open to `userId`: a manager or owner of the
 * company (they may always run it), or a participant — everyone, the home members of its houses,
 * or its chosen people. The same rules as participantsOf() and mayRun() in standups.ts, in SQL
 * (tests/standups/room-access.test.ts holds the two together).
 */
export function standupRoomOpenTo(userId: string): SQL {
	return sql`exists (
		select 1 from ${standups}
		inner join ${memberships}
			on ${memberships.companyId} = ${standups.companyId} and ${memberships.userId} = ${userId}
		where ${standups.roomId} = ${rooms.id} and (
			${memberships.role} in ('owner', 'manager') or ${takesPartIn(userId)}
		))`;
}
