import { formatWeekday } from '$lib/format';
import { m } from '$lib/paraglide/messages';

/** "Monday, Tuesday, Thursday, 08:30–18:00": when the house opens, in the reader's language. */
export function openingHoursLabel(house: {
	openingDays: number[];
	opensAt: string;
	closesAt: string;
}): string {
	return m.operators_house_hours_value({
		days: house.openingDays.map((day) => formatWeekday(day)).join(', '),
		opens: house.opensAt,
		closes: house.closesAt
	});
}
