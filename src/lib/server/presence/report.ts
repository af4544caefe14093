// The monthly occupancy report of one house: person-days on site per member and in total,
// busiest days, average occupancy against seats, and what a person-day costs. A house may be
// shared by several companies: its running cost is split between them pro rata of their
// person-days (costShares), and each company sees only its own people.
import { asc, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { companyHouses, memberships, users, type House } from '../db/schema';
import { datesOfMonth, isoWeekday } from '../../zoned-time';
import { houseOccupancy, type DayOccupancy } from './capacity';
import { personDaysAt, resolveRange } from './plans';

export type MemberPersonDays = { userId: string; name: string; personDays: number };

export type OccupancyReport = {
	house: Pick<House, 'id' | 'name' | 'seats' | 'monthlyCostCents'>;
	month: string;
	members: MemberPersonDays[];
	totalPersonDays: number;
	days: DayOccupancy[];
	/** Up to five days with the most people at once, busiest first. */
	busiestDays: DayOccupancy[];
	/** Monday to Friday of the month: the days a house is expected to be open. */
	openDays: number;
	/** Person-days ÷ (open days × seats), 0…1+ (over 1 when over capacity on average). */
	averageOccupancy: number;
	/** This company's share of the month's running cost, in cents. */
	costShareCents: number;
	/** costShareCents ÷ totalPersonDays, null without any person-day. */
	costPerPersonDayCents: number | null;
};

function companyMembers(companyId: string) {
	return getDb()
		.select({ userId: users.id, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(memberships.userId, users.id))
		.where(eq(memberships.companyId, companyId))
		.orderBy(asc(users.name))
		.all();
}

/** Person-days of one company's members at a house over the given dates. */
function companyPersonDays(companyId: string, houseId: string, dates: readonly string[]) {
	const members = companyMembers(companyId);
	const days = resolveRange(
		companyId,
		members.map((member) => member.userId),
		dates
	);
	return { members, days };
}

/**
 * Each company's share of a house's monthly cost, pro rata of its person-days there; with nobody
 * on site, the companies linked to the house share it equally.
 */
export function costShares(
	house: Pick<House, 'id' | 'monthlyCostCents'>,
	month: string
): Map<string, { personDays: number; shareCents: number }> {
	const dates = datesOfMonth(month);
	const companies = getDb()
		.select({ companyId: companyHouses.companyId })
		.from(companyHouses)
		.where(eq(companyHouses.houseId, house.id))
		.all();
	const totals = new Map<string, number>();
	for (const { companyId } of companies) {
		const { days } = companyPersonDays(companyId, house.id, dates);
		let sum = 0;
		for (const personDays of days.values()) {
			for (const day of personDays) sum += personDaysAt(day, house.id);
		}
		totals.set(companyId, sum);
	}
	const all = [...totals.values()].reduce((a, b) => a + b, 0);
	const shares = new Map<string, { personDays: number; shareCents: number }>();
	for (const [companyId, personDays] of totals) {
		const fraction = all > 0 ? personDays / all : 1 / totals.size;
		shares.set(companyId, {
			personDays,
			shareCents: Math.round(house.monthlyCostCents * fraction)
		});
	}
	return shares;
}

export function occupancyReport(companyId: string, house: House, month: string): OccupancyReport {
	const dates = datesOfMonth(month);
	const { members, days } = companyPersonDays(companyId, house.id, dates);
	const perMember = members.map((member) => ({
		...member,
		personDays: (days.get(member.userId) ?? []).reduce(
			(sum, day) => sum + personDaysAt(day, house.id),
			0
		)
	}));
	const totalPersonDays = perMember.reduce((sum, member) => sum + member.personDays, 0);
	const occupancy = houseOccupancy(house, dates, days.values());
	const busiestDays = occupancy
		.filter((day) => day.personDays > 0)
		.sort((a, b) => b.peak - a.peak || b.personDays - a.personDays || a.date.localeCompare(b.date))
		.slice(0, 5);
	const openDays = dates.filter((date) => isoWeekday(date) <= 5).length;
	const share = costShares(house, month).get(companyId);
	const costShareCents = share?.shareCents ?? house.monthlyCostCents;
	return {
		house: {
			id: house.id,
			name: house.name,
			seats: house.seats,
			monthlyCostCents: house.monthlyCostCents
		},
		month,
		members: perMember,
		totalPersonDays,
		days: occupancy,
		busiestDays,
		openDays,
		averageOccupancy: house.seats > 0 ? totalPersonDays / (openDays * house.seats) : 0,
		costShareCents,
		costPerPersonDayCents: totalPersonDays > 0 ? Math.round(costShareCents / totalPersonDays) : null
	};
}

function csvCell(value: string | number): string {
	const text = String(value);
	// Quote when needed; a leading = + - @ would be read as a formula by spreadsheets.
	const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
	return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report as CSV: one line per member, then the total, then one line per day. */
export function occupancyCsv(report: OccupancyReport): string {
	const lines: Array<Array<string | number>> = [
		['section', 'house', 'month', 'member_or_date', 'person_days', 'peak_people', 'seats'],
		...report.members.map((member) => [
			'member',
			report.house.name,
			report.month,
			member.name,
			member.personDays,
			'',
			report.house.seats
		]),
		['total', report.house.name, report.month, '', report.totalPersonDays, '', report.house.seats],
		...report.days.map((day) => [
			'day',
			report.house.name,
			report.month,
			day.date,
			day.personDays,
			day.peak,
			report.house.seats
		])
	];
	const costLine = [
		'cost',
		report.house.name,
		report.month,
		'cost_share_eur',
		(report.costShareCents / 100).toFixed(2),
		'cost_per_person_day_eur',
		report.costPerPersonDayCents === null ? '' : (report.costPerPersonDayCents / 100).toFixed(2)
	];
	return [...lines, costLine].map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
