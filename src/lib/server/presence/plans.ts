// Where each member works, day by day: explicit day plans (whole or half days, and check-ins)
// override a recurring weekly pattern. The rules live in pure functions (resolveDay) so they are
// tested without a database; the queries below load what they need in one go.
import { and, asc, eq, gt, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { prepared } from '../db/prepared';
import {
	agreements,
	dayPlans,
	houseMonths,
	planPatterns,
	type CheckInMethod,
	type DayHalf,
	type DayPlan,
	type PlaceKind,
	type PlanPattern
} from '../db/schema';
import { addDays, isoWeekday } from '../../zoned-time';
import type { BoardPlace } from '../../live-events';

/** A place someone chooses for a day or half-day. */
export type PlaceChoice = { kind: PlaceKind; houseId: string | null };

/** A place as resolved for a half-day, with where it came from. */
export type ResolvedPlace = BoardPlace & { source: 'plan' | 'pattern' | 'none' };
export type ResolvedDay = { date: string; am: ResolvedPlace; pm: ResolvedPlace };

const UNSET: ResolvedPlace = {
	kind: 'unset',
	houseId: null,
	note: '',
	checkedIn: false,
	source: 'none'
};

function fromPlan(row: DayPlan): ResolvedPlace {
	return {
		kind: row.kind,
		houseId: row.houseId,
		note: row.note,
		checkedIn: row.checkedInAt !== null,
		source: 'plan'
	};
}

/** The pattern row in force on `date`: same weekday, latest valid_from on or before the date. */
export function patternFor(patterns: readonly PlanPattern[], date: string): ResolvedPlace {
	const weekday = isoWeekday(date);
	let best: PlanPattern | undefined;
	for (const row of patterns) {
		if (row.weekday !== weekday || row.validFrom > date) continue;
		if (!best || row.validFrom > best.validFrom) best = row;
	}
	if (!best || best.kind === null) return UNSET;
	return { kind: best.kind, houseId: best.houseId, note: '', checkedIn: false, source: 'pattern' };
}

/**
 * One person's day: a half-day plan wins over a whole-day plan, which wins over the pattern.
 * `plans` are that person's rows for `date`; `patterns` all their pattern rows.
 */
export function resolveDay(
	date: string,
	plans: readonly DayPlan[],
	patterns: readonly PlanPattern[]
): ResolvedDay {
	let day: DayPlan | undefined;
	let am: DayPlan | undefined;
	let pm: DayPlan | undefined;
	for (const row of plans) {
		if (row.date !== date) continue;
		if (row.half === 'day') day = row;
		else if (row.half === 'am') am = row;
		else pm = row;
	}
	const fallback = day ? fromPlan(day) : patternFor(patterns, date);
	return {
		date,
		am: am ? fromPlan(am) : fallback,
		pm: pm ? fromPlan(pm) : fallback
	};
}

/** Whether a resolved half puts the person at the house (planned, or checked in when `onSite`). */
export function isAt(place: ResolvedPlace, houseId: string, onSite = false): boolean {
	return place.kind === 'house' && place.houseId === houseId && (!onSite || place.checkedIn);
}

/** Planned person-days a resolved day counts at a house: 1 for the whole day, 0.5 per half. */
export function personDaysAt(day: ResolvedDay, houseId: string): number {
	return (isAt(day.am, houseId) ? 0.5 : 0) + (isAt(day.pm, houseId) ? 0.5 : 0);
}

/**
 * Person-days on site, the ones that bill: checked-in halves only (a plan is a forecast), half a
 * day per checked-in half.
 */
export function personDaysOnSite(day: ResolvedDay, houseId: string): number {
	return (isAt(day.am, houseId, true) ? 0.5 : 0) + (isAt(day.pm, houseId, true) ? 0.5 : 0);
}

/** Half-days one check-in row stands for: a whole day is two, a morning or an afternoon one. */
export const HALVES_OF_ROW: Readonly<Record<DayHalf, number>> = { day: 2, am: 1, pm: 1 };

/**
 * Rows that bill: a check-in at a house, never a plan. Written as literals, not bound parameters,
 * so SQLite sees that the query implies the partial index day_plans_check_ins_idx's condition and
 * reads the month from that index alone.
 */
const checkedInAtHouse = sql`${dayPlans.kind} = 'house' and ${dayPlans.checkedInAt} is not null`;

/** HALVES_OF_ROW in SQL, summed. */
const sumOfHalves = sql<number>`sum(case ${dayPlans.half} when 'day' then 2 else 1 end)`;

/** What check-ins are counted: houses, dates (inclusive), optionally companies. */
export type CheckInScope = {
	houseIds: readonly string[];
	from: string;
	to: string;
	companyIds?: readonly string[];
	/** Only dates on which the company's agreement at the house is in force (what bills). */
	underAgreement?: boolean;
};

/** The finer groupings a count can have beside the house. */
export type CheckInGrouping = { company?: boolean; user?: boolean; date?: boolean };

/**
 * The check-ins of houses over dates, counted per house and, as asked, per company, person and
 * date: half-days (HALVES_OF_ROW) and distinct people. One grouped query over
 * day_plans_check_ins_idx (the closing, the network's month and the operator's house views all
 * count through it). A person's date is one `day` row or `am`/`pm` rows (day_plans' own rule),
 * so a sum never counts a date twice; grouped per person and date, a caller may still cap at two.
 */
export function checkInCountsQuery(
	scope: CheckInScope,
	by: CheckInGrouping = {},
	db: Executor = getDb()
) {
	const nothing = sql<null>`null`;
	const groups = [
		dayPlans.houseId,
		...(by.company ? [dayPlans.companyId] : []),
		...(by.user ? [dayPlans.userId] : []),
		...(by.date ? [dayPlans.date] : [])
	];
	return (
		db
			.select({
				houseId: sql<string>`${dayPlans.houseId}`,
				companyId: by.company ? sql<string>`${dayPlans.companyId}` : nothing,
				userId: by.user ? sql<string>`${dayPlans.userId}` : nothing,
				date: by.date ? sql<string>`${dayPlans.date}` : nothing,
				halfDays: sumOfHalves,
				people: sql<number>`count(distinct ${dayPlans.userId})`
			})
			// Named, because without statistics the planner may prefer day_plans_house_date_idx,
			// which holds every plan of the house; this partial index holds check-ins only and
			// covers the query (migration 0012).
			.from(sql`${dayPlans} indexed by day_plans_check_ins_idx`)
			.where(
				and(
					inArray(dayPlans.houseId, [...scope.houseIds]),
					checkedInAtHouse,
					gte(dayPlans.date, scope.from),
					lte(dayPlans.date, scope.to),
					scope.companyIds ? inArray(dayPlans.companyId, [...scope.companyIds]) : undefined,
					// A company may have had several agreements at the house (ended, then joined again):
					// EXISTS counts a row once whichever of them covers its date.
					scope.underAgreement
						? sql`exists (select 1 from ${agreements} where ${agreements.houseId} = ${dayPlans.houseId}
						and ${agreements.companyId} = ${dayPlans.companyId} and ${agreements.startDate} <= ${dayPlans.date}
						and (${agreements.endDate} is null or ${agreements.endDate} >= ${dayPlans.date}))`
						: undefined
				)
			)
			.groupBy(...groups)
	);
}

export type CheckInCount = {
	houseId: string;
	/** null unless grouped by it. */
	companyId: string | null;
	userId: string | null;
	date: string | null;
	halfDays: number;
	people: number;
};

/** checkInCountsQuery's rows (nothing to read when no house is asked for). */
export function checkInCounts(
	scope: CheckInScope,
	by: CheckInGrouping = {},
	db: Executor = getDb()
): CheckInCount[] {
	if (scope.houseIds.length === 0 || scope.companyIds?.length === 0 || scope.from > scope.to)
		return [];
	return checkInCountsQuery(scope, by, db)
		.all()
		.map((row) => ({ ...row, halfDays: Number(row.halfDays), people: Number(row.people) }));
}

/** Every day plan of a company between two dates (inclusive), in one query. */
export function plansBetween(companyId: string, from: string, to: string): DayPlan[] {
	return prepared(getDb(), 'presence-plans-between', (db) =>
		db
			.select()
			.from(dayPlans)
			.where(
				and(
					eq(dayPlans.companyId, sql.placeholder('companyId')),
					gte(dayPlans.date, sql.placeholder('from')),
					lte(dayPlans.date, sql.placeholder('to'))
				)
			)
			.prepare()
	).all({ companyId, from, to });
}

/** Every pattern row of a company (a few per member). */
export function patternsOf(companyId: string): PlanPattern[] {
	return prepared(getDb(), 'presence-patterns-of-company', (db) =>
		db
			.select()
			.from(planPatterns)
			.where(eq(planPatterns.companyId, sql.placeholder('companyId')))
			.orderBy(asc(planPatterns.validFrom))
			.prepare()
	).all({ companyId });
}

/** Groups rows by user id. */
export function byUser<T extends { userId: string }>(rows: readonly T[]): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const row of rows) {
		const list = map.get(row.userId);
		if (list) list.push(row);
		else map.set(row.userId, [row]);
	}
	return map;
}

