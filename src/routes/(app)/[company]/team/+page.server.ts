import { requireCompany } from '$lib/server/companies/access';
import { listMembers } from '$lib/server/companies/members';
import { liveHub } from '$lib/server/live/hub';
import { boardHouses, boardPerson } from '$lib/server/presence/board';
import { sharedCapacity } from '$lib/server/presence/capacity';
import { placeToValue, weekDates, weekStart } from '$lib/server/presence/planner';
import { resolveRange } from '$lib/server/presence/plans';
import { addDays, isIsoDate } from '$lib/zoned-time';
import type { PageServerLoad } from './$types';
import { TEAM_WEEK_LIVE } from './team-week-live';

// The manager's view of the team's week: who is where each day, and each house's planned
// occupancy across all its companies against its seats. Live: the page reads it again when a
// member's place or a house's counts change (TEAM_WEEK_LIVE).
export const load: PageServerLoad = async (event) => {
	const access = requireCompany(event, 'manager');
	// After the layout's load, so the live channel starts no later than this page's cursor.
	await event.parent();
	event.depends(TEAM_WEEK_LIVE);
	const companyId = access.company.id;
	// Before the week is read: a change meanwhile comes as an event after this cursor.
	const cursor = liveHub().cursor(companyId);
	const param = event.url.searchParams.get('week');
	const me = boardPerson(companyId, access.userId);
	const monday = weekStart(param && isIsoDate(param) ? param : null, me?.timeZone ?? 'UTC');
	const dates = weekDates(monday);
	const members = listMembers(companyId);
	const days = resolveRange(
		companyId,
		members.map((member) => member.userId),
		dates
	);
	const houses = boardHouses(companyId);
	return {
		cursor,
		monday,
		dates,
		previousWeek: addDays(monday, -7),
		nextWeek: addDays(monday, 7),
		houses: houses.map(({ id, name, seats }) => ({ id, name, seats })),
		members: members.map((member) => ({
			userId: member.userId,
			name: member.name,
			days: (days.get(member.userId) ?? []).map((day) => ({
				am: placeToValue(day.am),
				pm: placeToValue(day.pm)
			}))
		})),
		// Across all the companies of each house: the others as one count, never who they are.
		occupancy: houses.map((house) => ({
			houseId: house.id,
			days: sharedCapacity(house, companyId, dates).map((day) => ({
				date: day.date,
				planned: day.planned,
				others: day.others,
				peak: day.planned + day.others,
				overCapacity: day.overCapacity
			}))
		}))
	};
};
