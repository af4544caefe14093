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