/**
 * Resolved days of the given people over a date range, for week grids and reports. With
 * `formerCheckInsUntil`, also the days of anyone else with a check-in for the company in the range
 * up to that date (people who have left it, the no-name stand-in a deleted account's check-ins
 * still to bill are moved to): their check-ins only, which happened and bill, never their plans
 * or usual week, which no longer say anything once they are gone.
 */
export function resolveRange(
	companyId: string,
	userIds: readonly string[],
	dates: readonly string[],
	options: { formerCheckInsUntil?: string } = {}
): Map<string, ResolvedDay[]> {
	const plans = byUser(plansBetween(companyId, dates[0], dates[dates.length - 1]));
	const patterns = byUser(patternsOf(companyId));
	const result = new Map<string, ResolvedDay[]>();
	for (const userId of userIds) {
		const own = plans.get(userId) ?? [];
		const ownPatterns = patterns.get(userId) ?? [];
		result.set(
			userId,
			dates.map((date) => resolveDay(date, own, ownPatterns))
		);
	}
	const until = options.formerCheckInsUntil;
	if (until === undefined) return result;
	for (const [userId, rows] of plans) {
		if (result.has(userId)) continue;
		const checkIns = rows.filter((row) => row.checkedInAt !== null && row.date <= until);
		if (checkIns.length === 0) continue;
		result.set(
			userId,
			dates.map((date) => resolveDay(date, checkIns, []))
		);
	}
	return result;
}

