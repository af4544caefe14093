// The presence board: every member's today (in their own time zone), their status, whether they
// have Hameau open, and where the video-rooms feature says they are (`room`, an extension point
// filled by nothing yet).
import { and, eq, isNull, sql } from 'drizzle-orm';
import { membersWithHomeHouse } from '../companies/members';
import type { Statement } from 'better-sqlite3';
import { getDb, type Db } from '../db';
import { prepared } from '../db/prepared';
import { companyHouses, houses, statuses, type Status } from '../db/schema';
import { liveHub } from '../live/hub';
import { processSingleton } from '../process-singleton';
import { byName } from '../../name-order';
import { addDays, endOfDay, todayIn } from '../../zoned-time';
import type {
	BoardHouse,
	BoardPerson,
	BoardRoom,
	BoardStatus,
	SeatCounts
} from '../../live-events';
export type { BoardHouse };
import { currentPlace, groupKey, type HiddenPerson } from '../../board-groups';
import { boardIgnores, CompanyCache } from './board-cache';
import { seatCountsToday, type PeaksMemo } from './capacity';
import { byUser, patternsOf, plansBetween, resolveDay, type ResolvedDay } from './plans';

/** Where the video rooms say each person is; registered by that feature, none until then. */
export type RoomLookup = (companyId: string) => Map<string, BoardRoom>;
const roomLookup = () =>
	processSingleton<{ lookup?: RoomLookup }>('hameau.presence.rooms', () => ({}));

/** Lets the video rooms tell the board who is in which room (one lookup per board query). */
export function registerRoomLookup(lookup: RoomLookup): void {
	roomLookup().lookup = lookup;
}

/** The company's active houses, by name. */
export function boardHouses(companyId: string): BoardHouse[] {
	return prepared(getDb(), 'presence-board-houses', (db) =>
		db
			.select({
				id: houses.id,
				name: houses.name,
				commune: houses.commune,
				seats: houses.seats,
				timeZone: houses.timeZone,
				openingDays: houses.openingDays,
				opensAt: houses.opensAt,
				closesAt: houses.closesAt
			})
			.from(companyHouses)
			.innerJoin(houses, eq(companyHouses.houseId, houses.id))
			.where(
				and(eq(companyHouses.companyId, sql.placeholder('companyId')), isNull(houses.archivedAt))
			)
			.prepare()
	)
		.all({ companyId })
		.sort(byName);
}

function companyStatuses(companyId: string): Status[] {
	return prepared(getDb(), 'presence-board-statuses', (db) =>
		db
			.select()
			.from(statuses)
			.where(eq(statuses.companyId, sql.placeholder('companyId')))
			.prepare()
	).all({ companyId });
}

/** A status still in force at `now` (statuses end with their day even before the sweep runs). */
export function activeStatus(row: Status | undefined, now: number): BoardStatus | null {
	if (!row || row.expiresAt.getTime() <= now) return null;
	return {
		text: row.text,
		emoji: row.emoji,
		dndUntil: row.dndUntil && row.dndUntil.getTime() > now ? row.dndUntil.getTime() : null,
		expiresAt: row.expiresAt.getTime()
	};
}

/**
 * A person's today. It starts as the date in their home house's zone (else the company's default
 * zone); when that day puts them in a house of another zone, today is that house's date instead.
 * Someone who planned nothing at home but is at (or checked into) a house in another zone on
 * that house's today is there: a check-in at 22:30 in La Paz counts while Paris is already on
 * the next day.
 */
