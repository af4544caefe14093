// The house a participant stands for follows them through a call. It is read when they join
// (participant-house.ts); someone who checks in at another house during a call, plans their
// afternoon there, or whose morning there ends at 13:00, stands for where they are from then on:
// their LiveKit metadata is updated through the RoomService, so every client in the room hears
// ParticipantMetadataChanged (the tile's "· house"; their own client mutes them when that house's
// room device is in the room), and room_presence with it (the rooms page, the link budgets).
import type { RoomServiceClient } from 'livekit-server-sdk';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { roomPresence, rooms } from '../db/schema';
import { logger } from '../logger';
import { onPlaceChanged } from '../presence/events';
import { processSingleton } from '../process-singleton';
import { isNotFound, roomService } from './livekit';
import { occupancyChanged } from './occupancy-changed';
import { oneAtATime } from './one-at-a-time';
import { memberHouseNow } from './participant-house';

/** What of the RoomService following a house needs (a real client in production). */
export type MetadataService = Pick<RoomServiceClient, 'getParticipant' | 'updateParticipant'>;

/** A person in a call as themselves (a room device stands for its room's house, always). */
type Seat = {
	roomId: string;
	livekitName: string;
	companyId: string;
	userId: string;
	houseId: string | null;
};

/** Everyone in a call as themselves, or one person of one company. */
function seats(person?: { companyId: string; userId: string }): Seat[] {
	return getDb()
		.select({
			roomId: roomPresence.roomId,
			livekitName: rooms.livekitName,
			companyId: rooms.companyId,
			userId: roomPresence.identity,
			houseId: roomPresence.houseId
		})
		.from(roomPresence)
		.innerJoin(rooms, eq(roomPresence.roomId, rooms.id))
		.where(
			and(
				eq(roomPresence.roomDevice, false),
				person ? eq(rooms.companyId, person.companyId) : undefined,
				person ? eq(roomPresence.identity, person.userId) : undefined
			)
		)
		.all();
}

/** The metadata the token carried (role, room device…) with the house replaced. */
function withHouse(metadata: string, house: { id: string; name: string } | null): string {
	let data: Record<string, unknown> = {};
	try {
		const parsed: unknown = JSON.parse(metadata || '{}');
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
			data = parsed as Record<string, unknown>;
		}
	} catch {
		// Not ours: the house is all we add.
	}
	return JSON.stringify({ ...data, houseId: house?.id ?? null, houseName: house?.name ?? null });
}

/**
 * Brings the house of these seats in line with where each person is now. Returns the companies
 * and people whose house changed (told to the company's pages and the link budgets).
 */
export async function followHouses(
	service: MetadataService,
	list: Seat[],
	now = Date.now()
): Promise<Map<string, Set<string>>> {
	const changed = new Map<string, Set<string>>();
	for (const seat of list) {
		try {
			if (!(await followSeat(service, seat, now))) continue;
		} catch (error) {
			// Tried again at the next change of place or sweep; the call itself, and the other
			// seats, go on.
			if (!isNotFound(error)) {
				logger().warn({ err: error, room: seat.livekitName }, 'a participant’s house not updated');
			}
			continue;
		}
		const people = changed.get(seat.companyId) ?? new Set<string>();
		people.add(seat.userId);
		changed.set(seat.companyId, people);
	}
	return changed;
}

/**
 * One seat: whether its house changed. A participant gone from the media server (their "left"
 * webhook clears the row) throws not-found.
 */
async function followSeat(service: MetadataService, seat: Seat, now: number): Promise<boolean> {
	const house = memberHouseNow(seat.companyId, seat.userId, now);
	if ((house?.id ?? null) === seat.houseId) return false;
	const { metadata } = await service.getParticipant(seat.livekitName, seat.userId);
	await service.updateParticipant(seat.livekitName, seat.userId, {
		metadata: withHouse(metadata, house)
	});
	getDb()
		.update(roomPresence)
		.set({ houseId: house?.id ?? null })
		.where(
			and(
				eq(roomPresence.roomId, seat.roomId),
				eq(roomPresence.identity, seat.userId),
				eq(roomPresence.roomDevice, false)
			)
		)
		.run();
	return true;
}

/** How often everyone in a call is checked against the clock (13:00, midnight: no event says). */
export const FOLLOW_HOUSE_SWEEP_MS = 60_000;

const EVERYONE = '';

async function followNow(key: string, service: MetadataService | null): Promise<void> {
	if (!service) return;
	const [companyId, userId] = key === EVERYONE ? [] : (JSON.parse(key) as [string, string]);
	try {
		const list = companyId && userId ? seats({ companyId, userId }) : seats();
		if (list.length === 0) return;
		const now = Date.now();
		const changed = await followHouses(service, list, now);
		for (const [company, people] of changed) occupancyChanged(company, [...people], now);
	} catch (error) {
		// The database refused a read: tried again at the next change of place or sweep.
		logger().warn({ err: error, companyId, userId }, 'participants’ houses not followed');
	}
}

/**
 * Called once at start: a person's house in calls follows their changes of place and the clock.
 * `service` is read at each pass (the embedded media server's API is known once it has started).
 * Returns what stops the sweep (tests).
 */
export function followParticipantHouses(
	service: () => MetadataService | null = roomService
): () => void {
	const follow = oneAtATime((key) => followNow(key, service()));
	onPlaceChanged('participant houses', (companyId, userId) => {
		void follow(JSON.stringify([companyId, userId]));
	});
	const sweep = processSingleton('hameau.video.follow-house', () => ({
		timer: null as ReturnType<typeof setInterval> | null
	}));
	if (!sweep.timer) {
		sweep.timer = setInterval(() => void follow(EVERYONE), FOLLOW_HOUSE_SWEEP_MS);
		sweep.timer.unref?.();
	}
	return () => {
		if (sweep.timer) clearInterval(sweep.timer);
		sweep.timer = null;
	};
}