export type DayChoice =
	| { split: false; whole: PlaceChoice; note: string }
	| { split: true; am: PlaceChoice | null; pm: PlaceChoice | null; note: string };

/** A plan edit is refused when it would move a half-day the person already checked in for. */
export type DayPlanResult =
	| { ok: true }
	/** `half`: the first half the edit would move, checked in at `houseId`. */
	| { ok: false; reason: 'checked_in'; houseId: string; half: 'am' | 'pm' };

const ofDate = (companyId: string, userId: string, date: string) =>
	and(eq(dayPlans.companyId, companyId), eq(dayPlans.userId, userId), eq(dayPlans.date, date));

/** Where the person checked in for each half of `date` (a house id), if they did. */
export function checkedInToday(
	companyId: string,
	userId: string,
	date: string
): { am?: string; pm?: string } {
	const rows = getDb()
		.select()
		.from(dayPlans)
		.where(ofDate(companyId, userId, date))
		.all();
	const { am, pm } = checkedInHalves(rows);
	return { am: am?.houseId ?? undefined, pm: pm?.houseId ?? undefined };
}

/** The row holding each half's check-in, if any (a checked-in whole day holds both). */
function checkedInHalves(rows: readonly DayPlan[]): { am?: DayPlan; pm?: DayPlan } {
	const checked = rows.filter((row) => row.checkedInAt !== null);
	const day = checked.find((row) => row.half === 'day');
	return {
		am: day ?? checked.find((row) => row.half === 'am'),
		pm: day ?? checked.find((row) => row.half === 'pm')
	};
}

