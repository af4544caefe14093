// Occupancy of houses against their seats, planned or on site, and seats shared between the
// companies of a house. Seats are needed at the same time, so a day's
// occupancy is the busier of its two halves: two people in the morning and two others in the
// afternoon need two seats, not four.
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { getDb } from '../db';
import { inJsonArray, prepared } from '../db/prepared';
import { companies, companyHouses, houses, memberships } from '../db/schema';
import { todayIn } from '../../zoned-time';
import type { LiveEvent, SeatCounts } from '../../live-events';
import { agreementCovers } from '../../billing/terms';
import { boardHouses, type BoardHouse, type OwnDays } from './board';
import { agreementsAtHouses, reservedSeatsOn, type HouseAgreement } from '../agreements/in-force';
import { isAt, resolveRange, type ResolvedDay } from './plans';
import { compareNames } from '../../name-order';

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
	/** People checked in at the same time (a part of `planned`). */
	checkedIn: number[];
	/** Seats its agreement in force reserves (0 without an agreement). */
	reserved: number[];
};

/** The companies linked to each house, by house id, in one query. */
function linkedCompanies(
	houseIds: readonly string[]
): Map<string, Array<{ id: string; name: string }>> {
	const byHouse = new Map<string, Array<{ id: string; name: string }>>();
	if (houseIds.length === 0) return byHouse;
	const rows = prepared(getDb(), 'capacity-linked-companies', (db) =>
		db
			.select({ houseId: companyHouses.houseId, id: companies.id, name: companies.name })
			.from(companyHouses)
			.innerJoin(companies, eq(companyHouses.companyId, companies.id))
			.where(inJsonArray(companyHouses.houseId, 'houseIds'))
			.prepare()
	).all({ houseIds: JSON.stringify(houseIds) });
	for (const { houseId, ...company } of rows) {
		const list = byHouse.get(houseId) ?? [];
		list.push(company);
		byHouse.set(houseId, list);
	}
	return byHouse;
}

/** Which of these houses an operator runs, in one query. */
function operatedHouses(houseIds: readonly string[]): Set<string> {
	if (houseIds.length === 0) return new Set();
	const rows = prepared(getDb(), 'capacity-operated-houses', (db) =>
		db
			.select({ id: houses.id })
			.from(houses)
			.where(and(inJsonArray(houses.id, 'houseIds'), isNotNull(houses.operatorId)))
			.prepare()
	).all({ houseIds: JSON.stringify(houseIds) });
	return new Set(rows.map((row) => row.id));
}

function memberIds(companyId: string): string[] {
	return prepared(getDb(), 'capacity-member-ids', (db) =>
		db
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(eq(memberships.companyId, sql.placeholder('companyId')))
			.prepare()
	)
		.all({ companyId })
		.map((row) => row.userId);
}

/**
 * What reading houses' loads needs, read once for a set of houses: their agreements and linked
 * companies (a query each for all the houses), and each company's days resolved once per set of
 * dates. The board reads all its houses through one: per house it would resolve every member's
 * day again (houses × members).
 */
type HouseReading = {
	/** Whether an operator runs the house (its seats are then shared by design). */
	operated: (houseId: string) => boolean;
	agreements: (houseId: string) => HouseAgreement[];
	linked: (houseId: string) => Array<{ id: string; name: string }>;
	days: (companyId: string, dates: readonly string[]) => Map<string, ResolvedDay[]>;
	/** A company's people at the house at once, planned and checked in, on each date. */
	peaks: (
		house: { id: string; seats: number },
		companyId: string,
		dates: readonly string[]
	) => { planned: number[]; checkedIn: number[] };
};

/** One company's peaks at houses, by `<houseId> <dates>`, kept with the days they come from. */
export type PeaksMemo = Map<string, { planned: number[]; checkedIn: number[] }>;

function houseReading(
	houseIds: readonly string[],
	/**
	 * One company's days when the caller has them already (the board has read its plans), and
	 * where to keep its peaks when they live as long as those days (the board's kept data).
	 */
	known?: { companyId: string; days: OwnDays; peaks?: PeaksMemo }
): HouseReading {
	const agreementsByHouse = agreementsAtHouses(houseIds);
	const links = linkedCompanies(houseIds);
	const operated = operatedHouses(houseIds);
	const resolved = new Map<string, Map<string, ResolvedDay[]>>();
	const days: HouseReading['days'] = (companyId, dates) => {
		const key = `${companyId} ${dates.join(',')}`;
		let found = resolved.get(key);
		if (!found) {
			found =
				known?.companyId === companyId
					? known.days(dates)
					: // Someone who has left still took a seat on the days they checked in.
						resolveRange(companyId, memberIds(companyId), dates, {
							formerCheckInsUntil: dates[dates.length - 1]
						});
			resolved.set(key, found);
		}
		return found;
	};
	return {
		operated: (houseId) => operated.has(houseId),
		agreements: (houseId) => agreementsByHouse.get(houseId) ?? [],
		linked: (houseId) => links.get(houseId) ?? [],
		days,
		peaks(house, companyId, dates) {
			// Only the known company's peaks are kept: the others' plans change with no event here.
			const memo = known?.companyId === companyId ? known.peaks : undefined;
			const key = `${house.id} ${dates.join(',')}`;
			const kept = memo?.get(key);
			if (kept) return kept;
			const everyone = days(companyId, dates);
			const peaks = {
				planned: houseOccupancy(house, dates, everyone.values()).map((day) => day.peak),
				checkedIn: houseOccupancy(house, dates, everyone.values(), true).map((day) => day.peak)
			};
			memo?.set(key, peaks);
			return peaks;
		}
	};
}

