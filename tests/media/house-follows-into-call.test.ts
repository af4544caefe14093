// The house a participant stands for follows them during a call, seen by LiveKit's native SDK
// (@livekit/rtc-node) through the app and its embedded media server: Bastien joins from Maison
// Murat, checks in at Maison de Nasbinals mid-call, and both his own client and Margaux's hear
// his metadata change to the new house, what else his token carried kept.
import { dispose, RoomEvent, type Participant } from '@livekit/rtc-node';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { createHouse, signUpTeam, type HttpTeam } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startWithEmbeddedMedia, type RunningServer } from '../helpers/server';
import { roomPresence, rooms } from '../../src/lib/server/db/schema';
import { NativeParticipant } from './native-sdk-support';

// A loaded 2-core box may take its time; every wait below is for an event, bounded by this.
const STEP_MS = 60_000;

describe('a participant’s house follows a check-in during a call (rtc-node)', () => {
	let server: RunningServer;
	let db: ServerDb;
	let team: HttpTeam;
	let murat: string, nasbinals: string;
	const margaux = new NativeParticipant('margaux');
	const bastien = new NativeParticipant('bastien');

	beforeAll(async () => {
		server = await startWithEmbeddedMedia();
		db = openServerDb(server.dbPath);
		team = await signUpTeam(server.url, db, {
			owner: 'Margaux Lefèvre',
			company: 'Coopérative de l’Aubrac',
			members: ['Bastien Roux']
		});
		murat = await createHouse(team.owner, db, team.slug, 'Maison Murat');
		nasbinals = await createHouse(team.owner, db, team.slug, 'Maison de Nasbinals');
		// The rooms page creates the houses' rooms on first visit.
		const page = await team.owner.client.get(`/${team.slug}/rooms`);
		expect(page.status, await explain(page)).toBe(200);
	}, STEP_MS);

	afterAll(async () => {
		if (server && server.child.exitCode !== null) console.error(server.output());
		for (const participant of [margaux, bastien]) await participant.leave().catch(() => undefined);
		db?.$client.close();
		await server?.stop();
		// Releases the native client, or Vitest's worker would not exit.
		await dispose();
	}, STEP_MS);

	async function checkIn(who: HttpTeam['owner'], houseId: string) {
		const done = await who.client.postForm(`/${team.slug}/check-in/${houseId}`, { half: 'day' });
		expect(done.status, await explain(done)).toBeLessThan(400);
	}

	async function enter(who: HttpTeam['owner'], participant: NativeParticipant, roomId: string) {
		const response = await who.client.request(`/${team.slug}/rooms/${roomId}/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}'
		});
		expect(response.status, await explain(response)).toBe(200);
		const { url, token } = (await response.json()) as { url: string; token: string };
		await participant.connect(url, token);
	}

	/** The house the room's record (room_presence, from the webhooks) holds for someone. */
	function recordedHouse(userId: string): string | null | undefined {
		return db
			.select({ houseId: roomPresence.houseId })
			.from(roomPresence)
			.where(eq(roomPresence.identity, userId))
			.get()?.houseId;
	}

	function houseOf(participant: Participant | undefined) {
		return JSON.parse(participant?.metadata || '{}') as Record<string, unknown>;
	}

	it(
		'updates his metadata for everyone in the room, and the room’s record',
		async () => {
			const bastienId = team.members[0]!.id;
			await checkIn(team.members[0]!, murat);
			const room = db
				.select()
				.from(rooms)
				.where(and(eq(rooms.companyId, team.companyId), eq(rooms.houseId, murat)))
				.get()!;
			await enter(team.owner, margaux, room.id);
			await enter(team.members[0]!, bastien, room.id);
			expect(houseOf(bastien.room.localParticipant)).toMatchObject({
				houseId: murat,
				houseName: 'Maison Murat',
				role: 'member'
			});
			// His "joined" webhook has reached the app: he is in the room's record.
			await expect.poll(() => recordedHouse(bastienId), { timeout: STEP_MS }).toBe(murat);

			const since = { margaux: margaux.mark(), bastien: bastien.mark() };
			await checkIn(team.members[0]!, nasbinals);
			const isBastien = (_metadata: unknown, participant: Participant) =>
				participant.identity === bastienId && houseOf(participant).houseId === nasbinals;
			await bastien.until(RoomEvent.ParticipantMetadataChanged, isBastien, STEP_MS, since.bastien);
			await margaux.until(RoomEvent.ParticipantMetadataChanged, isBastien, STEP_MS, since.margaux);
			expect(houseOf(bastien.room.localParticipant)).toEqual({
				houseId: nasbinals,
				houseName: 'Maison de Nasbinals',
				role: 'member',
				roomDevice: false
			});
			expect(houseOf(margaux.room.remoteParticipants.get(bastienId))).toMatchObject({
				houseName: 'Maison de Nasbinals'
			});
			await expect.poll(() => recordedHouse(bastienId)).toBe(nasbinals);
		},
		STEP_MS * 3
	);
});
