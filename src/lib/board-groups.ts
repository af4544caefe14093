// Where a person shows on the board now, shared by the server (which bounds each group) and the
// page (which places the cards and counts the people it was not sent): the half of their day they
// are in on their own clock, and the group that place is (a house, or a column outside houses).
import type { BoardHouse, BoardPerson, BoardPlace, SeatCounts } from './live-events';
import { wallClock } from './zoned-time';

/** The morning until 13:00 on the person's own clock, then the afternoon. */
export function isMorning(person: Pick<BoardPerson, 'timeZone'>, now: number): boolean {
	return wallClock(now, person.timeZone).hour < 13;
}

/** The half of their day a person is in now. */
export function currentPlace(person: BoardPerson, now: number): BoardPlace {
	return isMorning(person, now) ? person.am : person.pm;
}

/** A group of the board: `house:<id>` for a house, else the column's kind ('home', 'unset', …). */
export function groupKey(place: Pick<BoardPlace, 'kind' | 'houseId'>): string {
	return place.kind === 'house' ? `house:${place.houseId}` : place.kind;
}

/**
 * Someone the board was not sent the card of (their group had more than it shows): enough to
 * count them where they are, under the filters, and to notice their day ending at midnight.
 */
export type HiddenPerson = {
	userId: string;
	/** Their group in each half of their day (groupKey): the page counts them where they are now. */
	morningGroup: string;
	afternoonGroup: string;
	homeHouseId: string | null;
	online: boolean;
	/** Their today and its zone, as on their card. */
	date: string;
	timeZone: string;
};

/** The group someone not sent is counted in now: the half of their day they are in. */
export function hiddenGroup(entry: HiddenPerson, now: number): string {
	return isMorning(entry, now) ? entry.morningGroup : entry.afternoonGroup;
}

/**
 * The houses whose seat counts are of a day already over where they are (their midnight passed
 * since they were read), each with its new day: the board reads their seats again.
 */
export function housesPastSeatsDay(
	houses: readonly Pick<BoardHouse, 'id' | 'timeZone'>[],
	seatsLeft: Readonly<Record<string, Pick<SeatCounts, 'date'>>>,
	now: number
): Array<{ houseId: string; today: string }> {
	return houses.flatMap((house) => {
		const today = wallClock(now, house.timeZone).date;
		const seats = seatsLeft[house.id];
		return seats !== undefined && seats.date !== today ? [{ houseId: house.id, today }] : [];
	});
}
