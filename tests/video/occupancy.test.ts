// Live occupancy: the webhook (signature, body hash, staleness, replays, order) and the
// reconciliation against the media server's RoomService, through the real RoomServiceClient
// talking to a local Twirp stand-in.
import { createHash, createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRoomService } from './twirp-fake';
import { API_KEY, API_SECRET, signWebhook, webhookBody } from './support';

const keys = { apiKey: API_KEY, apiSecret: API_SECRET };
const fake = new FakeRoomService(keys);
await fake.start();
process.env.LIVEKIT_API_KEY = API_KEY;
process.env.LIVEKIT_API_SECRET = API_SECRET;
process.env.HAMEAU_MEDIA_API_URL = fake.url;
delete process.env.LIVEKIT_URL;

const { useTempDatabase } = await import('../helpers/temp-db');
const { db } = useTempDatabase();
const { makeCompany, makeHouse, makeUser } = await import('../helpers/factories');
const { roomPresence, rooms } = await import('../../src/lib/server/db/schema');
const { ensurePermanentRooms } = await import('../../src/lib/server/video/rooms');
const { receiveWebhook } = await import('../../src/lib/server/video/webhook');
const { reconcilePresence } = await import('../../src/lib/server/video/presence');
const { reconcileNow } = await import('../../src/lib/server/video/reconcile');
const { moderate } = await import('../../src/lib/server/video/moderation');

let allHands: { id: string; livekitName: string };
let houseRoom: { id: string; livekitName: string };
let houseId: string;

beforeAll(async () => {
	const owner = await makeUser('Owner');
	const company = makeCompany(owner);
	houseId = makeHouse(company, owner, { name: 'Maison du Lot' }).id;
	ensurePermanentRooms(company.id);
	const all = db().select().from(rooms).where(eq(rooms.companyId, company.id)).all();
	allHands = all.find((r) => r.kind === 'all_hands')!;
	houseRoom = all.find((r) => r.kind === 'house')!;
	expect(allHands && houseRoom).toBeTruthy();
});

afterAll(() => fake.stop());

function presence(roomId: string) {
	return db()
		.select()
		.from(roomPresence)
		.where(eq(roomPresence.roomId, roomId))
		.all()
		.sort((a, b) => a.identity.localeCompare(b.identity));
}

async function post(body: string, authorization?: string | null) {
	return receiveWebhook(
		body,
		authorization === undefined ? await signWebhook(body) : authorization
	);
}

