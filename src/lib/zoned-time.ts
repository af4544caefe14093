// Calendar dates and wall-clock times in a time zone, with nothing but Intl (shared by the server
// and the browser). A date is a `YYYY-MM-DD` string: plans are about days, not instants.

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
	let formatter = partsFormatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-GB', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		partsFormatters.set(timeZone, formatter);
	}
	return formatter;
}

type WallClock = { date: string; hour: number; minute: number; second: number };

// formatToParts costs microseconds and a board asks the same few zones about the same instant
// dozens of times: remember the last answers per zone and second.
const recent = new Map<string, WallClock>();

/** The wall clock in `timeZone` at `instant`. */
export function wallClock(instant: Date | number, timeZone: string): WallClock {
	const second = Math.floor(Number(instant) / 1000);
	const key = `${timeZone} ${second}`;
	const known = recent.get(key);
	if (known) return known;
	const clock = computeWallClock(second * 1000, timeZone);
	if (recent.size >= 512) recent.clear();
	recent.set(key, clock);
	return clock;
}

function computeWallClock(instant: number, timeZone: string): WallClock {
	const parts: Record<string, string> = {};
	for (const part of partsFormatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
	return {
		date: `${parts.year}-${parts.month}-${parts.day}`,
		hour: Number(parts.hour),
		minute: Number(parts.minute),
		second: Number(parts.second)
	};
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now: Date | number = Date.now()): string {
	return wallClock(now, timeZone).date;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (Paris in winter: +3 600 000). */
export function offsetAt(instant: number, timeZone: string): number {
	const wall = wallClock(instant, timeZone);
	const asUtc =
		Date.parse(`${wall.date}T00:00:00Z`) +
		((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1000;
	return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * Which instant a wall time that happens twice stands for. When clocks go back, the hour before
 * the change is lived again: 02:30 on 25 October 2026 in Paris is 00:30 UTC (summer time) and
 * again 01:30 UTC (winter time). There is no default: each caller says which one its people mean.
 */
export type RepeatedWallTime = 'earlier' | 'later';

const DAY_MS = 86_400_000;

/**
 * The instant when the wall clock in `timeZone` shows `time` (HH:MM) on `date`.
 *
 * - A time shown twice (clocks going back) is the `repeated` one of its two instants.
 * - A time never shown (clocks going forward: 02:30 on 29 March 2026 in Paris) is read with the
 *   offset from before the jump, so it lands as far after the jump as it was after the jump's
 *   start: 02:30 becomes 03:30 summer time, and a skipped midnight becomes the jump itself, the
 *   first instant of that day. (Temporal calls this rule 'compatible'.)
 */
export function zonedInstant(
	date: string,
	time: string,
	timeZone: string,
	repeated: RepeatedWallTime
): number {
	const wall = Date.parse(`${date}T${time}:00Z`);
	// A day either side reaches past any change that can touch this wall time (offsets run from
	// UTC−12 to UTC+14), and no zone changes its offset twice within two days.
	const before = offsetAt(wall - DAY_MS, timeZone);
	const after = offsetAt(wall + DAY_MS, timeZone);
	// An instant stands for this wall time when the zone's offset at it is the one that maps it
	// there; with one offset on each side of a change there are at most two such instants.
	const instants = [wall - before, wall - after].filter(
		(instant) => offsetAt(instant, timeZone) === wall - instant
	);
	if (instants.length === 0) return wall - before;
	return repeated === 'earlier' ? Math.min(...instants) : Math.max(...instants);
}

/** The first instant of the day after `date` in `timeZone`: when that day's statuses end. */
export function endOfDay(date: string, timeZone: string): number {
	// Where clocks go back at midnight (Havana, the Azores) the next day begins at the first
	// midnight: from then on the clock shows the next date, and the day must not last an hour more.
	return zonedInstant(addDays(date, 1), '00:00', timeZone, 'earlier');
}

export function addDays(date: string, days: number): string {
	const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
	return new Date(t).toISOString().slice(0, 10);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
	const day = new Date(`${date}T00:00:00Z`).getUTCDay();
	return day === 0 ? 7 : day;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
	return addDays(date, 1 - isoWeekday(date));
}

export function isIsoDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const t = Date.parse(`${value}T00:00:00Z`);
	return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** Every date of a `YYYY-MM` month. */
export function datesOfMonth(month: string): string[] {
	const dates: string[] = [];
	for (let date = `${month}-01`; date.startsWith(month); date = addDays(date, 1)) dates.push(date);
	return dates;
}
