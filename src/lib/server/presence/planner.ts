// What the planner and the team grid need: weeks of resolved days and the choices a form offers.
import { boardHouses } from './board';
import { addDays, mondayOf, todayIn } from '../../zoned-time';
import { isPlaceOutsideHouse } from '../../vocabulary';
import type { PlaceChoice } from './plans';
import type { ResolvedPlace } from './plans';

/** The seven dates of the week starting `monday`. */
export function weekDates(monday: string): string[] {
	return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The week asked for (any date in it), else this week in `timeZone`. */
export function weekStart(param: string | null, timeZone: string, now = Date.now()): string {
	return mondayOf(param ?? todayIn(timeZone, now));
}

/** A form value for a place: "home", "house:<id>", … or "" for none. */
export function placeToValue(place: Pick<ResolvedPlace, 'kind' | 'houseId'> | null): string {
	if (!place || place.kind === 'unset') return '';
	return place.kind === 'house' ? `house:${place.houseId}` : place.kind;
}

/**
 * A form value back to a place; null for "" (none). Houses must be active houses of the company,
 * anything else is `false` (invalid).
 */
export function valueToPlace(companyId: string, value: string): PlaceChoice | null | false {
	if (value === '') return null;
	if (isPlaceOutsideHouse(value)) return { kind: value, houseId: null };
	const houseId = value.startsWith('house:') ? value.slice(6) : '';
	return boardHouses(companyId).some((house) => house.id === houseId)
		? { kind: 'house', houseId }
		: false;
}
