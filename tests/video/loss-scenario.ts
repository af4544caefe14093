// Shared by the tests of what the app does when a webhook says events before it were lost
// (`numDropped`): a company with two rooms, the media server's RoomService played by the Twirp
// stand-in, and webhooks posted to the real handler. The caller sets LIVEKIT_URL or
// HAMEAU_MEDIA_API_URL to the stand-in first (which one decides how a loss is read).
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { FakeRoomService } from './twirp-fake';
import { API_KEY, API_SECRET, signWebhook, webhookBody } from './support';

export async function lossScenario(fake: FakeRoomService) {
	process.env.LIVEKIT_API_KEY = API_KEY;
	process.env.LIVEKIT_API_SECRET = API_SECRET;
	const { useTempDatabase } = await import('../helpers/temp-db');
	const { db } = useTempDatabase();
	const { makeCompany, makeHouse, makeUser } = await import('../helpers/factories');
	const { roomPresence, rooms } = await import('../../src/lib/server/db/schema');
	const { ensurePermanentRooms } = await import('../../src/lib/server/video/rooms');
	const { receiveWebhook } = await import('../../src/lib/server/video/webhook');

	const owner = await makeUser('Owner');
	const company = makeCompany(owner);
	makeHouse(company, owner, { name: 'Maison du Lot' });
	ensurePermanentRooms(company.id);
	const all = db().select().from(rooms).where(eq(rooms.companyId, company.id)).all();
	const allHands = all.find((r) => r.kind === 'all_hands')!;
	const houseRoom = all.find((r) => r.kind === 'house')!;

	return {
		allHands,
		houseRoom,
		/** Identities in a room's room_presence, sorted. */
		presence(roomId: string): string[] {
			return db()
				.select()
				.from(roomPresence)
				.where(eq(roomPresence.roomId, roomId))
				.all()
				.map((row) => row.identity)
				.sort();
		},
		/** Posts a signed event to the real handler; `numDropped` as the media server would set it. */
		async post(
			event: string,
			fields: Parameters<typeof webhookBody>[1],
			numDropped = 0
		): Promise<void> {
			const { body } = webhookBody(event, fields);
			const sent = numDropped > 0 ? JSON.stringify({ ...JSON.parse(body), numDropped }) : body;
			expect(await receiveWebhook(sent, await signWebhook(sent))).toMatchObject({ status: 200 });
		},
		/** The RoomService methods called since the last call of this, with the room they named. */
		takeCalls(): string[] {
			return fake.calls.splice(0).map((call) => `${call.method} ${call.body.room ?? ''}`.trim());
		}
	};
}

/** Polls until `done` holds (at most `ms`); the webhook answers before its reconciliation ends. */
export async function eventually(done: () => boolean, ms = 5_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!done() && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
