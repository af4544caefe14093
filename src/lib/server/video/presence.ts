// room_presence: who is in which room since when. Webhooks move it event by event;
// reconciliation against the media server repairs whatever a lost webhook left behind.
import { and, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { ParticipantInfo, WebhookEvent } from 'livekit-server-sdk';
import { ParticipantInfo_State } from 'livekit-server-sdk';
import { getDb, type Executor } from '../db';
import { livekitWebhookEvents, roomPresence, rooms } from '../db/schema';
import { isNotFound } from './livekit';
import { roomByLiveKitName } from './rooms';

/** What an applied event changed, so callers notify the right company about the right people. */
export type PresenceChange = { companyId: string; userIds: string[] } | null;

function metadataOf(participant: ParticipantInfo): { houseId: string | null; roomDevice: boolean } {
	try {
		const parsed = JSON.parse(participant.metadata || '{}') as Record<string, unknown>;
		return {
			houseId: typeof parsed.houseId === 'string' ? parsed.houseId : null,
			roomDevice: parsed.roomDevice === true
		};
	} catch {
		// Metadata we did not write (another tool joined the room): no house to show.
		return { houseId: null, roomDevice: false };
	}
}

function joinedAtOf(participant: ParticipantInfo, fallback: Date): Date {
	if (participant.joinedAtMs > 0n) return new Date(Number(participant.joinedAtMs));
	if (participant.joinedAt > 0n) return new Date(Number(participant.joinedAt) * 1000);
	return fallback;
}

function upsertPresence(db: Executor, roomId: string, participant: ParticipantInfo, at: Date) {
	const { houseId, roomDevice } = metadataOf(participant);
	const joinedAt = joinedAtOf(participant, at);
	const row = {
		roomId,
		identity: participant.identity,
		participantSid: participant.sid,
		name: participant.name || participant.identity,
		houseId,
		roomDevice,
		joinedAt
	};
	db.insert(roomPresence)
		.values(row)
		.onConflictDoUpdate({
			target: [roomPresence.roomId, roomPresence.identity],
			set: row,
			// A reconnection gets a new sid and a later time; an older join never wins.
			setWhere: lte(roomPresence.joinedAt, joinedAt)
		})
		.run();
}

/** Whether a "left" webhook was applied for this participant sid (sids are never reused). */
function hasLeft(db: Executor, participantSid: string): boolean {
	const left = db
		.select({ id: livekitWebhookEvents.id })
		.from(livekitWebhookEvents)
		.where(
			and(
				eq(livekitWebhookEvents.participantSid, participantSid),
				inArray(livekitWebhookEvents.event, ['participant_left', 'participant_connection_aborted'])
			)
		)
		.get();
	return left !== undefined;
}

/**
 * Applies one verified webhook event exactly once (by its id). Returns the company whose
 * occupancy changed, or null when nothing changed (duplicate, foreign room, other event kinds).
 */
export function applyWebhookEvent(event: WebhookEvent, eventAt: Date): PresenceChange {
	const db = getDb();
	return db.transaction((tx) => {
		const participantSid = event.participant?.sid || null;
		const inserted = tx
			.insert(livekitWebhookEvents)
			.values({ id: event.id, event: event.event, participantSid, eventAt })
			.onConflictDoNothing()
			.run();
		if (inserted.changes === 0) return null;
		const room = event.room?.name ? roomByLiveKitName(event.room.name) : undefined;
		if (!room) return null;
		switch (event.event) {
			case 'participant_joined': {
				const participant = event.participant;
				if (!participant?.identity || !participant.sid) return null;
				// Webhooks may arrive out of order: a "joined" after its own "left" is history.
				if (hasLeft(tx, participant.sid)) return null;
				upsertPresence(tx, room.id, participant, eventAt);
				return { companyId: room.companyId, userIds: [participant.identity] };
			}
			case 'participant_left':
			case 'participant_connection_aborted': {
				const participant = event.participant;
				if (!participant?.sid) return null;
				const removed = tx
					.delete(roomPresence)
					.where(
						and(eq(roomPresence.roomId, room.id), eq(roomPresence.participantSid, participant.sid))
					)
					.returning({ identity: roomPresence.identity })
					.all();
				return removed.length > 0
					? { companyId: room.companyId, userIds: removed.map((r) => r.identity) }
					: null;
			}
			case 'room_finished': {
				const removed = tx
					.delete(roomPresence)
					.where(and(eq(roomPresence.roomId, room.id), lte(roomPresence.joinedAt, eventAt)))
					.returning({ identity: roomPresence.identity })
					.all();
				return removed.length > 0
					? { companyId: room.companyId, userIds: removed.map((r) => r.identity) }
					: null;
			}
			default:
				return null;
		}
	});
}

/** Forgets applied event ids older than `before`; older events are refused as stale anyway. */
export function pruneWebhookEvents(before: Date): number {
	return getDb()
		.delete(livekitWebhookEvents)
		.where(lt(livekitWebhookEvents.receivedAt, before))
		.run().changes;
}

/** The part of RoomServiceClient reconciliation needs (a real client in production). */
export type RoomLister = {
	listRooms(names?: string[]): Promise<Array<{ name: string }>>;
	listParticipants(room: string): Promise<ParticipantInfo[]>;
};

/** Who the media server reports in one of our rooms. */
type RoomSnapshot = { roomId: string; companyId: string; participants: ParticipantInfo[] };

async function participantsIn(service: RoomLister, livekitName: string) {
	return (await service.listParticipants(livekitName)).filter(
		(p) => p.state !== ParticipantInfo_State.DISCONNECTED && p.identity
	);
}

/**
 * Makes room_presence match what the media server reports: ghosts (rows for people who are no
 * longer there) go, people missing from the table are added. Rows written after `startedAt` by
 * webhooks racing with this pass are left alone. Returns, per company whose occupancy changed,
 * the people who came or went.
 */
export async function reconcilePresence(
	service: RoomLister,
	startedAt = new Date()
): Promise<Map<string, Set<string>>> {
	const activeRooms = await service.listRooms();
	const snapshot: RoomSnapshot[] = [];
	for (const active of activeRooms) {
		const room = roomByLiveKitName(active.name);
		if (!room) continue;
		const participants = await participantsIn(service, active.name);
		snapshot.push({ roomId: room.id, companyId: room.companyId, participants });
	}
	return applySnapshot(snapshot, startedAt);
}

/**
 * The same for one room (after the media server said events about it were lost): a room it does
 * not know is empty. Nothing happens for a room that is not ours.
 */
export async function reconcileRoomPresence(
	service: RoomLister,
	livekitName: string,
	startedAt = new Date()
): Promise<Map<string, Set<string>>> {
	const room = roomByLiveKitName(livekitName);
	if (!room) return new Map();
	let participants: ParticipantInfo[];
	try {
		participants = await participantsIn(service, livekitName);
	} catch (error) {
		if (!isNotFound(error)) throw error;
		participants = [];
	}
	return applySnapshot([{ roomId: room.id, companyId: room.companyId, participants }], startedAt, {
		onlyRoomId: room.id
	});
}

/**
 * Brings room_presence in line with a snapshot of the media server taken after `startedAt`: of
 * every room, or of `onlyRoomId` alone.
 */
function applySnapshot(
	snapshot: RoomSnapshot[],
	startedAt: Date,
	scope: { onlyRoomId?: string } = {}
): Map<string, Set<string>> {
	const changed = new Map<string, Set<string>>();
	const note = (companyId: string, userId: string) => {
		const people = changed.get(companyId) ?? new Set<string>();
		people.add(userId);
		changed.set(companyId, people);
	};
	const db = getDb();
	db.transaction((tx) => {
		const rows = tx
			.select({
				roomId: roomPresence.roomId,
				identity: roomPresence.identity,
				participantSid: roomPresence.participantSid,
				joinedAt: roomPresence.joinedAt,
				companyId: rooms.companyId
			})
			.from(roomPresence)
			.innerJoin(rooms, eq(roomPresence.roomId, rooms.id))
			.where(scope.onlyRoomId ? eq(roomPresence.roomId, scope.onlyRoomId) : undefined)
			.all();
		// One key per connection: a storm leaves thousands of rows to check against the snapshot.
		const connection = (roomId: string, identity: string, sid: string) =>
			JSON.stringify([roomId, identity, sid]);
		const reported = new Set(
			snapshot.flatMap(({ roomId, participants }) =>
				participants.map((p) => connection(roomId, p.identity, p.sid))
			)
		);
		const stored = new Set(
			rows.map((row) => connection(row.roomId, row.identity, row.participantSid))
		);
		for (const row of rows) {
			if (row.joinedAt > startedAt) continue;
			if (reported.has(connection(row.roomId, row.identity, row.participantSid))) continue;
			tx.delete(roomPresence)
				.where(
					and(
						eq(roomPresence.roomId, row.roomId),
						eq(roomPresence.identity, row.identity),
						eq(roomPresence.participantSid, row.participantSid)
					)
				)
				.run();
			note(row.companyId, row.identity);
		}
		for (const { roomId, companyId, participants } of snapshot) {
			for (const participant of participants) {
				if (stored.has(connection(roomId, participant.identity, participant.sid))) continue;
				// Gone since the snapshot: their "left" webhook came in while the media server answered.
				if (hasLeft(tx, participant.sid)) continue;
				upsertPresence(tx, roomId, participant, startedAt);
				note(companyId, participant.identity);
			}
		}
	});
	return changed;
}

/** Removes everyone from a room at once (the meeting was ended for everyone); returns who. */
export function clearRoomPresence(roomId: string): string[] {
	return getDb()
		.delete(roomPresence)
		.where(eq(roomPresence.roomId, roomId))
		.returning({ identity: roomPresence.identity })
		.all()
		.map((row) => row.identity);
}

/** Presence count per room id of a company (for cheap checks). */
export function presenceCount(roomId: string): number {
	return (
		getDb()
			.select({ n: sql<number>`count(*)` })
			.from(roomPresence)
			.where(eq(roomPresence.roomId, roomId))
			.get()?.n ?? 0
	);
}