/** A JWT made by hand, so a test can give it any expiry. */
function handMadeJwt(claims: Record<string, unknown>, secret = API_SECRET): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
	return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('LiveKit webhook', () => {
	it('applies a signed participant_joined: who, house and since when', async () => {
		const { body } = webhookBody('participant_joined', {
			room: houseRoom.livekitName,
			identity: 'user-ana',
			sid: 'PA_ana1',
			name: 'Ana',
			metadata: JSON.stringify({ houseId, houseName: 'Maison du Lot', role: 'member' }),
			joinedAt: 1_790_000_000
		});
		expect(await post(body)).toEqual({ status: 200, applied: true });
		expect(presence(houseRoom.id)).toMatchObject([
			{
				identity: 'user-ana',
				participantSid: 'PA_ana1',
				name: 'Ana',
				houseId,
				roomDevice: false,
				joinedAt: new Date(1_790_000_000_000)
			}
		]);
	});

	it('refuses unsigned, forged, wrongly keyed and tampered events and changes nothing', async () => {
		const { body } = webhookBody('participant_joined', {
			room: allHands.livekitName,
			identity: 'user-mallory',
			sid: 'PA_mal'
		});
		expect(await post(body, null)).toMatchObject({ status: 401 });
		const forged = await signWebhook(body, {
			apiKey: API_KEY,
			apiSecret: 'not-our-secret-at-all-1234'
		});
		expect(await post(body, forged)).toMatchObject({ status: 401 });
		const otherKey = await signWebhook(body, { apiKey: 'APIsomeoneelse', apiSecret: API_SECRET });
		expect(await post(body, otherKey)).toMatchObject({ status: 401 });
		const tampered = body.replace('user-mallory', 'user-mallor2');
		expect(await post(tampered, await signWebhook(body))).toMatchObject({ status: 401 });
		expect(presence(allHands.id)).toEqual([]);
	});

	it('refuses stale events: an old event, and an expired signature', async () => {
		const old = webhookBody('participant_joined', {
			room: allHands.livekitName,
			identity: 'user-late',
			createdAt: Math.floor(Date.now() / 1000) - 3600
		});
		expect(await post(old.body)).toEqual({ status: 400, message: 'stale event' });
		const fresh = webhookBody('participant_joined', {
			room: allHands.livekitName,
			identity: 'user-late'
		});
		const now = Math.floor(Date.now() / 1000);
		const expired = handMadeJwt({
			iss: API_KEY,
			nbf: now - 7200,
			exp: now - 3600,
			sha256: createHash('sha256').update(fresh.body).digest('base64')
		});
		expect(await post(fresh.body, expired)).toMatchObject({ status: 401 });
		// The same hand-made token, valid in time, is accepted: the test above failed for its expiry.
		const valid = handMadeJwt({
			iss: API_KEY,
			nbf: now - 10,
			exp: now + 600,
			sha256: createHash('sha256').update(fresh.body).digest('base64')
		});
		expect(await post(fresh.body, valid)).toEqual({ status: 200, applied: true });
		expect(presence(allHands.id).map((p) => p.identity)).toEqual(['user-late']);
	});

	it('applies each event id once: a replayed "joined" after "left" does not bring a ghost back', async () => {
		const joined = webhookBody('participant_joined', {
			room: allHands.livekitName,
			identity: 'user-ben',
			sid: 'PA_ben1'
		});
		expect(await post(joined.body)).toEqual({ status: 200, applied: true });
		expect(await post(joined.body)).toEqual({ status: 200, applied: false });
		const left = webhookBody('participant_left', {
			room: allHands.livekitName,
			identity: 'user-ben',
			sid: 'PA_ben1'
		});
		expect(await post(left.body)).toEqual({ status: 200, applied: true });
		expect(await post(joined.body)).toEqual({ status: 200, applied: false });
		expect(await post(left.body)).toEqual({ status: 200, applied: false });
		expect(presence(allHands.id).map((p) => p.identity)).not.toContain('user-ben');
	});

	it('ignores a "joined" that arrives after its own "left"', async () => {
		const left = webhookBody('participant_left', {
			room: allHands.livekitName,
			identity: 'user-cleo',
			sid: 'PA_cleo1'
		});
		const joined = webhookBody('participant_joined', {
			room: allHands.livekitName,
			identity: 'user-cleo',
			sid: 'PA_cleo1'
		});
		await post(left.body);
		expect(await post(joined.body)).toEqual({ status: 200, applied: false });
		expect(presence(allHands.id).map((p) => p.identity)).not.toContain('user-cleo');
	});

	it('keeps a reconnected participant when the old connection’s "left" arrives late', async () => {
		const t = Math.floor(Date.now() / 1000);
		await post(
			webhookBody('participant_joined', {
				room: allHands.livekitName,
				identity: 'user-dan',
				sid: 'PA_dan1',
				joinedAt: t - 20
			}).body
		);
		await post(
			webhookBody('participant_joined', {
				room: allHands.livekitName,
				identity: 'user-dan',
				sid: 'PA_dan2',
				joinedAt: t - 5
			}).body
		);
		const lateLeft = webhookBody('participant_left', {
			room: allHands.livekitName,
			identity: 'user-dan',
			sid: 'PA_dan1'
		});
		expect(await post(lateLeft.body)).toEqual({ status: 200, applied: false });
		expect(presence(allHands.id).find((p) => p.identity === 'user-dan')?.participantSid).toBe(
			'PA_dan2'
		);
	});

	it('ignores rooms that are not ours, and room_finished empties the room', async () => {
		const foreign = webhookBody('participant_joined', {
			room: 'somebody_elses_room',
			identity: 'user-x'
		});
		expect(await post(foreign.body)).toEqual({ status: 200, applied: false });
		const finished = webhookBody('room_finished', { room: allHands.livekitName });
		expect(await post(finished.body)).toEqual({ status: 200, applied: true });
		expect(presence(allHands.id)).toEqual([]);
	});
});

