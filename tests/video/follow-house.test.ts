// The house a participant stands for follows them through a call: a check-in at another house
// updates their LiveKit metadata (keeping what else the token carried) and the rooms page's
// record; a room device keeps its room's house; someone who left is skipped; the clock's turn
// at 13:00 is followed by the sweep.
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';

const { db } = useTempDatabase();
const { addMember, makeCompany, makeHouse, makeUser } = await import('../helpers/factories');
const { roomPresence, rooms } = await import('../../src/lib/server/db/schema');
const { checkIn } = await import('../../src/lib/server/presence/check-in');
const { ensurePermanentRooms } = await import('../../src/lib/server/video/rooms');
const { onOccupancyChanged } = await import('../../src/lib/server/video/occupancy-changed');
const { followHouses, followParticipantHouses, FOLLOW_HOUSE_SWEEP_MS } =
	await import('../../src/lib/server/video/follow-house');

type Participant = { identity: string; metadata: string };

/** The RoomService as far as following a house goes: participants by room, calls recorded. */
class FakeService {
	readonly participants = new Map<string, Participant[]>();
	readonly updates: Array<{ room: string; identity: string; metadata: string }> = [];
	private waiting: Array<() => void> = [];

	async getParticipant(room: string, identity: string) {
		const found = this.participants.get(room)?.find((p) => p.identity === identity);
		if (!found) throw Object.assign(new Error('participant not found'), { status: 404 });
		return found as never;
	}

	async updateParticipant(room: string, identity: string, options: unknown) {
		const { metadata } = options as { metadata: string };
		const found = this.participants.get(room)!.find((p) => p.identity === identity)!;
		found.metadata = metadata;
		this.updates.push({ room, identity, metadata });
		for (const wake of this.waiting.splice(0)) wake();
		return found as never;
	}

	/** Resolves at the next update. */
	nextUpdate(): Promise<void> {
		return new Promise((resolve) => this.waiting.push(resolve));
	}
}

let service: FakeService;
const stops: Array<() => void> = [];
afterEach(() => {
	stops.splice(0).forEach((stop) => stop());
	vi.useRealTimers();
});

let sequence = 0;
/** Someone joins a room with a token minted for `house` (as the token route writes it). */
function join(
	room: { id: string; livekitName: string },
	userId: string,
	house: { id: string; name: string } | null,
	roomDevice = false
) {
	sequence += 1;
	const metadata = JSON.stringify({
		houseId: house?.id ?? null,
		houseName: house?.name ?? null,
		role: 'member',
		roomDevice
	});
	const list = service.participants.get(room.livekitName) ?? [];
	list.push({ identity: userId, metadata });
	service.participants.set(room.livekitName, list);
	db()
		.insert(roomPresence)
		.values({
			roomId: room.id,
			identity: userId,
			participantSid: `PA_${sequence}`,
			name: userId,
			houseId: house?.id ?? null,
			roomDevice,
			joinedAt: new Date()
		})
		.run();
}

function houseRoom(companyId: string, houseId: string) {
	ensurePermanentRooms(companyId);
	return db()
		.select()
		.from(rooms)
		.where(and(eq(rooms.companyId, companyId), eq(rooms.houseId, houseId)))
		.get()!;
}

function storedHouse(roomId: string, userId: string): string | null {
	return db()
		.select({ houseId: roomPresence.houseId })
		.from(roomPresence)
		.where(and(eq(roomPresence.roomId, roomId), eq(roomPresence.identity, userId)))
		.get()!.houseId;
}

async function setUp() {
	const margaux = await makeUser('Margaux Lefèvre');
	const bastien = await makeUser('Bastien Roux');
	const aubrac = makeCompany(margaux, 'Coopérative de l’Aubrac');
	addMember(aubrac, margaux, bastien, 'member');
	const murat = makeHouse(aubrac, margaux, { name: 'Maison Murat' });
	const nasbinals = makeHouse(aubrac, margaux, { name: 'Maison de Nasbinals' });
	return { margaux, bastien, aubrac, murat, nasbinals, room: houseRoom(aubrac.id, nasbinals.id) };
}

let team: Awaited<ReturnType<typeof setUp>>;
beforeEach(async () => {
	db().delete(roomPresence).run();
	service = new FakeService();
	team = await setUp();
});

