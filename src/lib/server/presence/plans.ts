// Where each member works, day by day: explicit day plans (whole or half days, and check-ins)
// override a recurring weekly pattern. The rules live in pure functions (resolveDay) so they are
// tested without a database; the queries below load what they need in one go.
import { and, asc, eq, gt, gte, lte, sql } from 'drizzle-orm';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import {
	dayPlans,
	planPatterns,
	type DayHalf,
	type DayPlan,
	type PlaceKind,
	type PlanPattern
} from '../db/schema';
import { addDays, isoWeekday, mondayOf } from '../../zoned-time';
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

/** Person-days a resolved day counts at a house: 1 for the whole day, 0.5 per half. */
export function personDaysAt(day: ResolvedDay, houseId: string): number {
	const at = (place: ResolvedPlace) =>
		place.kind === 'house' && place.houseId === houseId ? 0.5 : 0;
	return at(day.am) + at(day.pm);
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

/** Resolved days of the given people over a date range, for week grids and reports. */
export function resolveRange(
	companyId: string,
	userIds: readonly string[],
	dates: readonly string[]
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
	return result;
}

export type DayChoice =
	| { split: false; whole: PlaceChoice; note: string }
	| { split: true; am: PlaceChoice | null; pm: PlaceChoice | null; note: string };

/**
 * Replaces a person's plan for one date. A half left null follows the pattern. Check-ins on that
 * date are replaced too: the person said where they are.
 */
export function setDayPlan(
	companyId: string,
	userId: string,
	date: string,
	choice: DayChoice,
	now = new Date()
): void {
	const rows: Array<typeof dayPlans.$inferInsert> = [];
	const row = (half: DayHalf, place: PlaceChoice) => ({
		companyId,
		userId,
		date,
		half,
		kind: place.kind,
		houseId: place.kind === 'house' ? place.houseId : null,
		note: choice.note,
		checkedInAt: null,
		updatedAt: now
	});
	if (!choice.split) rows.push(row('day', choice.whole));
	else {
		if (choice.am) rows.push(row('am', choice.am));
		if (choice.pm) rows.push(row('pm', choice.pm));
	}
	getDb().transaction((tx) => {
		tx.delete(dayPlans)
			.where(
				and(eq(dayPlans.companyId, companyId), eq(dayPlans.userId, userId), eq(dayPlans.date, date))
			)
			.run();
		if (rows.length) tx.insert(dayPlans).values(rows).run();
	});
}

/** Forgets a person's plan for a date: the pattern applies again. */
export function clearDayPlan(companyId: string, userId: string, date: string): void {
	getDb()
		.delete(dayPlans)
		.where(
			and(eq(dayPlans.companyId, companyId), eq(dayPlans.userId, userId), eq(dayPlans.date, date))
		)
		.run();
}

/** Sets today's place to a house as a check-in (whole day), keeping the day's note. */
export function recordCheckIn(
	companyId: string,
	userId: string,
	houseId: string,
	date: string,
	now = new Date()
): void {
	getDb().transaction((tx) => {
		const where = and(
			eq(dayPlans.companyId, companyId),
			eq(dayPlans.userId, userId),
			eq(dayPlans.date, date)
		);
		const previous = tx.select({ note: dayPlans.note }).from(dayPlans).where(where).all();
		tx.delete(dayPlans).where(where).run();
		tx.insert(dayPlans)
			.values({
				companyId,
				userId,
				date,
				half: 'day',
				kind: 'house',
				houseId,
				note: previous.find((row) => row.note)?.note ?? '',
				checkedInAt: now,
				updatedAt: now
			})
			.run();
	});
}

/** A weekly pattern: weekday (1–7) → place, or null for "nothing planned". */
export type WeekPattern = Record<number, PlaceChoice | null>;

/**
 * Sets the person's pattern from the week of `from` on, until changed: later scheduled changes
 * are dropped, earlier weeks keep the pattern they had.
 */
export function setPattern(
	companyId: string,
	userId: string,
	from: string,
	pattern: WeekPattern
): void {
	const validFrom = mondayOf(from);
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

/** The pattern in force on `date` (by weekday), as the planner form shows it. */
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
	const monday = mondayOf(date);
	const pattern: WeekPattern = {};
	for (let weekday = 1; weekday <= 7; weekday += 1) {
		const place = patternFor(rows, addDays(monday, weekday - 1));
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