describe('reconciliation with the media server', () => {
	it('removes ghosts, adds the missing and leaves the right ones', async () => {
		const client = new RoomServiceClient(fake.url, API_KEY, API_SECRET);
		// In the table: Eve (still there), Finn (left, webhook lost), Gus (in a room that closed);
		// Ana from above left too.
		const joinedAt = Math.floor(Date.now() / 1000) - 3600;
		for (const [room, identity, sid] of [
			[houseRoom, 'user-eve', 'PA_eve'],
			[houseRoom, 'user-finn', 'PA_finn'],
			[allHands, 'user-gus', 'PA_gus']
		] as const) {
			await post(
				webhookBody('participant_joined', { room: room.livekitName, identity, sid, joinedAt }).body
			);
		}
		// The media server: Eve and Hugo (whose "joined" webhook was lost) in the house room.
		fake.rooms.clear();
		fake.rooms.set(houseRoom.livekitName, [
			{ sid: 'PA_eve', identity: 'user-eve' },
			{
				sid: 'PA_hugo',
				identity: 'user-hugo',
				name: 'Hugo',
				metadata: JSON.stringify({ houseId, roomDevice: true }),
				joinedAt: 1_790_000_100
			}
		]);
		fake.rooms.set('not_one_of_ours', [{ sid: 'PA_zed', identity: 'user-zed' }]);
		const changed = await reconcilePresence(client);
		expect(changed.size).toBe(1);
		expect(presence(houseRoom.id).map((p) => [p.identity, p.participantSid])).toEqual([
			['user-eve', 'PA_eve'],
			['user-hugo', 'PA_hugo']
		]);
		expect(presence(houseRoom.id)[1]).toMatchObject({
			name: 'Hugo',
			houseId,
			roomDevice: true,
			joinedAt: new Date(1_790_000_100_000)
		});
		expect(presence(allHands.id)).toEqual([]);
	});

	it('leaves rows written after the pass started (a webhook racing with it)', async () => {
		fake.rooms.clear();
		const startedAt = new Date(Date.now() - 60_000);
		await post(
			webhookBody('participant_joined', {
				room: allHands.livekitName,
				identity: 'user-ivy',
				sid: 'PA_ivy',
				joinedAt: Math.floor(Date.now() / 1000)
			}).body
		);
		await reconcilePresence(new RoomServiceClient(fake.url, API_KEY, API_SECRET), startedAt);
		expect(presence(allHands.id).map((p) => p.identity)).toEqual(['user-ivy']);
		expect(presence(houseRoom.id)).toEqual([]);
	});

	it('runs through the configured media server API (what start-up and the timer call)', async () => {
		fake.rooms.clear();
		fake.rooms.set(allHands.livekitName, []);
		await post(
			webhookBody('participant_joined', {
				room: allHands.livekitName,
				identity: 'user-jo',
				sid: 'PA_jo',
				joinedAt: Math.floor(Date.now() / 1000) - 30
			}).body
		);
		fake.calls.length = 0;
		expect(await reconcileNow()).toBe(true);
		expect(fake.calls.map((c) => c.method)).toEqual(['ListRooms', 'ListParticipants']);
		expect(presence(allHands.id).map((p) => p.identity)).not.toContain('user-jo');
	});
});

