// Months as billing reads them: `YYYY-MM` strings, and whether one has ended on a house's clock.
import { todayIn } from '../../zoned-time';

export function isMonth(value: string): boolean {
	return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The month holding `date` (YYYY-MM-DD). */
export function monthOf(date: string): string {
	return date.slice(0, 7);
}

/** The month `offset` months after `month` (negative: before). */
export function shiftMonth(month: string, offset: number): string {
	const [year, number] = month.split('-').map(Number);
	const index = year * 12 + (number - 1) + offset;
	return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month it is in `timeZone` at `now`. */
export function currentMonth(timeZone: string, now: Date | number = Date.now()): string {
	return monthOf(todayIn(timeZone, now));
}

/** true once the house's calendar has left `month`: a month closes only when every day of it is past. */
export function monthHasEnded(month: string, timeZone: string, now: Date | number = Date.now()) {
	return currentMonth(timeZone, now) > month;
}

/** `?month=YYYY-MM`, or the house's current month when absent; null when it is not a month. */
export function monthFromUrl(url: URL, timeZone: string, now: Date | number = Date.now()) {
	const param = url.searchParams.get('month');
	if (param === null || param === '') return currentMonth(timeZone, now);
	return isMonth(param) ? param : null;
}

/** Why a month cannot be closed (already closed aside, which only the database knows). */
export type ClosingRefusal = 'invalid_month' | 'not_ended' | 'before_first_agreement';

/**
 * The rule for which months of a house may be closed, that the months page offers and that
 * closing enforces: a month that has ended on the house's clock, from the month its first
 * agreement started (`firstMonth`; null: no agreement yet, nothing to close). Null when allowed.
 */
export function closingRefusal(
	month: string,
	house: { firstMonth: string | null; timeZone: string },
	now: Date | number = Date.now()
): ClosingRefusal | null {
	if (!isMonth(month)) return 'invalid_month';
	if (!monthHasEnded(month, house.timeZone, now)) return 'not_ended';
	if (house.firstMonth === null || month < house.firstMonth) return 'before_first_agreement';
	return null;
}

/**
 * Every month `closingRefusal` allows and `closed` does not hold, newest first: from the month
 * before the house's current one back to its first agreement's month.
 */
export function closableMonths(
	house: { firstMonth: string | null; timeZone: string },
	closed: ReadonlySet<string>,
	now: Date | number = Date.now()
): string[] {
	const months: string[] = [];
	if (house.firstMonth === null) return months;
	for (
		let month = shiftMonth(currentMonth(house.timeZone, now), -1);
		closingRefusal(month, house, now) === null;
		month = shiftMonth(month, -1)
	) {
		if (!closed.has(month)) months.push(month);
	}
	return months;
}
