// What an operator sees of the people in its houses: counts only (people on site, person-days),
// never who was where, except the names of people who opted in to the house directory
// (users.house_directory). Figures come from check-ins (day_plans.checked_in_at), never from plans.
// Every function runs a fixed number of aggregate queries, however many houses the operator runs.
import { and, asc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
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
import { listOperatorHouses } from './houses';

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

/** Half-days in a day_plans row: a whole day is two. */
const halfDays = sql<number>`sum(case ${dayPlans.half} when 'day' then 2 else 1 end)`;
const people = sql<number>`count(distinct ${dayPlans.userId})`;
/** Rows that bill: a check-in at a house, not a plan. */
const checkedIn = and(eq(dayPlans.kind, 'house'), isNotNull(dayPlans.checkedInAt));

export type NetworkHouse = {
	house: House;
	/** Companies whose agreement is in force today. */
	companies: number;
	onSiteToday: number;
	/** Person-days from check-ins this month so far (a half-day counts 0.5). */
	personDaysThisMonth: number;
	lastMonth: string;
	lastMonthClosed: boolean;
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
	const days = db
		.select({ houseId: dayPlans.houseId, date: dayPlans.date, people, halfDays })
		.from(dayPlans)
		.innerJoin(houses, eq(dayPlans.houseId, houses.id))
		.where(
			and(
				eq(houses.operatorId, operatorId),
				checkedIn,
				gte(dayPlans.date, from),
				lte(dayPlans.date, to)
			)
		)
		.groupBy(dayPlans.houseId, dayPlans.date)
		.all();
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
		for (const day of days) {
			if (day.houseId !== house.id) continue;
			if (day.date === calendar.today) onSiteToday = day.people;
			if (day.date >= calendar.monthStart && day.date <= calendar.today) halves += day.halfDays;
		}
		return {
			house,
			companies: links.filter((l) => l.houseId === house.id && agreementCovers(l, calendar.today))
				.length,
			onSiteToday,
			personDaysThisMonth: halves / 2,
			lastMonth: calendar.lastMonth,
			lastMonthClosed: closed.has(`${house.id} ${calendar.lastMonth}`)
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
	const inHouse = and(eq(dayPlans.houseId, house.id), checkedIn);
	const counts = db
		.select({
			companyId: dayPlans.companyId,
			name: companies.name,
			peopleToday: sql<number>`count(distinct case when ${dayPlans.date} = ${today} then ${dayPlans.userId} end)`,
			halfDays
		})
		.from(dayPlans)
		.innerJoin(companies, eq(dayPlans.companyId, companies.id))
		.where(and(inHouse, gte(dayPlans.date, monthStart), lte(dayPlans.date, today)))
		.groupBy(dayPlans.companyId)
		.all();
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
	for (const row of counts) {
		const entry = byCompany.get(row.companyId) ?? {
			companyId: row.companyId,
			name: row.name,
			linked: false,
			onSiteToday: 0,
			personDaysThisMonth: 0
		};
		entry.onSiteToday = row.peopleToday;
		entry.personDaysThisMonth = row.halfDays / 2;
		byCompany.set(row.companyId, entry);
	}
	const perCompany = [...byCompany.values()].sort((a, b) => a.name.localeCompare(b.name));

	// Only people who said yes; grouped so two half-day rows give one name.
	const directory = db
		.select({ userId: users.id, name: users.name })
		.from(dayPlans)
		.innerJoin(users, eq(dayPlans.userId, users.id))
		.where(and(inHouse, eq(dayPlans.date, today), eq(users.houseDirectory, true)))
		.groupBy(users.id)
		.orderBy(asc(users.name))
		.all();
	const onSiteToday =
		db
			.select({ people })
			.from(dayPlans)
			.where(and(inHouse, eq(dayPlans.date, today)))
			.get()?.people ?? 0;

	return { today, companies: perCompany, onSiteToday, directory };
}
