// The rooms repository: permanent rooms (one per house, one all-hands room), meeting rooms, and
// who may enter which. Every lookup is scoped by company.
import {
	and,
	asc,
	eq,
	gte,
	inArray,
	isNull,
	lte,
	ne,
	notExists,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { hasRole } from '../companies/companies';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import {
	companies,
	companyHouses,
	houses,
	knocks,
	memberships,
	roomInvitees,
	roomPresence,
	rooms,
	users,
	type Role,
	type Room,
	type RoomAccess
} from '../db/schema';
import { newId } from '../ids';
import { byName, compareNames } from '../../name-order';
import { notifyRoomInvitees } from '../notifications/rooms';
import { processSingleton } from '../process-singleton';

/** Longest meeting room name and description, in characters. */
export const ROOM_NAME_MAX = 80;
export const ROOM_DESCRIPTION_MAX = 500;

type Actor = { userId: string; role: Role };

/** LiveKit room names carry the company and the room id, never free text. */
export function liveKitRoomName(companyId: string, roomId: string): string {
	return `hameau_${companyId}_${roomId}`;
}

/**
 * Creates the company's all-hands room and a room for each of its houses when missing. Runs when
 * rooms are listed or entered, so houses created or linked by any path (and houses that existed
 * before video rooms) get their room without the houses module knowing about video.
 */
export function ensurePermanentRooms(companyId: string): void {
	const db = getDb();
	const missingHouses = prepared(db, 'houses-without-room', (db) =>
		db
			.select({ houseId: companyHouses.houseId })
			.from(companyHouses)
			.where(
				and(
					eq(companyHouses.companyId, sql.placeholder('companyId')),
					notExists(
						db
							.select({ one: sql`1` })
							.from(rooms)
							.where(
								and(
									eq(rooms.companyId, companyHouses.companyId),
									eq(rooms.houseId, companyHouses.houseId),
									eq(rooms.kind, 'house')
								)
							)
					)
				)
			)
			.prepare()
	).all({ companyId });
	const hasAllHands = prepared(db, 'all-hands-room', (db) =>
		db
			.select({ id: rooms.id })
			.from(rooms)
			.where(and(eq(rooms.companyId, sql.placeholder('companyId')), eq(rooms.slot, 'all_hands')))
			.prepare()
	).get({ companyId });
	if (missingHouses.length === 0 && hasAllHands) return;
	db.transaction((tx) => {
		const values: Array<typeof rooms.$inferInsert> = missingHouses.map(({ houseId }) => {
			const id = newId();
			return {
				id,
				companyId,
				kind: 'house',
				houseId,
				slot: `house:${houseId}`,
				livekitName: liveKitRoomName(companyId, id)
			};
		});
		if (!hasAllHands) {
			const id = newId();
			values.push({
				id,
				companyId,
				kind: 'all_hands',
				slot: 'all_hands',
				livekitName: liveKitRoomName(companyId, id)
			});
		}
		// Two first visits at once: the unique slot keeps one room each.
		tx.insert(rooms).values(values).onConflictDoNothing().run();
	});
}

export type RoomView = {
	id: string;
	kind: Room['kind'];
	/** The meeting's name, or the house's; empty for the all-hands room (the page names it). */
	name: string;
	description: string;
	access: RoomAccess;
	houseId: string | null;
	createdBy: string | null;
	livekitName: string;
	archived: boolean;
	/** A meeting room given a time: when it starts, and for how long. */
	scheduledAt: Date | null;
	durationMinutes: number | null;
	/** A short-lived room (a knock's call): gone for good once archived, never reopened. */
	shortLived: boolean;
};

const roomColumns = {
	id: rooms.id,
	kind: rooms.kind,
	roomName: rooms.name,
	houseName: houses.name,
	houseArchivedAt: houses.archivedAt,
	// Whether the company still works at the room's house: an ended agreement unlinks it.
	houseLinked: sql<number>`exists (select 1 from ${companyHouses} where ${companyHouses.companyId} = ${rooms.companyId} and ${companyHouses.houseId} = ${rooms.houseId})`,
	description: rooms.description,
	access: rooms.access,
	houseId: rooms.houseId,
	createdBy: rooms.createdBy,
	livekitName: rooms.livekitName,
	archivedAt: rooms.archivedAt,
	scheduledAt: rooms.scheduledAt,
	durationMinutes: rooms.durationMinutes,
	expiresAt: rooms.expiresAt
};

type RoomRow = {
	id: string;
	kind: Room['kind'];
	roomName: string;
	houseName: string | null;
	houseArchivedAt: Date | null;
	houseLinked: number;
	description: string;
	access: RoomAccess;
	houseId: string | null;
	createdBy: string | null;
	livekitName: string;
	archivedAt: Date | null;
	scheduledAt: Date | null;
	durationMinutes: number | null;
	expiresAt: Date | null;
};

function toView(row: RoomRow): RoomView {
	return {
		id: row.id,
		kind: row.kind,
		name: row.kind === 'house' ? (row.houseName ?? '') : row.roomName,
		description: row.description,
		access: row.access,
		houseId: row.houseId,
		createdBy: row.createdBy,
		livekitName: row.livekitName,
		// A house room closes with its house, and for a company that no longer works there (its
		// agreement ended): its people would still meet in it, and count on the house's link.
		archived:
			row.archivedAt !== null ||
			row.houseArchivedAt !== null ||
			(row.kind === 'house' && !row.houseLinked),
		scheduledAt: row.scheduledAt,
		durationMinutes: row.durationMinutes,
		shortLived: row.expiresAt !== null
	};
}

/** The condition on `rooms` that a room is open to `userId`. */
export type RoomOpenTo = (userId: string) => SQL;

const standupRooms = () =>
	processSingleton<{ openTo?: RoomOpenTo }>('hameau.video.standup-room-access', () => ({}));

/**
 * Who may enter a stand-up's room is the stand-ups' rule (its participants and whoever may run
 * it), registered at start-up so this module imports nothing from them. Until it is, a stand-up's
 * room is open to nobody.
 */
export function registerStandupRoomAccess(openTo: RoomOpenTo): void {
	standupRooms().openTo = openTo;
}

/**
 * Rooms open to everyone, plus invite-only rooms the user created or was chosen for; a stand-up's
 * room only by the stand-ups' rule.
 */
function visibleTo(userId: string) {
	const standupOpenTo = standupRooms().openTo;
	return and(
		or(
			eq(rooms.access, 'everyone'),
			eq(rooms.createdBy, userId),
			sql`exists (select 1 from ${roomInvitees} where ${roomInvitees.roomId} = ${rooms.id} and ${roomInvitees.userId} = ${userId})`
		),
		standupOpenTo ? or(ne(rooms.kind, 'standup'), standupOpenTo(userId)) : ne(rooms.kind, 'standup')
	);
}

const KIND_RANK: Partial<Record<Room['kind'], number>> = { all_hands: 0, house: 1 };

// Permanent rooms first, then each kind by name in reading order ("Écurie" among the E's, which
// SQLite's collate nocase put after "Z"); equal names keep the id order, so the list does not reshuffle between loads.
function inListOrder(a: RoomView, b: RoomView): number {
	return (KIND_RANK[a.kind] ?? 2) - (KIND_RANK[b.kind] ?? 2) || compareNames(a.name, b.name);
}

/** The rooms this member may see (archived ones included, flagged), permanent rooms first. */
export function listRooms(companyId: string, userId: string): RoomView[] {
	ensurePermanentRooms(companyId);
	return getDb()
		.select(roomColumns)
		.from(rooms)
		.leftJoin(houses, eq(rooms.houseId, houses.id))
		.where(and(eq(rooms.companyId, companyId), visibleTo(userId)))
		.orderBy(asc(rooms.id))
		.all()
		.map(toView)
		.sort(inListOrder);
}

/** One room the member may enter (not archived), or undefined: unknown, foreign and closed alike. */
export function roomForMember(
	companyId: string,
	userId: string,
	roomId: string
): RoomView | undefined {
	ensurePermanentRooms(companyId);
	const row = getDb()
		.select(roomColumns)
		.from(rooms)
		.leftJoin(houses, eq(rooms.houseId, houses.id))
		.where(and(eq(rooms.companyId, companyId), eq(rooms.id, roomId), visibleTo(userId)))
		.get();
	if (!row) return undefined;
	const view = toView(row);
	return view.archived ? undefined : view;
}

/** The room behind a LiveKit room name, with its company; undefined for names not ours. */
export function roomByLiveKitName(
	livekitName: string
): { id: string; companyId: string } | undefined {
	return prepared(getDb(), 'room-by-livekit-name', (db) =>
		db
			.select({ id: rooms.id, companyId: rooms.companyId })
			.from(rooms)
			.where(eq(rooms.livekitName, sql.placeholder('name')))
			.prepare()
	).get({ name: livekitName });
}

/** Whether the room is closed, whoever asks: archived, or a house's room its company has left. */
export function roomClosed(roomId: string): boolean {
	const row = getDb()
		.select(roomColumns)
		.from(rooms)
		.leftJoin(houses, eq(rooms.houseId, houses.id))
		.where(eq(rooms.id, roomId))
		.get();
	return row === undefined || toView(row).archived;
}

/** The company's room at this house (one per house), whatever its state. */
export function companyHouseRooms(
	companyId: string,
	houseId: string
): Array<{ id: string; companyId: string; livekitName: string }> {
	return getDb()
		.select({ id: rooms.id, companyId: rooms.companyId, livekitName: rooms.livekitName })
		.from(rooms)
		.where(and(eq(rooms.companyId, companyId), eq(rooms.houseId, houseId), eq(rooms.kind, 'house')))
		.all();
}

export type MeetingInput = {
	name: string;
	description: string;
	access: RoomAccess;
	/** With access 'invited': the members chosen (the creator is always in). */
	invitees: string[];
	/** When the meeting starts and how long it lasts, for calendars; null for a room without a time. */
	schedule?: { at: Date; durationMinutes: number } | null;
	/** A short-lived room (a knock's call): archived by the sweep once empty after this instant. */
	expiresAt?: Date | null;
	/** Tell the invitees (room_invite); false when they are taken there already (a knock). */
	notifyInvitees?: boolean;
};

/** Any member creates a meeting room; chosen people must be members of the company. */
export function createMeetingRoom(companyId: string, actor: Actor, input: MeetingInput): Room {
	const id = newId();
	let invited: string[] = [];
	const created = getDb().transaction((tx) => {
		const room = tx
			.insert(rooms)
			.values({
				id,
				companyId,
				kind: 'meeting',
				name: input.name.trim(),
				description: input.description.trim(),
				access: input.access,
				scheduledAt: input.schedule?.at ?? null,
				durationMinutes: input.schedule?.durationMinutes ?? null,
				expiresAt: input.expiresAt ?? null,
				livekitName: liveKitRoomName(companyId, id),
				createdBy: actor.userId
			})
			.returning()
			.get();
		const chosen = input.access === 'invited' ? [...new Set(input.invitees)] : [];
		if (chosen.length > 0) {
			const members = tx
				.select({ userId: memberships.userId })
				.from(memberships)
				.where(and(eq(memberships.companyId, companyId), inArray(memberships.userId, chosen)))
				.all();
			if (members.length > 0) {
				tx.insert(roomInvitees)
					.values(members.map(({ userId }) => ({ roomId: id, userId })))
					.run();
			}
			invited = members.map(({ userId }) => userId);
		}
		return room;
	});
	// After the commit: a notification never points at a room that was not made.
	if (input.notifyInvitees !== false) notifyRoomInvitees(created, invited, actor.userId);
	return created;
}

/** The meeting room's creator or a manager gives it a time, changes it, or takes it away (null). */
export function setMeetingSchedule(
	companyId: string,
	actor: Actor,
	roomId: string,
	schedule: { at: Date; durationMinutes: number } | null
): 'ok' | 'not_found' | 'forbidden' {
	const outcome = meetingEditable(companyId, actor, roomId);
	if (outcome !== 'ok') return outcome;
	getDb()
		.update(rooms)
		.set({ scheduledAt: schedule?.at ?? null, durationMinutes: schedule?.durationMinutes ?? null })
		.where(eq(rooms.id, roomId))
		.run();
	return 'ok';
}

/** Whether the actor may change this meeting room: its creator or a manager, if they can see it. */
function meetingEditable(
	companyId: string,
	actor: Actor,
	roomId: string
): 'ok' | 'not_found' | 'forbidden' {
	const room = getDb()
		.select()
		.from(rooms)
		.where(and(eq(rooms.companyId, companyId), eq(rooms.id, roomId), visibleTo(actor.userId)))
		.get();
	if (!room || room.kind !== 'meeting') return 'not_found';
	if (room.createdBy !== actor.userId && !hasRole(actor.role, 'manager')) return 'forbidden';
	return 'ok';
}

/** The meeting room's creator or a manager archives (or reopens) it; permanent rooms stay. */
export function setMeetingArchived(
	companyId: string,
	actor: Actor,
	roomId: string,
	archived: boolean,
	now = new Date()
): 'ok' | 'not_found' | 'forbidden' {
	const outcome = meetingEditable(companyId, actor, roomId);
	if (outcome !== 'ok') return outcome;
	const changed = getDb()
		.update(rooms)
		.set({ archivedAt: archived ? now : null })
		.where(
			and(
				eq(rooms.id, roomId),
				// A short-lived room past its expiry (a knock's call) is over: it is never reopened.
				archived ? undefined : or(isNull(rooms.expiresAt), gte(rooms.expiresAt, now))
			)
		)
		.run().changes;
	return changed === 0 ? 'not_found' : 'ok';
}

/**
 * Archives the short-lived rooms (a knock's call) past their expiry with nobody in them; returns
 * their ids. Run after a reconciliation pass, when who is in which room is known to be right.
 */
export function archiveExpiredRooms(now = new Date()): string[] {
	return getDb().transaction((tx) => {
		const archived = tx
			.update(rooms)
			.set({ archivedAt: now })
			.where(
				and(
					isNull(rooms.archivedAt),
					lte(rooms.expiresAt, now),
					notExists(
						getDb()
							.select({ one: sql`1` })
							.from(roomPresence)
							.where(eq(roomPresence.roomId, rooms.id))
					)
				)
			)
			.returning({ id: rooms.id })
			.all()
			.map((row) => row.id);
		// The knocks that opened them lead nowhere now: no "join the call", no accepting again.
		if (archived.length > 0) {
			tx.update(knocks).set({ roomId: null }).where(inArray(knocks.roomId, archived)).run();
		}
		return archived;
	});
}

export type Occupant = {
	roomId: string;
	userId: string;
	name: string;
	houseId: string | null;
	houseName: string | null;
	roomDevice: boolean;
	since: Date;
};

/** Who is in each of the company's rooms right now, oldest arrival first. */
export function companyOccupancy(companyId: string): Occupant[] {
	return prepared(getDb(), 'company-occupancy', (db) =>
		db
			.select({
				roomId: roomPresence.roomId,
				userId: roomPresence.identity,
				name: sql<string>`coalesce(${users.name}, ${roomPresence.name})`,
				houseId: roomPresence.houseId,
				houseName: houses.name,
				roomDevice: roomPresence.roomDevice,
				since: roomPresence.joinedAt
			})
			.from(roomPresence)
			.innerJoin(rooms, eq(roomPresence.roomId, rooms.id))
			.leftJoin(users, eq(roomPresence.identity, users.id))
			.leftJoin(houses, eq(roomPresence.houseId, houses.id))
			.where(eq(rooms.companyId, sql.placeholder('companyId')))
			.orderBy(asc(roomPresence.joinedAt))
			.prepare()
	).all({ companyId });
}

/** The company's members, for choosing who may enter a meeting room. */
export function companyPeople(companyId: string): Array<{ userId: string; name: string }> {
	return getDb()
		.select({ userId: users.id, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(memberships.userId, users.id))
		.where(eq(memberships.companyId, companyId))
		.all()
		.sort(byName);
}

/** Shortest and longest meeting given a time, in minutes. */
export const MEETING_MINUTES_MIN = 5;
export const MEETING_MINUTES_MAX = 8 * 60;
/** A meeting's length is a whole number of these minutes. */
export const MEETING_MINUTES_STEP = 5;

/** The member's home house (id and name), carried in their LiveKit metadata. */
export function homeHouseOf(
	companyId: string,
	userId: string
): { id: string; name: string } | null {
	const row = getDb()
		.select({ id: houses.id, name: houses.name })
		.from(memberships)
		.innerJoin(houses, eq(memberships.homeHouseId, houses.id))
		.where(
			and(
				eq(memberships.companyId, companyId),
				eq(memberships.userId, userId),
				isNull(houses.archivedAt)
			)
		)
		.get();
	return row ?? null;
}

export type ScheduledMeeting = {
	id: string;
	name: string;
	description: string;
	scheduledAt: Date;
	durationMinutes: number | null;
	companySlug: string;
	companyName: string;
};

/**
 * The meeting rooms given a time from `from` on that `userId` may enter, across their companies:
 * the rooms page's rule (open to everyone, created by them, or chosen), and only while they are
 * a member of the room's company. One query (calendar feeds).
 */
export function scheduledMeetingsFor(userId: string, from: Date): ScheduledMeeting[] {
	return getDb()
		.select({
			id: rooms.id,
			name: rooms.name,
			description: rooms.description,
			scheduledAt: rooms.scheduledAt,
			durationMinutes: rooms.durationMinutes,
			companySlug: companies.slug,
			companyName: companies.name
		})
		.from(rooms)
		.innerJoin(
			memberships,
			and(eq(memberships.companyId, rooms.companyId), eq(memberships.userId, userId))
		)
		.innerJoin(companies, eq(companies.id, rooms.companyId))
		.where(
			and(
				eq(rooms.kind, 'meeting'),
				isNull(rooms.archivedAt),
				gte(rooms.scheduledAt, from),
				visibleTo(userId)
			)
		)
		.orderBy(asc(rooms.scheduledAt))
		.all()
		.flatMap((row) => (row.scheduledAt ? [{ ...row, scheduledAt: row.scheduledAt }] : []));
}