describe('moderation through RoomServiceClient', () => {
	beforeAll(() => {
		fake.rooms.clear();
		fake.rooms.set(houseRoom.livekitName, [
			{
				sid: 'PA_kim',
				identity: 'user-kim',
				tracks: [
					{ sid: 'TR_mic', source: 'MICROPHONE' },
					{ sid: 'TR_cam', source: 'CAMERA' }
				]
			},
			{ sid: 'PA_lou', identity: 'user-lou' }
		]);
	});

	it('mutes the microphone and the camera of one person', async () => {
		fake.calls.length = 0;
		expect(await moderate('c', houseRoom, 'mute_microphone', 'user-kim')).toBe('ok');
		expect(fake.calls.at(-1)).toEqual({
			method: 'MutePublishedTrack',
			body: expect.objectContaining({
				room: houseRoom.livekitName,
				identity: 'user-kim',
				trackSid: 'TR_mic',
				muted: true
			})
		});
		expect(await moderate('c', houseRoom, 'mute_camera', 'user-kim')).toBe('ok');
		expect(fake.calls.at(-1)?.body).toMatchObject({ trackSid: 'TR_cam' });
		expect(fake.rooms.get(houseRoom.livekitName)![0].tracks!.every((t) => t.muted)).toBe(true);
	});

	it('tells the person muted, and only them, which manager did it', async () => {
		const room = fake.rooms.get(houseRoom.livekitName)!;
		for (const track of room[0].tracks!) track.muted = false;
		fake.calls.length = 0;
		const agathe = { name: 'Agathe Brun' };
		expect(await moderate('c', houseRoom, 'mute_microphone', 'user-kim', agathe)).toBe('ok');
		expect(fake.calls.map((call) => call.method)).toEqual([
			'GetParticipant',
			'MutePublishedTrack',
			'SendData'
		]);
		const sent = fake.calls.at(-1)!.body;
		expect(sent).toMatchObject({
			room: houseRoom.livekitName,
			destinationIdentities: ['user-kim'],
			topic: 'hameau.moderation'
		});
		expect(JSON.parse(Buffer.from(String(sent.data), 'base64').toString())).toEqual({
			source: 'microphone',
			by: 'Agathe Brun'
		});

		expect(await moderate('c', houseRoom, 'mute_camera', 'user-kim', agathe)).toBe('ok');
		expect(
			JSON.parse(Buffer.from(String(fake.calls.at(-1)!.body.data), 'base64').toString())
		).toEqual({ source: 'camera', by: 'Agathe Brun' });

		// Already muted: nothing is muted, so nothing is said.
		fake.calls.length = 0;
		expect(await moderate('c', houseRoom, 'mute_microphone', 'user-kim', agathe)).toBe('ok');
		expect(fake.calls.map((call) => call.method)).toEqual(['GetParticipant']);
	});

	it('removes someone, and says so when they are not in the room', async () => {
		await post(
			webhookBody('participant_joined', {
				room: houseRoom.livekitName,
				identity: 'user-lou',
				sid: 'PA_lou'
			}).body
		);
		expect(await moderate('c', houseRoom, 'remove', 'user-lou')).toBe('ok');
		expect(fake.rooms.get(houseRoom.livekitName)!.map((p) => p.identity)).toEqual(['user-kim']);
		expect(presence(houseRoom.id).map((p) => p.identity)).not.toContain('user-lou');
		expect(await moderate('c', houseRoom, 'remove', 'user-nobody')).toBe('not_in_room');
	});

	it('ends the meeting for everyone', async () => {
		expect(await moderate('c', houseRoom, 'end', '')).toBe('ok');
		expect(fake.rooms.has(houseRoom.livekitName)).toBe(false);
		expect(presence(houseRoom.id)).toEqual([]);
	});
});

describe('the presence board’s view of the rooms', () => {
	it('shows people in rooms open to everyone, never in rooms for chosen people or a stand-up', async () => {
		const { peopleInOpenRooms } = await import('../../src/lib/server/video/board');
		const { createMeetingRoom } = await import('../../src/lib/server/video/rooms');
		const owner = await makeUser('Board');
		const company = makeCompany(owner);
		const house = makeHouse(company, owner, { name: 'Maison du Cantal' });
		ensurePermanentRooms(company.id);
		const open = db().select().from(rooms).where(eq(rooms.houseId, house.id)).get()!;
		const secret = createMeetingRoom(
			company.id,
			{ userId: owner.id, role: 'owner' },
			{ name: 'Confidentiel', description: '', access: 'invited', invitees: [] }
		);
		// A stand-up's room: open to every member by its access, but entered only by the stand-up's
		// people and managers, so not shown to everyone either (its link would be a 404 to them).
		const standupRoom = db()
			.insert(rooms)
			.values({
				id: 'standup-room',
				companyId: company.id,
				kind: 'standup',
				name: 'Dev daily',
				livekitName: `${company.id}-standup-room`,
				createdBy: owner.id
			})
			.returning()
			.get();
		for (const [room, identity] of [
			[open, 'user-open'],
			[secret, 'user-secret'],
			[standupRoom, 'user-standup']
		] as const) {
			await post(
				webhookBody('participant_joined', {
					room: room.livekitName,
					identity,
					sid: `PA_${identity}`
				}).body
			);
		}
		const seen = peopleInOpenRooms(company.id);
		expect([...seen.keys()]).toEqual(['user-open']);
		expect(seen.get('user-open')).toEqual({
			id: open.id,
			name: 'Maison du Cantal',
			joinUrl: `/${company.slug}/rooms/${open.id}`
		});
	});
});