/**
 * Every company's load at a house, the agreements there, the companies linked to it, and whether
 * its seats are shared: an operated house (companies under agreement, more may come), or a
 * company's house linked to several companies. A company's own house, used by it alone, is not:
 * its figures are that company's only, and "across all companies" would mislead there.
 */
function readHouse(
	house: { id: string; seats: number },
	dates: readonly string[],
	reading: HouseReading = houseReading([house.id])
) {
	const agreementsHere = reading.agreements(house.id);
	const linked = reading.linked(house.id);
	const companyList = new Map(linked.map((row) => [row.id, row.name]));
	for (const agreement of agreementsHere) {
		companyList.set(agreement.companyId, agreement.companyName);
	}
	const loads: CompanyLoad[] = [];
	const linkedHere = new Set(linked.map((row) => row.id));
	const operated = reading.operated(house.id);
	for (const [companyId, companyName] of companyList) {
		// A company may have had several agreements here, one after the other.
		const own = agreementsHere.filter((row) => row.companyId === companyId);
		// Its people take seats only on the days it works here: at an operated house, under an
		// agreement covering the day; at a company's house, while linked to it. A company that
		// left keeps its usual week and plans at the house (nothing deletes them), and they took
		// seats from the others on every day after.
		const here = dates.map((date) =>
			operated
				? own.some((agreement) => agreementCovers(agreement, date))
				: linkedHere.has(companyId)
		);
		const { planned, checkedIn } = reading.peaks(house, companyId, dates);
		loads.push({
			companyId,
			companyName,
			planned: planned.map((count, index) => (here[index] ? count : 0)),
			checkedIn: checkedIn.map((count, index) => (here[index] ? count : 0)),
			reserved: dates.map((date) =>
				Math.max(0, ...own.map((agreement) => reservedSeatsOn(agreement, date)))
			)
		});
	}
	loads.sort((a, b) => compareNames(a.companyName, b.companyName));
	return {
		loads,
		agreements: agreementsHere,
		linked: linked.map((row) => row.id),
		shared: operated || linked.length > 1
	};
}

/**
 * Every company's planned people and reserved seats at a house on each date. Counts only: the
 * people behind them never leave this function.
 */
export function houseLoad(house: { id: string; seats: number }, dates: readonly string[]) {
	return readHouse(house, dates).loads;
}

/** A house's totals on one date, across all its companies: what each company's share is cut from. */
type HouseTotals = {
	/** Seats held: each company the larger of its reserved seats and its planned people. */
	held: number;
	/** Planned people at once (check-ins included). */
	planned: number;
	/** Checked-in people at once. */
	checkedIn: number;
};

function totalsOn(loads: readonly CompanyLoad[], index: number): HouseTotals {
	const totals: HouseTotals = { held: 0, planned: 0, checkedIn: 0 };
	for (const load of loads) {
		totals.held += Math.max(load.reserved[index], load.planned[index]);
		totals.planned += load.planned[index];
		totals.checkedIn += load.checkedIn[index];
	}
	return totals;
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
	/** Planned people at once across all the companies (this one included). */
	people: number;
	/** Checked-in people at once across all the companies. */
	checkedIn: number;
	/** Whether other companies share the house (see readHouse): the wording says so. */
	shared: boolean;
};

/**
 * One company's share of a house's day, from the house's totals: what the others hold is the
 * total less this company's own hold, so each company costs a subtraction, not a pass over the
 * others.
 */
function shareOf(
	house: { seats: number; shared: boolean },
	date: string,
	own: { planned: number; reserved: number },
	totals: HouseTotals
): SharedDay {
	const { seats, shared } = house;
	const others = totals.held - Math.max(own.reserved, own.planned);
	const seatsLeft = seats - others - own.planned;
	return {
		date,
		seats,
		planned: own.planned,
		reserved: own.reserved,
		others,
		seatsLeft,
		overCapacity: seatsLeft < 0,
		people: totals.planned,
		checkedIn: totals.checkedIn,
		shared
	};
}