export function personToday(
	homeTimeZone: string,
	resolve: (date: string) => ResolvedDay,
	zoneOf: (houseId: string) => string | undefined,
	otherZones: readonly string[],
	now: number
): { day: ResolvedDay; timeZone: string } {
	const first = resolve(todayIn(homeTimeZone, now));
	const houseId = [first.am, first.pm].find((place) => place.kind === 'house')?.houseId;
	const houseZone = houseId ? zoneOf(houseId) : undefined;
	if (houseId) {
		if (!houseZone || houseZone === homeTimeZone) return { day: first, timeZone: homeTimeZone };
		const date = todayIn(houseZone, now);
		const day = date === first.date ? first : resolve(date);
		const stillThere = [day.am, day.pm].some((p) => p.kind === 'house' && p.houseId === houseId);
		return stillThere ? { day, timeZone: houseZone } : { day: first, timeZone: homeTimeZone };
	}
	if (first.am.source === 'plan' || first.pm.source === 'plan') {
		return { day: first, timeZone: homeTimeZone };
	}
	for (const zone of otherZones) {
		const date = todayIn(zone, now);
		if (zone === homeTimeZone || date === first.date) continue;
		const day = resolve(date);
		const there = [day.am, day.pm].some(
			(place) => place.kind === 'house' && zoneOf(place.houseId ?? '') === zone
		);
		if (there) return { day, timeZone: zone };
	}
	return { day: first, timeZone: homeTimeZone };
}

export type Board = { houses: BoardHouse[]; people: BoardPerson[]; defaultTimeZone: string };

/**
 * The whole board of a company at `now`; `onlyUserIds` narrows it to these people (a card for an
 * event, the cards a board refreshes), members only.
 */
export function presenceBoard(
	companyId: string,
	now = Date.now(),
	onlyUserIds?: ReadonlySet<string>
): Board {
	return readBoard(companyId, now, onlyUserIds).board;
}

/**
 * The whole board and today's seats at its houses, by house id (counts only for the other
 * companies). The board's data is the company's kept copy when still true (board-cache.ts);
 * who is online and in a room, and the seats, are read now. The seats count the company's own
 * people from the plans the board read: read apart, the same plans and patterns came twice per
 * board.
 */
export function boardWithSeats(
	companyId: string,
	now = Date.now()
): { board: Board; seatsLeft: Record<string, SeatCounts> } {
	const data = keptBoardData(companyId, now);
	return {
		board: { ...data.board, people: withPresence(companyId, data.board.people) },
		seatsLeft: seatCountsToday(companyId, data.board.houses, now, data.ownDays, data.ownPeaks)
	};
}

/** Every member's resolved days on `dates`, by user id (what capacity's loads count). */
export type OwnDays = (dates: readonly string[]) => Map<string, ResolvedDay[]>;

/**
 * What a board reads from the database, with nobody online or in a room yet (withPresence adds
 * those), and the first instant it may change with no event: a status or do-not-disturb ending,
 * midnight in a zone someone's day is read in (or UTC's, past which the plans read no longer
 * cover every house's today).
 */
type BoardData = {
	board: Board;
	ownDays: OwnDays;
	/** The company's own people at each house, kept with the days they are counted from. */
	ownPeaks: PeaksMemo;
	validUntil: number;
	size: number;
};

const boardCache = () =>
	processSingleton(
		'hameau.presence.board-cache',
		() => new CompanyCache<BoardData>(liveHub, boardIgnores)
	);

const dataVersions = new WeakMap<object, Statement>();

/**
 * SQLite's count of commits by other connections to the file: what the live events cannot tell
 * (another process sharing the file, a tool, a test seeding data). A few microseconds.
 */
function othersCommits(client: Db['$client']): number {
	let statement = dataVersions.get(client);
	if (!statement) {
		statement = client.prepare('PRAGMA data_version').pluck();
		dataVersions.set(client, statement);
	}
	return statement.get() as number;
}

/** The company's board data at `now`, kept between its live events (see board-cache.ts). */
function keptBoardData(companyId: string, now: number): BoardData {
	const db = getDb();
	return boardCache().get(companyId, now, db, othersCommits(db.$client), () =>
		readBoardData(companyId, now)
	);
}

function readBoard(
	companyId: string,
	now: number,
	onlyUserIds?: ReadonlySet<string>
): { board: Board; ownDays: OwnDays } {
	const { board, ownDays } = readBoardData(companyId, now, onlyUserIds);
	return { board: { ...board, people: withPresence(companyId, board.people) }, ownDays };
}

/**
 * Who has Hameau open and who is in which video room, on cards read without them: in memory and
 * one query, read at each request rather than kept (a card changes only for those concerned).
 */
