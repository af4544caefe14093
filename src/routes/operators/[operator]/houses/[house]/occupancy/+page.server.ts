import { OPERATOR_LIVE } from '$lib/operator-live';
import { requireOperatorHouse } from '$lib/server/operators/houses';
import { houseLoad } from '$lib/server/presence/capacity';
import { weekDates, weekStart } from '$lib/server/presence/planner';
import { addDays, isIsoDate } from '$lib/zoned-time';
import type { PageServerLoad } from './$types';

// The operator's view of a house's week: each company's planned people per day (counts; naming
// the companies is fine for the operator, naming people is not), its reserved seats, and the seats
// the companies hold together against the house's seats.
export const load: PageServerLoad = (event) => {
	const { house } = requireOperatorHouse(event, 'staff');
	event.depends(OPERATOR_LIVE);
	const param = event.url.searchParams.get('week');
	const monday = weekStart(param && isIsoDate(param) ? param : null, house.timeZone);
	const dates = weekDates(monday);
	const loads = houseLoad(house, dates);
	return {
		house: { id: house.id, name: house.name, seats: house.seats },
		monday,
		dates,
		previousWeek: addDays(monday, -7),
		nextWeek: addDays(monday, 7),
		companies: loads.map(({ companyId, companyName, planned, reserved }) => ({
			id: companyId,
			name: companyName,
			planned,
			reserved
		})),
		totals: dates.map((date, index) => {
			const planned = loads.reduce((sum, load) => sum + load.planned[index], 0);
			const held = loads.reduce(
				(sum, load) => sum + Math.max(load.planned[index], load.reserved[index]),
				0
			);
			return { date, planned, held, overCapacity: held > house.seats };
		})
	};
};