/**
 * Replaces a person's plan for one date; a half left null follows the pattern. A check-in is a
 * fact, not a plan: a half the person checked in for keeps its check-in (only the note changes),
 * and an edit that would put that half somewhere else is refused, so a later plan edit can never
 * wipe what bills.
 */
export function setDayPlan(
	companyId: string,
	userId: string,
	date: string,
	choice: DayChoice,
	now = new Date()
): DayPlanResult {
	const row = (half: DayHalf, place: PlaceChoice) => ({
		companyId,
		userId,
		date,
		half,
		kind: place.kind,
		houseId: place.kind === 'house' ? place.houseId : null,
		note: choice.note,
		checkedInAt: null,
		checkInMethod: null,
		updatedAt: now
	});
	const wanted = {
		am: choice.split ? choice.am : choice.whole,
		pm: choice.split ? choice.pm : choice.whole
	};
	return getDb().transaction((tx): DayPlanResult => {
		const existing = tx
			.select()
			.from(dayPlans)
			.where(ofDate(companyId, userId, date))
			.all();
		const checked = checkedInHalves(existing);
		for (const half of ['am', 'pm'] as const) {
			const held = checked[half];
			const place = wanted[half];
			if (held && (place?.kind !== 'house' || place.houseId !== held.houseId)) {
				return { ok: false, reason: 'checked_in', houseId: held.houseId ?? '', half };
			}
		}
		const rows: Array<typeof dayPlans.$inferInsert> = [];
		const kept = [...new Set([checked.am, checked.pm].filter((held) => held !== undefined))];
		for (const held of kept) rows.push({ ...held, note: choice.note, updatedAt: now });
		if (kept.length === 0 && !choice.split) rows.push(row('day', choice.whole));
		else {
			for (const half of ['am', 'pm'] as const) {
				const place = wanted[half];
				if (!checked[half] && place) rows.push(row(half, place));
			}
		}
		tx.delete(dayPlans)
			.where(ofDate(companyId, userId, date))
			.run();
		if (rows.length) tx.insert(dayPlans).values(rows).run();
		return { ok: true };
	});
}

/** Forgets a person's plan for a date (the pattern applies again); check-ins stay. */
export function clearDayPlan(companyId: string, userId: string, date: string): void {
	getDb()
		.delete(dayPlans)
		.where(and(ofDate(companyId, userId, date), isNull(dayPlans.checkedInAt)))
		.run();
}

/** Which part of a day a check-in covers: the whole day, the morning or the afternoon. */
export type CheckInHalf = DayHalf;

/**
 * What a check-in for one half does to a whole day recorded before: `narrowed`, the person says
 * they are there for this half only (the rest becomes a plan, unless it is a check-in at another
 * house: that stays one); `kept`, they moved for this half and the other half stays as it was.
 */
export type RestOfDay = 'narrowed' | 'kept';

/**
 * A check-in refused by the data layer: the date's month is closed at the house it would bill,
 * or at a house whose check-in for that date it would undo or narrow.
 */
export type CheckInWrite = { ok: true } | { ok: false; reason: 'month_closed' };