/** Seats a company's loads leave on each date (see SharedDay). */
export function sharedDays(
	house: { seats: number },
	companyId: string,
	dates: readonly string[],
	read: { loads: readonly CompanyLoad[]; shared: boolean }
): SharedDay[] {
	const own = read.loads.find((load) => load.companyId === companyId);
	return dates.map((date, index) =>
		shareOf(
			{ seats: house.seats, shared: read.shared },
			date,
			{ planned: own?.planned[index] ?? 0, reserved: own?.reserved[index] ?? 0 },
			totalsOn(read.loads, index)
		)
	);
}

/** Seats left at a house for a company on each date, across all the companies there. */
export function sharedCapacity(
	house: { id: string; seats: number },
	companyId: string,
	dates: readonly string[]
): SharedDay[] {
	return sharedDays(house, companyId, dates, readHouse(house, dates));
}

/**
 * Today's seats left at each of the company's houses, by house id (for the board): `houseList`
 * when the caller has read them already (the board has).
 */
export function seatsLeftToday(
	companyId: string,
	now = Date.now(),
	houseList: readonly BoardHouse[] = boardHouses(companyId),
	ownDays?: OwnDays,
	ownPeaks?: PeaksMemo
): Map<string, SharedDay> {
	const result = new Map<string, SharedDay>();
	const reading = houseReading(
		houseList.map((house) => house.id),
		ownDays && { companyId, days: ownDays, peaks: ownPeaks }
	);
	for (const house of houseList) {
		const dates = [todayIn(house.timeZone, now)];
		const [today] = sharedDays(house, companyId, dates, readHouse(house, dates, reading));
		result.set(house.id, today);
	}
	return result;
}

/** Today's seats at each of the board's houses as it shows them (counts), by house id. */
export function seatCountsToday(
	companyId: string,
	houseList: readonly BoardHouse[],
	now = Date.now(),
	ownDays?: OwnDays,
	/** Where the company's own peaks are kept with `ownDays` (the board's kept data). */
	ownPeaks?: PeaksMemo
): Record<string, SeatCounts> {
	return Object.fromEntries(
		[...seatsLeftToday(companyId, now, houseList, ownDays, ownPeaks)].map(([houseId, today]) => [
			houseId,
			seatCounts(today)
		])
	);
}

/** What a company's pages show of a house's day: the counts of a `seats` live event. */
export function seatCounts(day: SharedDay): SeatCounts {
	return {
		date: day.date,
		seats: day.seats,
		seatsLeft: day.seatsLeft,
		people: day.people,
		checkedIn: day.checkedIn,
		reservedLeft: Math.max(0, day.reserved - day.planned),
		overCapacity: day.overCapacity,
		shared: day.shared
	};
}

/**
 * The `seats` events after a change at a house on `dates`: one per company that works there,
 * with the counts of the dates it may see. The house is read once, whatever the number of
 * companies; each company's share is then a subtraction. At an operated house a company gets the
 * dates its agreement covers (an ended agreement hears nothing more); a company's private house
 * tells the companies linked to it. Counts only: no person, no other company, leaves here.
 */
export function houseSeatEvents(
	houseId: string,
	dates: readonly string[]
): Array<{ companyId: string; event: LiveEvent }> {
	const house = getDb()
		.select({ id: houses.id, seats: houses.seats, operatorId: houses.operatorId })
		.from(houses)
		.where(and(eq(houses.id, houseId), isNull(houses.archivedAt)))
		.get();
	if (!house || dates.length === 0) return [];
	const sorted = [...new Set(dates)].sort();
	const { loads, agreements: agreementsHere, linked, shared } = readHouse(house, sorted);
	const totals = sorted.map((_, index) => totalsOn(loads, index));
	const recipients: Array<{ companyId: string; covers: (date: string) => boolean }> =
		house.operatorId
			? [...new Set(agreementsHere.map((agreement) => agreement.companyId))].map((companyId) => ({
					companyId,
					covers: (date: string) =>
						agreementsHere.some(
							(agreement) => agreement.companyId === companyId && agreementCovers(agreement, date)
						)
				}))
			: linked.map((companyId) => ({ companyId, covers: () => true }));
	const events: Array<{ companyId: string; event: LiveEvent }> = [];
	for (const { companyId, covers } of recipients) {
		const own = loads.find((load) => load.companyId === companyId);
		const days: SeatCounts[] = [];
		sorted.forEach((date, index) => {
			if (!covers(date)) return;
			const mine = { planned: own?.planned[index] ?? 0, reserved: own?.reserved[index] ?? 0 };
			days.push(seatCounts(shareOf({ seats: house.seats, shared }, date, mine, totals[index])));
		});
		if (days.length > 0) events.push({ companyId, event: { type: 'seats', houseId, days } });
	}
	return events;
}
