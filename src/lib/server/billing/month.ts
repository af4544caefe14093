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

/** A house as the closing rule reads it. */
export type HouseMonths = {
	/** The month its first agreement started (ended ones included); null: no agreement yet. */
	firstMonth: string | null;
	timeZone: string;
	/** The months already closed. */
	closed: ReadonlySet<string>;
};

/** Why a month cannot be closed; `closeFirst` is the earlier month still open. */
export type ClosingRefusal =
	| { reason: 'invalid_month' | 'not_ended' | 'before_first_agreement' | 'already_closed' }
	| { reason: 'earlier_month_open'; closeFirst: string };

/**
 * The earliest month from the first agreement's that is not closed, ended or not; null without
 * an agreement. Months closed out of order before they had to close in order leave gaps: the
 * earliest gap is the one to close.
 */
export function earliestOpenMonth(house: Pick<HouseMonths, 'firstMonth' | 'closed'>) {
	return house.firstMonth === null ? null : firstOpenFrom(house.firstMonth, house.closed);
}

/** `month`, or the first month after it that `closed` does not hold. */
function firstOpenFrom(month: string, closed: ReadonlySet<string>): string {
	while (closed.has(month)) month = shiftMonth(month, 1);
	return month;
}

/**
 * The rule for which month of a house may be closed, that the months page offers and that
 * closing enforces: a month that has ended on the house's clock, from the month its first
 * agreement started, once, and in order — every earlier month closed first, so that a correction
 * is billed by the month after the one it corrects, and statements follow each other. Null when
 * allowed.
 */
export function closingRefusal(
	month: string,
	house: HouseMonths,
	now: Date | number = Date.now()
): ClosingRefusal | null {
	if (!isMonth(month)) return { reason: 'invalid_month' };
	if (!monthHasEnded(month, house.timeZone, now)) return { reason: 'not_ended' };
	if (house.firstMonth === null || month < house.firstMonth) {
		return { reason: 'before_first_agreement' };
	}
	if (house.closed.has(month)) return { reason: 'already_closed' };
	const earliest = earliestOpenMonth(house)!;
	if (earliest < month) return { reason: 'earlier_month_open', closeFirst: earliest };
	return null;
}

export type NextMonthToClose = {
	month: string;
	/** How many ended months after it are open too: each closes once the one before it has. */
	laterEnded: number;
	/** The last ended month, the house's current one's previous. */
	lastEnded: string;
};

/** The one month `closingRefusal` allows now, with what waits after it; null when none does. */
export function nextMonthToClose(
	house: HouseMonths,
	now: Date | number = Date.now()
): NextMonthToClose | null {
	const month = earliestOpenMonth(house);
	if (month === null || !monthHasEnded(month, house.timeZone, now)) return null;
	const lastEnded = shiftMonth(currentMonth(house.timeZone, now), -1);
	let laterEnded = 0;
	for (let later = shiftMonth(month, 1); later <= lastEnded; later = shiftMonth(later, 1)) {
		if (!house.closed.has(later)) laterEnded += 1;
	}
	return { month, laterEnded, lastEnded };
}

/**
 * The month that will bill a correction of the closed month `corrects`: the first month after it
 * still open (closing bills the corrections of earlier months), which in-order closing makes the
 * next to close — unless months were closed out of order before, leaving an earlier gap.
 */
export function monthBillingCorrectionOf(corrects: string, closed: ReadonlySet<string>): string {
	return firstOpenFrom(shiftMonth(corrects, 1), closed);
}
