// When a stand-up happens. A stand-up is held on some weekdays at a wall-clock time in one time
// zone (Mon–Fri 09:30 Europe/Paris); each such day is an *occurrence*, named by its date in that
// zone. Everything here is pure (Intl only, through zoned-time), so it is tested without a
// database.

import { addDays, isoWeekday, wallClock, zonedInstant } from '../../zoned-time';

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

export type Schedule = {
	/** Days it is held, ISO weekdays. */
	days: readonly number[];
	/** Wall-clock time `HH:MM` in `timeZone`. */
	time: string;
	/** IANA time zone the time is given in. */
	timeZone: string;
};

/** One planned stand-up: its date in the stand-up's zone and the instant it starts. */
export type Occurrence = { date: string; startsAt: number };

/** The wall clock in `timeZone` at `instant`: date `YYYY-MM-DD`, time `HH:MM` and ISO weekday. */
function wallClockAt(instant: number, timeZone: string) {
	const { date, hour, minute } = wallClock(instant, timeZone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return { date, time: `${pad(hour)}:${pad(minute)}`, weekday: isoWeekday(date) as Weekday };
}

/** The occurrence on `date`, or null when the stand-up is not held that weekday. */
export function occurrenceOn(schedule: Schedule, date: string): Occurrence | null {
	if (!schedule.days.includes(isoWeekday(date))) return null;
	// A stand-up set in the hour the clocks go back is held the first time the clock shows its
	// time: people who meet "at 02:30" are there then, not an hour later.
	return { date, startsAt: zonedInstant(date, schedule.time, schedule.timeZone, 'earlier') };
}

/** The first occurrences starting at or after `from`, at most `count` of them. */
export function upcomingOccurrences(schedule: Schedule, from: number, count: number): Occurrence[] {
	const found: Occurrence[] = [];
	if (schedule.days.length === 0) return found;
	let date = wallClockAt(from, schedule.timeZone).date;
	for (let i = 0; found.length < count && i < 8 * count + 8; i++, date = addDays(date, 1)) {
		const occurrence = occurrenceOn(schedule, date);
		if (occurrence && occurrence.startsAt >= from) found.push(occurrence);
	}
	return found;
}

/** The latest occurrence that started at or before `at`, looking back at most two weeks. */
export function previousOccurrence(schedule: Schedule, at: number): Occurrence | null {
	let date = wallClockAt(at, schedule.timeZone).date;
	for (let i = 0; i < 15; i++, date = addDays(date, -1)) {
		const occurrence = occurrenceOn(schedule, date);
		if (occurrence && occurrence.startsAt <= at) return occurrence;
	}
	return null;
}

export type CardWindow = {
	/** Minutes before the start from which participants see the card and answer. */
	opensMinutesBefore: number;
	/** Hours after the start during which an occurrence not yet held is still "today's". */
	staysOpenHours: number;
};

export const DEFAULT_WINDOW: CardWindow = { opensMinutesBefore: 18 * 60, staysOpenHours: 12 };

/**
 * The occurrence whose card participants see at `now`: the most recent one started less than
 * `staysOpenHours` ago (a stand-up running late keeps its card), else the next one once its
 * answers window has opened. null between the two. (Once a run has been held, its stand-up moves
 * on to the next occurrence: see currentRun.)
 */
export function currentOccurrence(
	schedule: Schedule,
	now: number,
	window: CardWindow = DEFAULT_WINDOW
): Occurrence | null {
	const previous = previousOccurrence(schedule, now);
	if (previous && now - previous.startsAt < window.staysOpenHours * 3600 * 1000) return previous;
	const [next] = upcomingOccurrences(schedule, now, 1);
	if (next && next.startsAt - window.opensMinutesBefore * 60_000 <= now) return next;
	return null;
}

/** How an instant reads for someone in `timeZone`: their date, time and weekday. */
export function seenFrom(instant: number, timeZone: string) {
	const { date, time, weekday } = wallClockAt(instant, timeZone);
	return { date, time, weekday };
}

/** `HH:MM` with hours 0–23 and minutes 0–59. */
export function isWallTime(value: string): boolean {
	return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}
