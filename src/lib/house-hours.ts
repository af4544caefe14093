import { formatList, formatWeekday } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { isoWeekday, todayIn } from './zoned-time';

/** A house's days when nobody chose others: Monday to Friday (ISO weekdays). */
export const DEFAULT_OPENING_DAYS: readonly number[] = [1, 2, 3, 4, 5];
export const DEFAULT_OPENS_AT = '08:30';
export const DEFAULT_CLOSES_AT = '18:30';

/** Runs of consecutive ISO weekdays, in week order: [1, 2, 3, 5] → [[1, 3], [5, 5]]. */
function weekdayRuns(days: readonly number[]): Array<[number, number]> {
	const runs: Array<[number, number]> = [];
	for (const day of [...new Set(days)].sort((a, b) => a - b)) {
		const last = runs.at(-1);
		if (last && last[1] === day - 1) last[1] = day;
		else runs.push([day, day]);
	}
	return runs;
}

/**
 * ISO weekdays as people write them: "du lundi au vendredi", "Monday to Wednesday and Friday",
 * "mardi et jeudi". Three days or more in a row read as a span; two stay named, since "from
 * Monday to Tuesday" says no more than "Monday and Tuesday".
 */
export function openingDaysLabel(days: readonly number[]): string {
	const parts = weekdayRuns(days).flatMap(([first, last]) => {
		if (last - first >= 2) {
			return [
				m.operators_house_days_span({ first: formatWeekday(first), last: formatWeekday(last) })
			];
		}
		return first === last ? [formatWeekday(first)] : [formatWeekday(first), formatWeekday(last)];
	});
	return formatList(parts);
}

/** When a house opens: its ISO weekdays and its hours (HH:MM) on those days. */
export type OpeningHours = { openingDays: readonly number[]; opensAt: string; closesAt: string };

/** Whether the house opens on `date` (`YYYY-MM-DD`, a day on its own calendar). */
export function opensOn(house: { openingDays: readonly number[] }, date: string): boolean {
	return house.openingDays.includes(isoWeekday(date));
}

/**
 * Whether the house does not open at all today on its own clock (the weekday in its time zone),
 * as the board's card and a check-in's confirmation say. Its days only, not its hours: a check-in
 * is for the day or half of it, not for the moment it is made, and someone checking in from the
 * train at 08:00 for an 08:30 opening, or at 19:00 for the day they spent there, is at a house
 * that opened that day.
 */
export function closedToday(
	house: { openingDays: readonly number[]; timeZone: string },
	now: number
): boolean {
	return !opensOn(house, todayIn(house.timeZone, now));
}

/** "du lundi au vendredi, 08:30–18:00": when the house opens, in the reader's language. */
export function openingHoursLabel(house: OpeningHours): string {
	return m.operators_house_hours_value({
		days: openingDaysLabel(house.openingDays),
		opens: house.opensAt,
		closes: house.closesAt
	});
}
