// Occupancy of houses against their seats, planned or on site, and seats shared between the
// companies of a house. Seats are needed at the same time, so a day's
// occupancy is the busier of its two halves: two people in the morning and two others in the
// afternoon need two seats, not four.
import { eq } from 'drizzle-orm';
import { getDb } from '../db';
import { companies, companyHouses, memberships } from '../db/schema';
import { todayIn } from '../../zoned-time';
import { boardHouses } from './board';
import { agreementsAtHouse, reservedSeatsOn } from '../agreements/in-force';
import { isAt, resolveRange, type ResolvedDay } from './plans';

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
	days: Iterable<readonly ResolvedDay[]>,
	/** Count check-ins only (people on site) instead of plans. */
	onSite = false
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
			if (isAt(day.am, house.id, onSite)) slot.am += 1;
			if (isAt(day.pm, house.id, onSite)) slot.pm += 1;
		});
	}
	for (const slot of result) {
		slot.peak = Math.max(slot.am, slot.pm);
		slot.personDays = (slot.am + slot.pm) / 2;
		slot.overCapacity = slot.peak > house.seats;
	}
	return result;
}

/** One company's load on a house, date by date: people planned at once, and seats it reserves. */
export type CompanyLoad = {
	companyId: string;
	companyName: string;
	/** Planned people at the same time (check-ins included: they resolve as plans there). */
	planned: number[];
	/** Seats its agreement in force reserves (0 without an agreement). */
	reserved: number[];
};

/** The companies that work at a house (linked to it, or with an agreement there), by name. */
function houseCompanies(houseId: string): Array<{ id: string; name: string }> {
	return getDb()
		.select({ id: companies.id, name: companies.name })
		.from(companyHouses)
		.innerJoin(companies, eq(companyHouses.companyId, companies.id))
		.where(eq(companyHouses.houseId, houseId))
		.all();
}

function memberIds(companyId: string): string[] {
	return getDb()
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(eq(memberships.companyId, companyId))
		.all()
		.map((row) => row.userId);
}

/**
 * Every company's planned people and reserved seats at a house on each date. Counts only: the
 * people behind them never leave this function.
 */
export function houseLoad(house: { id: string; seats: number }, dates: readonly string[]) {
	const agreementsHere = agreementsAtHouse(house.id);
	const companyList = new Map(houseCompanies(house.id).map((row) => [row.id, row.name]));
	for (const agreement of agreementsHere) {
		companyList.set(agreement.companyId, agreement.companyName);
	}
	const loads: CompanyLoad[] = [];
	for (const [companyId, companyName] of companyList) {
		const days = resolveRange(companyId, memberIds(companyId), dates);
		const agreement = agreementsHere.find((row) => row.companyId === companyId);
		loads.push({
			companyId,
			companyName,
			planned: houseOccupancy(house, dates, days.values()).map((day) => day.peak),
			reserved: dates.map((date) => (agreement ? reservedSeatsOn(agreement, date) : 0))
		});
	}
	return loads.sort((a, b) => a.companyName.localeCompare(b.companyName));
}

/** A company's view of a shared house on one day: counts only, never who the others are. */
export type SharedDay = {
	date: string;
	seats: number;
	/** This company's planned people at once. */
	planned: number;
	/** Seats this company's agreement reserves for it. */
	reserved: number;
	/** Seats the other companies hold: each the larger of its reserved seats and its planned people. */
	others: number;
	/** seats − others − planned; below 0 when over capacity. */
	seatsLeft: number;
	overCapacity: boolean;
};

/** Seats a company's loads leave on each date (see SharedDay). */
export function sharedDays(
	house: { seats: number },
	companyId: string,
	dates: readonly string[],
	loads: readonly CompanyLoad[]
): SharedDay[] {
	return dates.map((date, index) => {
		let others = 0;
		let planned = 0;
		let reserved = 0;
		for (const load of loads) {
			if (load.companyId === companyId) {
				planned = load.planned[index];
				reserved = load.reserved[index];
			} else others += Math.max(load.reserved[index], load.planned[index]);
		}
		const seatsLeft = house.seats - others - planned;
		return {
			date,
			seats: house.seats,
			planned,
			reserved,
			others,
			seatsLeft,
			overCapacity: seatsLeft < 0
		};
	});
}

/** Seats left at a house for a company on each date, across all the companies there. */
export function sharedCapacity(
	house: { id: string; seats: number },
	companyId: string,
	dates: readonly string[]
): SharedDay[] {
	return sharedDays(house, companyId, dates, houseLoad(house, dates));
}

/** Today's seats left at each of the company's houses, by house id (for the board). */
export function seatsLeftToday(companyId: string, now = Date.now()): Map<string, SharedDay> {
	const result = new Map<string, SharedDay>();
	for (const house of boardHouses(companyId)) {
		const [today] = sharedCapacity(house, companyId, [todayIn(house.timeZone, now)]);
		result.set(house.id, today);
	}
	return result;
}
