// What an operator sees of the people in its houses: counts only (people on site, person-days),
// never who was where, except the names of people who opted in to the house directory
// (users.house_directory). Figures come from check-ins (day_plans.checked_in_at), never from plans.
// Every function runs a fixed number of aggregate queries, however many houses the operator runs.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { addDays, todayIn } from '../../zoned-time';
import { getDb } from '../db';
import {
	agreements,
	companies,
	dayPlans,
	houseMonths,
	houses,
	users,
	type House
} from '../db/schema';
import { agreementCovers } from '../../billing/terms';
import { companiesInForce } from '../agreements/in-force';
import { checkInCounts } from '../presence/plans';
import { listOperatorHouses } from './houses';
import { byName } from '../../name-order';

/** The dates that matter for a house at `now`, in its own calendar. */
export function houseCalendar(timeZone: string, now: Date | number = Date.now()) {
	const today = todayIn(timeZone, now);
	const month = today.slice(0, 7);
	return {
		today,
		month,
		monthStart: `${month}-01`,
		lastMonth: addDays(`${month}-01`, -1).slice(0, 7)
	};
}

export type NetworkHouse = {
	house: House;
	/** Companies whose agreement is in force today. */
	companies: number;
	onSiteToday: number;
	/** Person-days from check-ins this month so far (a half-day counts 0.5). */
	personDaysThisMonth: number;
	lastMonth: string;
	/**
	 * Last month, for billing: closed, open (to close), or none when it came before the house's
	 * first agreement (nothing to close: the months page offers none).
	 */
	lastMonthState: 'closed' | 'open' | 'none';
};

/** One line per house the operator runs, archived ones included (the page shows them apart). */
export function networkSummary(
	operatorId: string,
	now: Date | number = Date.now()
): NetworkHouse[] {
	const db = getDb();
	const list = listOperatorHouses(operatorId);
	if (list.length === 0) return [];
	const calendars = new Map(list.map((house) => [house.id, houseCalendar(house.timeZone, now)]));
	const all = [...calendars.values()];
	const from = all.map((c) => c.monthStart).sort()[0];
	const to = all.map((c) => c.today).sort()[all.length - 1];

	const links = db
		.select({
			houseId: agreements.houseId,
			startDate: agreements.startDate,
			endDate: agreements.endDate
		})
		.from(agreements)
		.where(eq(agreements.operatorId, operatorId))
		.all();
	// Per house and date: a handful of time zones at most, so the window is a few days wider
	// than a month for some houses; each keeps only its own dates below.
	const days = checkInCounts(
		{ houseIds: list.map((house) => house.id), from, to },
		{ date: true },
		db
	);
	const lastMonths = [...new Set(all.map((c) => c.lastMonth))];
	const closed = new Set(
		db
			.select({ houseId: houseMonths.houseId, month: houseMonths.month })
			.from(houseMonths)
			.innerJoin(houses, eq(houseMonths.houseId, houses.id))
			.where(and(eq(houses.operatorId, operatorId), inArray(houseMonths.month, lastMonths)))
			.all()
			.map((row) => `${row.houseId} ${row.month}`)
	);

	return list.map((house) => {
		const calendar = calendars.get(house.id)!;
		let onSiteToday = 0;
		let halves = 0;
		for (const { houseId, date, people, halfDays } of days) {
			if (houseId !== house.id || date === null) continue;
			if (date === calendar.today) onSiteToday = people;
			if (date >= calendar.monthStart && date <= calendar.today) halves += halfDays;
		}
		return {
			house,
			companies: links.filter((l) => l.houseId === house.id && agreementCovers(l, calendar.today))
				.length,
			onSiteToday,
			personDaysThisMonth: halves / 2,
			lastMonth: calendar.lastMonth,
			lastMonthState: closed.has(`${house.id} ${calendar.lastMonth}`)
				? 'closed'
				: links.some((l) => l.houseId === house.id && l.startDate.slice(0, 7) <= calendar.lastMonth)
					? 'open'
					: 'none'
		};
	});
}

export type HouseCompanyToday = {
	companyId: string;
	name: string;
	/** Whether its agreement is in force today (a company may also have checked in before it ended). */
	linked: boolean;
	onSiteToday: number;
	personDaysThisMonth: number;
};

/**
 * The house overview: per company, people on site today and person-days this month (counts), and
 * the names of people on site today who opted in to the house directory.
 */
export function houseToday(house: House, now: Date | number = Date.now()) {
	const db = getDb();
	const { today, monthStart } = houseCalendar(house.timeZone, now);
	// Per company and date over the month so far: today's people and the month's half-days.
	const perDate = checkInCounts(
		{ houseIds: [house.id], from: monthStart, to: today },
		{ company: true, date: true },
		db
	);
	const counted = new Map<string, { peopleToday: number; halfDays: number }>();
	for (const row of perDate) {
		const entry = counted.get(row.companyId!) ?? { peopleToday: 0, halfDays: 0 };
		if (row.date === today) entry.peopleToday = row.people;
		entry.halfDays += row.halfDays;
		counted.set(row.companyId!, entry);
	}
	const names = new Map(
		counted.size === 0
			? []
			: db
					.select({ id: companies.id, name: companies.name })
					.from(companies)
					.where(inArray(companies.id, [...counted.keys()]))
					.all()
					.map((row) => [row.id, row.name])
	);
	const linked = companiesInForce(house.id, today);

	const byCompany = new Map<string, HouseCompanyToday>();
	for (const { companyId, companyName: name } of linked) {
		byCompany.set(companyId, {
			companyId,
			name,
			linked: true,
			onSiteToday: 0,
			personDaysThisMonth: 0
		});
	}
	for (const [companyId, row] of counted) {
		const entry = byCompany.get(companyId) ?? {
			companyId,
			name: names.get(companyId) ?? '',
			linked: false,
			onSiteToday: 0,
			personDaysThisMonth: 0
		};
		entry.onSiteToday = row.peopleToday;
		entry.personDaysThisMonth = row.halfDays / 2;
		byCompany.set(companyId, entry);
	}
	const perCompany = [...byCompany.values()].sort(byName);

	// Only people who said yes; grouped so two half-day rows give one name.
	const directory = db
		.select({ userId: users.id, name: users.name })
		.from(dayPlans)
		.innerJoin(users, eq(dayPlans.userId, users.id))
		.where(
			and(
				eq(dayPlans.houseId, house.id),
				eq(dayPlans.kind, 'house'),
				isNotNull(dayPlans.checkedInAt),
				eq(dayPlans.date, today),
				eq(users.houseDirectory, true)
			)
		)
		.groupBy(users.id)
		.all()
		.sort(byName);
	// Distinct across companies: a person of two companies is one person on site.
	const onSiteToday =
		checkInCounts({ houseIds: [house.id], from: today, to: today }, {}, db)[0]?.people ?? 0;

	return { today, companies: perCompany, onSiteToday, directory };
}
