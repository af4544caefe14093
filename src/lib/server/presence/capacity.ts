// Planned occupancy of houses against their seats. Seats are needed at the same time, so a day's
// occupancy is the busier of its two halves: two people in the morning and two others in the
// afternoon need two seats, not four.
import type { ResolvedDay } from './plans';

export type DayOccupancy = {
	date: string;
	am: number;
	pm: number;
	/** People at the same time: max(am, pm). */
	peak: number;
	/** 1 per whole day, 0.5 per half-day. */
	personDays: number;
	overCapacity: boolean;
};

/** Occupancy of one house on each date, from everyone's resolved days (same dates, same order). */
export function houseOccupancy(
	house: { id: string; seats: number },
	dates: readonly string[],
	days: Iterable<readonly ResolvedDay[]>
): DayOccupancy[] {
	const result = dates.map((date) => ({
		date,
		am: 0,
		pm: 0,
		peak: 0,
		personDays: 0,
		overCapacity: false
	}));
	for (const personDays of days) {
		personDays.forEach((day, index) => {
			const slot = result[index];
			if (day.am.kind === 'house' && day.am.houseId === house.id) slot.am += 1;
			if (day.pm.kind === 'house' && day.pm.houseId === house.id) slot.pm += 1;
		});
	}
	for (const slot of result) {
		slot.peak = Math.max(slot.am, slot.pm);
		slot.personDays = (slot.am + slot.pm) / 2;
		slot.overCapacity = slot.peak > house.seats;
	}
	return result;
}
