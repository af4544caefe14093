// After a change to someone's place or status, every open board of the company gets their card.
// After a change to where someone works (a plan, a usual week, a check-in, from any page), every
// company working in the houses concerned gets the houses' seat counts (house-fan-out.ts), and
// the operator running the house hears that it changed (its pages read their counts again).
import { eq, sql } from 'drizzle-orm';
import { companiesOfUser } from '../companies/companies';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { houses } from '../db/schema';
import { HouseFanOut, type HouseEventsBuilder } from '../live/house-fan-out';
import { operatorChannel, publishLiveEvent } from '../live/hub';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { addDays } from '../../zoned-time';
import { boardPerson, boardHouses, keptBoardPerson } from './board';
import { houseSeatEvents } from './capacity';

export function publishPersonChanged(companyId: string, userId: string, now = Date.now()): void {
	const person = boardPerson(companyId, userId, now);
	if (person) publishLiveEvent(companyId, { type: 'person', person });
}

/**
 * The person entered or left a video room: their card with their room now, marked as changing
 * nothing else, so the company's kept board data stays (board-cache.ts) and is what the card is
 * built from.
 */
export function publishRoomChanged(companyId: string, userId: string, now = Date.now()): void {
	const person = keptBoardPerson(companyId, userId, now);
	if (person) publishLiveEvent(companyId, { type: 'person', person, roomOnly: true });
}

/**
 * The person changed their name or time zone on their profile: their card, in every company of
 * theirs (a board shows both, and a time zone moves their day).
 */
export function publishProfileChanged(userId: string, now = Date.now()): void {
	for (const company of companiesOfUser(userId)) publishPersonChanged(company.id, userId, now);
}

function operatorOfHouse(houseId: string): string | null {
	const row = prepared(getDb(), 'operator-of-house', (db) =>
		db
			.select({ operatorId: houses.operatorId })
			.from(houses)
			.where(eq(houses.id, sql.placeholder('houseId')))
			.prepare()
	).get({ houseId });
	return row?.operatorId ?? null;
}

/**
 * A house's gathered changes: the seat counts for each company working there, and for the
 * operator running it (if any) the mere fact, on its own stream: no people, no counts.
 */
const houseEvents: HouseEventsBuilder = (houseId, dates) => {
	const events = [...houseSeatEvents(houseId, dates)];
	const operatorId = operatorOfHouse(houseId);
	if (operatorId) {
		events.push({
			companyId: operatorChannel(operatorId),
			event: { type: 'house-activity', houseId, dates: [...dates] }
		});
	}
	return events;
};

/** The process's house fan-out for seat counts (one window per house). */
export function seatsFanOut(): HouseFanOut {
	return processSingleton('hameau.presence.seats', () => new HouseFanOut({ build: houseEvents }));
}

/** Seat counts of a house on these dates, to every company working there, after a short window. */
export function publishHouseSeats(houseId: string, dates: Iterable<string>): void {
	seatsFanOut().notify(houseId, dates);
}

/**
 * How far ahead a usual week's change is announced: the weeks pages show most (the board's today,
 * the planner's and the team's weeks). Pages further ahead read the counts when they load.
 */
export const PATTERN_NOTICE_DAYS = 28;

/** The dates a usual week saved from `from` on changes, as far as they are announced. */
export function patternDates(from: string): string[] {
	return Array.from({ length: PATTERN_NOTICE_DAYS }, (_, index) => addDays(from, index));
}

/**
 * Someone's place changed on these dates (a day planned or cleared, a usual week, a check-in):
 * their card to their company, and the seat counts of the company's houses to every company
 * working in them. All the company's houses, not only the one the person went to: the one they
 * left changes too, and knowing it would take reading their day before each write; a company has
 * a handful of houses and each is read once per window whatever the number of changes.
 */
export function publishPlaceChanged(
	companyId: string,
	userId: string,
	dates: Iterable<string>,
	options: {
		/** The house of a check-in: told even when the company's link to it has gone (the desk). */
		houseId?: string;
		now?: number;
	} = {}
): void {
	publishPersonChanged(companyId, userId, options.now);
	const list = [...dates];
	for (const [what, listener] of placeListeners()) {
		try {
			listener(companyId, userId, list);
		} catch (error) {
			// The place itself is stored and announced: only what follows it is missing.
			logger().error({ err: error, companyId }, `${what} not updated after a place change`);
		}
	}
	const houseIds = new Set(boardHouses(companyId).map((house) => house.id));
	if (options.houseId) houseIds.add(options.houseId);
	for (const houseId of houseIds) publishHouseSeats(houseId, list);
}

/** Told that someone's place changed on these dates (a plan, a usual week, a check-in). */
export type PlaceListener = (companyId: string, userId: string, dates: string[]) => void;

const placeListeners = () =>
	processSingleton('hameau.presence.place-listeners', () => new Map<string, PlaceListener>());

/**
 * Has `listener` follow every change of place (the video link budgets, which count who is at a
 * house, register here at start-up so presence imports nothing from video). `what` names it for
 * the log; registering the same `what` again replaces the listener.
 */
export function onPlaceChanged(what: string, listener: PlaceListener): void {
	placeListeners().set(what, listener);
}