function withPresence(companyId: string, people: readonly BoardPerson[]): BoardPerson[] {
	const rooms = roomLookup().lookup?.(companyId);
	const hub = liveHub();
	return people.map((person) => {
		const online = hub.isOnline(companyId, person.userId);
		const room = rooms?.get(person.userId) ?? null;
		return online || room ? { ...person, online, room } : person;
	});
}

function readBoardData(
	companyId: string,
	now: number,
	onlyUserIds?: ReadonlySet<string>
): BoardData {
	const houseList = boardHouses(companyId);
	const zones = new Map(houseList.map((house) => [house.id, house.timeZone]));
	const defaultTimeZone = houseList[0]?.timeZone ?? 'UTC';
	const allZones = [...new Set(zones.values())];
	const allMembers = membersWithHomeHouse(companyId);
	const members = onlyUserIds
		? allMembers.filter((member) => onlyUserIds.has(member.userId))
		: allMembers;
	// Dates of all members lie within a day of UTC's today (zones span −12 h … +14 h).
	const utcToday = todayIn('UTC', now);
	const plans = byUser(plansBetween(companyId, addDays(utcToday, -1), addDays(utcToday, 1)));
	const patterns = byUser(patternsOf(companyId));
	const statusByUser = new Map(companyStatuses(companyId).map((row) => [row.userId, row]));
	const dayZones = new Set(['UTC', ...allZones]);
	let validUntil = Infinity;
	const people = members.map((member): BoardPerson => {
		const own = plans.get(member.userId) ?? [];
		const ownPatterns = patterns.get(member.userId) ?? [];
		// Their home house's zone; else their own (profile); the company's first house's zone
		// only for people who never set one.
		const homeZone =
			member.homeTimeZone && zones.has(member.homeHouseId ?? '')
				? member.homeTimeZone
				: (member.ownTimeZone ?? defaultTimeZone);
		dayZones.add(homeZone);
		const { day, timeZone } = personToday(
			homeZone,
			(date) => resolveDay(date, own, ownPatterns),
			(houseId) => zones.get(houseId),
			allZones,
			now
		);
		// A plan for a house that was archived since shows as "not set".
		const visible = (place: ResolvedDay['am']) =>
			place.kind === 'house' && !zones.has(place.houseId ?? '')
				? { kind: 'unset' as const, houseId: null, note: place.note, checkedIn: false }
				: {
						kind: place.kind,
						houseId: place.houseId,
						note: place.note,
						checkedIn: place.checkedIn
					};
		const status = activeStatus(statusByUser.get(member.userId), now);
		if (status) validUntil = Math.min(validUntil, status.dndUntil ?? Infinity, status.expiresAt);
		return {
			userId: member.userId,
			name: member.name,
			date: day.date,
			timeZone,
			homeHouseId: member.homeHouseId,
			am: visible(day.am),
			pm: visible(day.pm),
			status,
			online: false,
			room: null
		};
	});
	for (const zone of dayZones)
		validUntil = Math.min(validUntil, endOfDay(todayIn(zone, now), zone));
	// Dates outside the plans read above are never asked for: a house's today is within a day
	// of UTC's. Each set of dates once: the board's houses ask for the same few.
	const resolved = new Map<string, Map<string, ResolvedDay[]>>();
	const ownDays: OwnDays = (dates) => {
		const key = dates.join(',');
		let days = resolved.get(key);
		if (!days) {
			days = new Map(
				allMembers.map(({ userId }) => {
					const own = plans.get(userId) ?? [];
					const ownPatterns = patterns.get(userId) ?? [];
					return [userId, dates.map((date) => resolveDay(date, own, ownPatterns))];
				})
			);
			resolved.set(key, days);
		}
		return days;
	};
	return {
		board: { houses: houseList, people, defaultTimeZone },
		ownDays,
		ownPeaks: new Map(),
		validUntil,
		size: allMembers.length
	};
}

/** One person's card (null when they are not a member), for live events. */
export function boardPerson(
	companyId: string,
	userId: string,
	now = Date.now()
): BoardPerson | null {
	return presenceBoard(companyId, now, new Set([userId])).people[0] ?? null;
}

