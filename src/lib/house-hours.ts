import { formatWeekday } from '$lib/format';
import { m } from '$lib/paraglide/messages';

/** A house's days when nobody chose others: Monday to Friday (ISO weekdays). */
export const DEFAULT_OPENING_DAYS: readonly number[] = [1, 2, 3, 4, 5];
export const DEFAULT_OPENS_AT = '08:30';
export const DEFAULT_CLOSES_AT = '18:30';

/** "Monday, Tuesday, Thursday, 08:30–18:00": when the house opens, in the reader's language. */
export function openingHoursLabel(house: {
	openingDays: readonly number[];
	opensAt: string;
	closesAt: string;
}): string {
	return m.operators_house_hours_value({
		days: house.openingDays.map((day) => formatWeekday(day)).join(', '),
		opens: house.opensAt,
		closes: house.closesAt
	});
}