describe('a participant’s house in a call', () => {
	it('follows a check-in at another house: the metadata, the room’s record, the pages told', async () => {
		const { margaux, aubrac, murat, nasbinals, room } = team;
		checkIn(aubrac.id, margaux.id, murat.id);
		join(room, margaux.id, murat);
		const told: string[][] = [];
		onOccupancyChanged('test: follow house', (_company, people) => told.push(people));
		stops.push(followParticipantHouses(() => service));

		const updated = service.nextUpdate();
		checkIn(aubrac.id, margaux.id, nasbinals.id);
		await updated;

		expect(service.updates).toHaveLength(1);
		expect(JSON.parse(service.updates[0]!.metadata)).toEqual({
			houseId: nasbinals.id,
			houseName: 'Maison de Nasbinals',
			// What else the token carried stays.
			role: 'member',
			roomDevice: false
		});
		// Written once the media server has taken the change.
		await vi.waitFor(() => expect(storedHouse(room.id, margaux.id)).toBe(nasbinals.id));
		expect(told).toContainEqual([margaux.id]);
	});

	it('leaves alone a room device, someone already standing for the right house, and someone who left', async () => {
		const { margaux, bastien, aubrac, murat, nasbinals, room } = team;
		checkIn(aubrac.id, margaux.id, nasbinals.id);
		checkIn(aubrac.id, bastien.id, murat.id);
		// Bastien's laptop is Nasbinals' room device: it stands for the room's house, wherever he is.
		join(room, bastien.id, nasbinals, true);
		join(room, margaux.id, nasbinals);
		const seats = [
			{
				roomId: room.id,
				livekitName: room.livekitName,
				companyId: aubrac.id,
				userId: margaux.id,
				houseId: nasbinals.id
			}
		];
		expect(await followHouses(service, seats)).toEqual(new Map());
		// Gone from the media server before her row was cleared: nothing to update, no error.
		service.participants.set(room.livekitName, []);
		const stale = [{ ...seats[0]!, houseId: murat.id }];
		expect(await followHouses(service, stale)).toEqual(new Map());
		expect(service.updates).toEqual([]);
	});

	it('goes on with the other seats when the media server refuses one', async () => {
		const { margaux, bastien, aubrac, murat, nasbinals, room } = team;
		checkIn(aubrac.id, margaux.id, nasbinals.id);
		checkIn(aubrac.id, bastien.id, nasbinals.id);
		join(room, margaux.id, murat);
		join(room, bastien.id, murat);
		const refusing = Object.assign(Object.create(service) as FakeService, {
			getParticipant: (livekitRoom: string, identity: string) =>
				identity === margaux.id
					? Promise.reject(Object.assign(new Error('unavailable'), { status: 503 }))
					: service.getParticipant(livekitRoom, identity)
		});
		const seats = [margaux, bastien].map((person) => ({
			roomId: room.id,
			livekitName: room.livekitName,
			companyId: aubrac.id,
			userId: person.id,
			houseId: murat.id
		}));
		expect(await followHouses(refusing, seats)).toEqual(
			new Map([[aubrac.id, new Set([bastien.id])]])
		);
		expect(service.updates.map((update) => update.identity)).toEqual([bastien.id]);
		// Hers is still to do: the next pass finds it.
		expect(storedHouse(room.id, margaux.id)).toBe(murat.id);
	});

	it('follows the clock: a morning at one house, the afternoon at another, from 13:00', async () => {
		const { margaux, aubrac, murat, nasbinals, room } = team;
		// 12:58 in Paris (the houses' zone), Thursday 3 December 2026.
		vi.useFakeTimers({
			now: Date.parse('2026-12-03T11:58:00Z'),
			toFake: ['Date', 'setInterval', 'clearInterval']
		});
		checkIn(aubrac.id, margaux.id, murat.id, Date.now(), 'am');
		checkIn(aubrac.id, margaux.id, nasbinals.id, Date.now(), 'pm');
		join(room, margaux.id, murat);
		stops.push(followParticipantHouses(() => service));
		// The check-ins above came before the listener: only the clock moves her now.
		expect(service.updates).toEqual([]);

		await vi.advanceTimersByTimeAsync(FOLLOW_HOUSE_SWEEP_MS);
		expect(service.updates).toEqual([]);
		const updated = service.nextUpdate();
		await vi.advanceTimersByTimeAsync(FOLLOW_HOUSE_SWEEP_MS);
		await updated;
		expect(JSON.parse(service.updates[0]!.metadata)).toMatchObject({
			houseName: 'Maison de Nasbinals'
		});
		await vi.waitFor(() => expect(storedHouse(room.id, margaux.id)).toBe(nasbinals.id));
	});
});
