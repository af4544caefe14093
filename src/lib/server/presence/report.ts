// The monthly occupancy report of one house, split in two: *planned* (the resolved plans, a
// forecast) and *on site* (check-ins only: what bills; future days never count). Per member and
// in total, busiest days, average occupancy against seats on the house's opening days, and the
// money: an operated house bills through its monthly statements (the report links to them), a
// company's private house keeps its own monthly cost, split between the companies linked to it
// pro rata of their on-site half-days by the largest-remainder rule. Each company sees only its
// own people.
import { asc, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { getDb } from '../db';
import { companyHouses, memberships, users, type House } from '../db/schema';
import { splitByLargestRemainder } from '../../money';
import { opensOn } from '../../house-hours';
import { byName } from '../../name-order';
import { datesOfMonth } from '../../zoned-time';
import { houseOccupancy, type DayOccupancy } from './capacity';
import { personDaysAt, personDaysOnSite, resolveRange, type ResolvedDay } from './plans';
import { csvEuros, csvNumber, spreadsheetCsv, type CsvCell, type Locale } from '../spreadsheet-csv';

export type MemberPersonDays = {
	userId: string;
	name: string;
	/** Planned person-days (a forecast). */
	planned: number;
	/** Checked-in person-days on or before today: what bills. */
	onSite: number;
};

/** How the report prices the house: through the operator's statements, or the company's own cost. */
export type ReportCost =
	| { kind: 'statements' }
	| {
			kind: 'private';
			monthlyCostCents: number;
			/** This company's share of the month's cost, in cents. */
			shareCents: number;
			/** shareCents ÷ on-site person-days, null without any. */
			perPersonDayCents: number | null;
	  };

export type OccupancyReport = {
	house: Pick<House, 'id' | 'name' | 'seats'>;
	month: string;
	/** The house's today: days after it are never on site. */
	today: string;
	members: MemberPersonDays[];
	/**
	 * People who checked in this month and have left the company since, together and unnamed
	 * (their check-ins count in the totals, as in the statements); null when there are none.
	 */
	formerMembers: { planned: number; onSite: number } | null;
	totalPlanned: number;
	totalOnSite: number;
	/** Each day's planned occupancy. */
	planned: DayOccupancy[];
	/** Each day's occupancy on site (zero after today). */
	onSite: DayOccupancy[];
	/** Up to five days with the most people on site at once, busiest first. */
	busiestDays: DayOccupancy[];
	/** The days of the month the house opens. */
	openDays: number;
	/** On-site person-days ÷ (open days × seats), 0…1+ (over 1 when over capacity on average). */
	averageOccupancy: number;
	cost: ReportCost;
};

function companyMembers(companyId: string) {
	return getDb()
		.select({ userId: users.id, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(memberships.userId, users.id))
		.where(eq(memberships.companyId, companyId))
		.all()
		.sort(byName);
}

/**
 * The company's members and their resolved days, where days after `today` are never on site;
 * `days` also holds the check-ins of people no longer members (they happened, and billed).
 */
function companyDays(companyId: string, dates: readonly string[], today: string) {
	const members = companyMembers(companyId);
	const resolved = resolveRange(
		companyId,
		members.map((member) => member.userId),
		dates,
		{ formerCheckInsUntil: today }
	);
	const notYet = (day: ResolvedDay): ResolvedDay =>
		day.date > today
			? { ...day, am: { ...day.am, checkedIn: false }, pm: { ...day.pm, checkedIn: false } }
			: day;
	const days = new Map([...resolved].map(([userId, list]) => [userId, list.map(notYet)]));
	return { members, days };
}

const onSiteHalfDays = (days: Iterable<ResolvedDay[]>, houseId: string) => {
	let halves = 0;
	for (const list of days) for (const day of list) halves += personDaysOnSite(day, houseId) * 2;
	return halves;
};

/**
 * A private house's monthly cost split between the companies linked to it, pro rata of their
 * on-site half-days (largest remainder, so the shares add up to the cent); equally when nobody
 * came.
 */
export function privateCostShares(
	house: Pick<House, 'id' | 'monthlyCostCents' | 'timeZone'>,
	month: string,
	today: string
): Map<string, { halfDays: number; shareCents: number }> {
	const dates = datesOfMonth(month);
	const companyIds = getDb()
		.select({ companyId: companyHouses.companyId })
		.from(companyHouses)
		.where(eq(companyHouses.houseId, house.id))
		.orderBy(asc(companyHouses.companyId))
		.all()
		.map((row) => row.companyId);
	const halves = companyIds.map((companyId) =>
		onSiteHalfDays(companyDays(companyId, dates, today).days.values(), house.id)
	);
	const anybody = halves.some((count) => count > 0);
	const shares =
		companyIds.length === 0
			? []
			: splitByLargestRemainder(house.monthlyCostCents, anybody ? halves : halves.map(() => 1));
	return new Map(
		companyIds.map((companyId, index) => [
			companyId,
			{ halfDays: halves[index], shareCents: shares[index] }
		])
	);
}

export function occupancyReport(
	companyId: string,
	house: House,
	month: string,
	today: string
): OccupancyReport {
	const dates = datesOfMonth(month);
	const { members, days } = companyDays(companyId, dates, today);
	const perMember = members.map((member) => {
		const own = days.get(member.userId) ?? [];
		const sum = (count: (day: ResolvedDay, houseId: string) => number) =>
			own.reduce((total, day) => total + count(day, house.id), 0);
		return { ...member, planned: sum(personDaysAt), onSite: sum(personDaysOnSite) };
	});
	// People who have left since: counted together, never named (their check-ins still happened).
	const memberIds = new Set(members.map((member) => member.userId));
	let formerOnSite = 0;
	for (const [userId, own] of days) {
		if (memberIds.has(userId)) continue;
		for (const day of own) formerOnSite += personDaysOnSite(day, house.id);
	}
	const formerMembers = formerOnSite > 0 ? { planned: formerOnSite, onSite: formerOnSite } : null;
	const totalPlanned =
		perMember.reduce((sum, member) => sum + member.planned, 0) + (formerMembers?.planned ?? 0);
	const totalOnSite =
		perMember.reduce((sum, member) => sum + member.onSite, 0) + (formerMembers?.onSite ?? 0);
	const onSite = houseOccupancy(house, dates, days.values(), true);
	const busiestDays = onSite
		.filter((day) => day.personDays > 0)
		.sort((a, b) => b.peak - a.peak || b.personDays - a.personDays || a.date.localeCompare(b.date))
		.slice(0, 5);
	const openDays = dates.filter((date) => opensOn(house, date)).length;
	let cost: ReportCost = { kind: 'statements' };
	if (!house.operatorId) {
		const shareCents =
			privateCostShares(house, month, today).get(companyId)?.shareCents ?? house.monthlyCostCents;
		cost = {
			kind: 'private',
			monthlyCostCents: house.monthlyCostCents,
			shareCents,
			perPersonDayCents: totalOnSite > 0 ? Math.round(shareCents / totalOnSite) : null
		};
	}
	return {
		house: { id: house.id, name: house.name, seats: house.seats },
		month,
		today,
		members: perMember,
		formerMembers,
		totalPlanned,
		totalOnSite,
		planned: houseOccupancy(house, dates, days.values()),
		onSite,
		busiestDays,
		openDays,
		averageOccupancy: house.seats > 0 && openDays > 0 ? totalOnSite / (openDays * house.seats) : 0,
		cost
	};
}

export function occupancyCsv(report: OccupancyReport, locale: Locale): string {
	const { house, month } = report;
	const days = (personDays: number) => csvNumber(personDays, Number.isInteger(personDays) ? 0 : 1);
	const seats = csvNumber(house.seats);
	// Column names and row kinds in the reader's language, as the statements' CSV does: a
	// French manager's spreadsheet read "section", "member_or_date".
	const said = { locale };
	const rows: CsvCell[][] = [
		[
			m.presence_csv_section({}, said),
			m.presence_csv_house({}, said),
			m.presence_csv_month({}, said),
			m.presence_csv_member_or_date({}, said),
			m.presence_csv_planned_person_days({}, said),
			m.presence_csv_on_site_person_days({}, said),
			m.presence_csv_planned_peak({}, said),
			m.presence_csv_on_site_peak({}, said),
			m.presence_csv_seats({}, said)
		],
		...report.members.map((member) => [
			m.presence_csv_member({}, said),
			house.name,
			month,
			member.name,
			days(member.planned),
			days(member.onSite),
			null,
			null,
			seats
		]),
		...(report.formerMembers
			? [
					[
						m.presence_csv_member({}, said),
						house.name,
						month,
						m.presence_report_former_members({}, said),
						days(report.formerMembers.planned),
						days(report.formerMembers.onSite),
						null,
						null,
						seats
					]
				]
			: []),
		[
			m.presence_csv_total({}, said),
			house.name,
			month,
			null,
			days(report.totalPlanned),
			days(report.totalOnSite),
			null,
			null,
			seats
		],
		...report.planned.map((day, index) => [
			m.presence_csv_day({}, said),
			house.name,
			month,
			day.date,
			days(day.personDays),
			days(report.onSite[index].personDays),
			csvNumber(day.peak),
			csvNumber(report.onSite[index].peak),
			seats
		])
	];
	if (report.cost.kind === 'private') {
		const { shareCents, perPersonDayCents } = report.cost;
		rows.push([
			m.presence_csv_cost({}, said),
			house.name,
			month,
			m.presence_csv_cost_share({}, said),
			csvEuros(shareCents),
			m.presence_csv_cost_per_person_day({}, said),
			perPersonDayCents === null ? null : csvEuros(perPersonDayCents),
			null,
			null
		]);
	}
	return spreadsheetCsv(rows, locale);
}