/** Whether any of `houseIds` has closed the month of `date` (a `house_months` row). */
function monthClosedAtAny(db: Executor, houseIds: readonly string[], date: string): boolean {
	return (
		db
			.select({ one: sql<number>`1` })
			.from(houseMonths)
			.where(
				and(inArray(houseMonths.houseId, [...houseIds]), eq(houseMonths.month, date.slice(0, 7)))
			)
			.get() !== undefined
	);
}

/**
 * Records a check-in at a house for a date (the callers decide which dates are allowed). A whole
 * day replaces the day's plans; a half replaces that half only, and the other half keeps what was
 * planned for it (a planned whole day becomes a plan for the other half). The day's note stays.
 *
 * A closed month is immutable: its statements were issued from its check-ins. So the refusal is
 * part of the write, in its one transaction, and every writer of a check-in comes through here:
 * a caller's own earlier check (the desk's page, an await in between) cannot let a month closed
 * since slip a check-in in. The same holds for a check-in this one would undo or narrow at
 * another house whose month is closed (the desk recording a forgotten day at this house).
 */
export function recordCheckIn(
	companyId: string,
	userId: string,
	houseId: string,
	date: string,
	half: CheckInHalf = 'day',
	method: CheckInMethod = 'click',
	now = new Date(),
	rest: RestOfDay = 'narrowed'
): CheckInWrite {
	// Immediate: the write lock is taken before the month is read, so no other connection can
	// close it between the check and the insert.
	return getDb().transaction(
		(tx): CheckInWrite => {
			const where = ofDate(companyId, userId, date);
			const previous = tx.select().from(dayPlans).where(where).all();
			const note = previous.find((row) => row.note)?.note ?? '';
			const rows: Array<typeof dayPlans.$inferInsert> = [
				{
					companyId,
					userId,
					date,
					half,
					kind: 'house',
					houseId,
					note,
					checkedInAt: now,
					checkInMethod: method,
					updatedAt: now
				}
			];
			if (half !== 'day') {
				const other = half === 'am' ? 'pm' : 'am';
				const otherRow = previous.find((row) => row.half === other);
				const dayRow = previous.find((row) => row.half === 'day');
				if (otherRow) rows.push(otherRow);
				else if (dayRow) {
					// Narrowed, the rest of a planned (or checked-in) whole day here stays a plan for
					// the other half; moved, the other half stays as it was, checked in or not. A
					// check-in at another house is a fact of that house (it bills there): a half
					// here never makes it a mere plan, whatever the caller asked.
					const elsewhere = dayRow.checkedInAt !== null && dayRow.houseId !== houseId;
					rows.push(
						rest === 'kept' || elsewhere
							? { ...dayRow, half: other }
							: { ...dayRow, half: other, checkedInAt: null, checkInMethod: null }
					);
				}
			}
			// A check-in kept as it was (the same row pushed back) changes nothing where it bills.
			const changed = previous.filter(
				(row) => row.checkedInAt !== null && row.houseId !== null && !rows.includes(row)
			);
			const touched = [houseId, ...changed.map((row) => row.houseId!)];
			if (monthClosedAtAny(tx, touched, date)) return { ok: false, reason: 'month_closed' };
			tx.delete(dayPlans).where(where).run();
			tx.insert(dayPlans).values(rows).run();
			return { ok: true };
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Takes back a check-in recorded by mistake at `houseId` (the wrong person, day or half, at the
 * desk): the halves asked for stop being checked in there and stay as plans, so the day reads as
 * planned and nothing bills; a checked-in whole day of which one half is taken back keeps the
 * other half's check-in. Check-ins at another house are that house's: never touched. Refused,
 * like a check-in, when the month is closed at the house. `withdrawn`: false when there was no
 * such check-in.
 */
export function withdrawCheckIn(
	companyId: string,
	userId: string,
	houseId: string,
	date: string,
	half: CheckInHalf,
	now = new Date()
): CheckInWrite & { withdrawn?: boolean } {
	return getDb().transaction(
		(tx): CheckInWrite & { withdrawn?: boolean } => {
			const where = ofDate(companyId, userId, date);
			const previous = tx.select().from(dayPlans).where(where).all();
			const taken = (row: DayPlan) => half === 'day' || row.half === half || row.half === 'day';
			const here = previous.filter(
				(row) => row.checkedInAt !== null && row.houseId === houseId && taken(row)
			);
			if (here.length === 0) return { ok: true, withdrawn: false };
			if (monthClosedAtAny(tx, [houseId], date)) return { ok: false, reason: 'month_closed' };
			const asPlan = { checkedInAt: null, checkInMethod: null, updatedAt: now };
			const rows: Array<typeof dayPlans.$inferInsert> = [];
			for (const row of previous) {
				if (!here.includes(row)) rows.push(row);
				else if (row.half !== 'day' || half === 'day') rows.push({ ...row, ...asPlan });
				else {
					// One half of a checked-in whole day: that half a plan, the other still checked in.
					const other = half === 'am' ? 'pm' : 'am';
					rows.push({ ...row, half, ...asPlan }, { ...row, half: other });
				}
			}
			tx.delete(dayPlans).where(where).run();
			tx.insert(dayPlans).values(rows).run();
			return { ok: true, withdrawn: true };
		},
		{ behavior: 'immediate' }
	);
}

/** A weekly pattern: weekday (1–7) → place, or null for "nothing planned". */
export type WeekPattern = Record<number, PlaceChoice | null>;

/**
 * Sets the person's pattern from `from` on, until changed: later scheduled changes are dropped,
 * earlier days keep the pattern they had. A date before `today` (the person's today) means today:
 * days already past are history and a usual week never rewrites them.
 */
export function setPattern(
	companyId: string,
	userId: string,
	from: string,
	pattern: WeekPattern,
	today: string
): void {
	const validFrom = from < today ? today : from;
	getDb().transaction((tx) => {
		const mine = and(eq(planPatterns.companyId, companyId), eq(planPatterns.userId, userId));
		tx.delete(planPatterns)
			.where(and(mine, gte(planPatterns.validFrom, validFrom)))
			.run();
		const rows = [1, 2, 3, 4, 5, 6, 7].map((weekday) => {
			const place = pattern[weekday] ?? null;
			return {
				companyId,
				userId,
				weekday,
				validFrom,
				kind: place?.kind ?? null,
				houseId: place?.kind === 'house' ? place.houseId : null
			};
		});
		tx.insert(planPatterns).values(rows).run();
	});
}

/** The usual week in force from `date` on (by weekday), as the planner form shows it. */
export function patternOn(companyId: string, userId: string, date: string): WeekPattern {
	const rows = getDb()
		.select()
		.from(planPatterns)
		.where(
			and(
				eq(planPatterns.companyId, companyId),
				eq(planPatterns.userId, userId),
				lte(planPatterns.validFrom, date)
			)
		)
		.all();
	// Each weekday at its next occurrence from `date` on: on a Friday, Monday is next Monday, not
	// this week's, which no usual week saved today covers (it read "nothing usual" right after
	// Monday was saved).
	const from = isoWeekday(date);
	const pattern: WeekPattern = {};
	for (let weekday = 1; weekday <= 7; weekday += 1) {
		const place = patternFor(rows, addDays(date, (weekday - from + 7) % 7));
		pattern[weekday] = place.kind === 'unset' ? null : { kind: place.kind, houseId: place.houseId };
	}
	return pattern;
}

/** Whether a change of pattern is scheduled after `date` (shown in the planner). */
export function hasLaterPattern(companyId: string, userId: string, date: string): boolean {
	return (
		getDb()
			.select({ one: sql<number>`1` })
			.from(planPatterns)
			.where(
				and(
					eq(planPatterns.companyId, companyId),
					eq(planPatterns.userId, userId),
					gt(planPatterns.validFrom, date)
				)
			)
			.get() !== undefined
	);
}