/**
 * One person's card from the company's kept data (null when they are not a member), with who is
 * in a room now: for a change that touches nothing kept (someone entered or left a room), so that
 * telling the boards of it reads nothing either.
 */
export function keptBoardPerson(
	companyId: string,
	userId: string,
	now = Date.now()
): BoardPerson | null {
	const person = keptBoardData(companyId, now).board.people.find((p) => p.userId === userId);
	return person ? withPresence(companyId, [person])[0] : null;
}

/** What a board asks for after live events: some people's cards, or the houses (and so everyone). */
export type BoardPartsRequest = { people: readonly string[]; houses: boolean };

/**
 * The parts of a board that changed, as of the live cursor `cursor` (read before them): each
 * person asked for, their card or null when they are no longer a member; with `houses`, the
 * houses, their seats today and every card (a house's zone or its archiving changes cards).
 * Counts only for the other companies, as on the board.
 */
export type BoardParts = {
	cursor: string;
	people: Record<string, BoardPerson | null>;
	houses: { houses: BoardHouse[]; seatsLeft: Record<string, SeatCounts> } | null;
};

export function boardParts(
	companyId: string,
	request: BoardPartsRequest,
	now = Date.now()
): BoardParts {
	// The cursor first: a change made while the parts are read comes again as an event.
	const cursor = liveHub().cursor(companyId);
	// The kept data, true as of the cursor just read (a refresh follows events that dropped it).
	const { board, ownDays, ownPeaks } = keptBoardData(companyId, now);
	const asked = request.houses ? null : new Set(request.people);
	const people: Record<string, BoardPerson | null> = {};
	for (const userId of request.people) people[userId] = null;
	const cards = asked ? board.people.filter((person) => asked.has(person.userId)) : board.people;
	for (const person of withPresence(companyId, cards)) people[person.userId] = person;
	return {
		cursor,
		people,
		houses: request.houses
			? {
					houses: board.houses,
					seatsLeft: seatCountsToday(companyId, board.houses, now, ownDays, ownPeaks)
				}
			: null
	};
}

/** How many people each house or column shows before "Show all". */
export const BOARD_GROUP_LIMIT = 12;

/**
 * The board's people bounded: in each group (a house, a column) the first `limit` people, those
 * present first (checked in there, then online), the others only counted (`hidden`), so a board
 * costs houses × limit cards, not members. Groups in `whole` are kept whole ("Show all"), and so
 * is the viewer's own card (their status form reads it). Cards stay in the board's order (names).
 */
export function boundBoard(
	people: readonly BoardPerson[],
	now: number,
	options: { limit?: number; whole?: ReadonlySet<string>; keep?: string }
): { people: BoardPerson[]; hidden: HiddenPerson[] } {
	const limit = options.limit ?? BOARD_GROUP_LIMIT;
	const groups = new Map<string, BoardPerson[]>();
	for (const person of people) {
		const key = groupKey(currentPlace(person, now));
		const list = groups.get(key);
		if (list) list.push(person);
		else groups.set(key, [person]);
	}
	const hiddenIds = new Set<string>();
	const hidden: HiddenPerson[] = [];
	for (const [group, list] of groups) {
		if (list.length <= limit || options.whole?.has(group)) continue;
		// Each person's rank once (their place is worked out anew otherwise, at every comparison).
		const ranks = new Map(
			list.map((person) => [
				person,
				(currentPlace(person, now).checkedIn ? 0 : 2) + (person.online ? 0 : 1)
			])
		);
		// A stable sort: within a rank, the board's order.
		const present = [...list].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
		for (const person of present.slice(limit)) {
			if (person.userId === options.keep) continue;
			hiddenIds.add(person.userId);
			hidden.push({
				userId: person.userId,
				morningGroup: groupKey(person.am),
				afternoonGroup: groupKey(person.pm),
				homeHouseId: person.homeHouseId,
				online: person.online,
				date: person.date,
				timeZone: person.timeZone
			});
		}
	}
	return { people: people.filter((person) => !hiddenIds.has(person.userId)), hidden };
}
