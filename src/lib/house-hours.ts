import { formatList, formatWeekday } from '$lib/format';
import { m } from '$lib/paraglide/messages';

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

/** "du lundi au vendredi, 08:30–18:00": when the house opens, in the reader's language. */
export function openingHoursLabel(house: {
	openingDays: readonly number[];
	opensAt: string;
	closesAt: string;
}): string {
	return m.operators_house_hours_value({
		days: openingDaysLabel(house.openingDays),
		opens: house.opensAt,
		closes: house.closesAt
	});
}
