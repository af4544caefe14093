// Tokens over real HTTP: who gets one for which room, and what it allows. Minted tokens are
// decoded with livekit-server-sdk's TokenVerifier, as the media server would.
import { and, eq } from 'drizzle-orm';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { companies, rooms } from '../../src/lib/server/db/schema';
import { createHouse, join, signUp, type Person } from '../helpers/people';
import { API_KEY, API_SECRET, signWebhook, webhookBody } from './support';

let server: RunningServer;
let db: ServerDb;
let owner: Person, manager: Person, member: Person, outsider: Person, rival: Person;
let slug: string, rivalSlug: string, houseId: string;

beforeAll(async () => {
	server = await startServer({
		env: { LIVEKIT_API_KEY: API_KEY, LIVEKIT_API_SECRET: API_SECRET, LIVEKIT_URL: undefined }
	});
	db = openServerDb(server.dbPath);
	owner = await signUp(server.url, db, 'Odile');
	manager = await signUp(server.url, db, 'Marc');
	member = await signUp(server.url, db, 'Mina');
	outsider = await signUp(server.url, db, 'Oscar');
	rival = await signUp(server.url, db, 'Rita');
	slug = await owner.client.createCompany('Coopérative du Causse');
	rivalSlug = await rival.client.createCompany('Autre Maison');
	await join(owner, slug, manager, 'manager');
	await join(owner, slug, member, 'member');
	houseId = await createHouse(owner, db, slug, 'Maison de Nasbinals');
	const home = await member.client.postForm(`/${slug}/houses?/setHome`, { houseId });
	expect(home.status, await explain(home)).toBe(200);
	// The rooms page creates the permanent rooms on first visit.
	for (const [who, s] of [
		[owner, slug],
		[rival, rivalSlug]
	] as const) {
		const page = await who.client.get(`/${s}/rooms`);
		expect(page.status, await explain(page)).toBe(200);
	}
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

function companyId(s: string): string {
	return db.select().from(companies).where(eq(companies.slug, s)).get()!.id;
}

function roomOf(s: string, kind: 'all_hands' | 'house') {
	const row = db
		.select()
		.from(rooms)
		.where(and(eq(rooms.companyId, companyId(s)), eq(rooms.kind, kind)))
		.get();
	expect(row).toBeDefined();
	return row!;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function requestToken(who: Person, s: string, roomId: string, body: unknown = {}) {
	return who.client.request(`/${s}/rooms/${roomId}/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify(body)
	});
}

describe('room tokens', () => {
	it('gives every role the same media grants in its own room, and no admin rights', async () => {
		const allHands = roomOf(slug, 'all_hands');
		const verifier = new TokenVerifier(API_KEY, API_SECRET);
		for (const [who, role] of [
			[owner, 'owner'],
			[manager, 'manager'],
			[member, 'member']
		] as const) {
			const response = await requestToken(who, slug, allHands.id);
			expect(response.status, await explain(response)).toBe(200);
			const { url, token } = (await response.json()) as { url: string; token: string };
			// Embedded mode: the browser talks to the app's own origin over WebSocket.
			expect(url).toBe(server.url.replace('http', 'ws'));
			const claims = await verifier.verify(token);
			expect(claims.sub).toBe(who.id);
			expect(claims.name).toBe(who.name);
			expect(JSON.parse(claims.metadata ?? '{}')).toMatchObject({ role });
			expect(claims.video).toEqual({
				room: allHands.livekitName,
				roomJoin: true,
				canSubscribe: true,
				canPublish: true,
				// LiveKit's JWT names sources in lower-case words.
				canPublishSources: ['camera', 'microphone', 'screen_share', 'screen_share_audio'],
				canPublishData: true,
				canUpdateOwnMetadata: false,
				roomAdmin: false,
				roomCreate: false,
				roomList: false,
				roomRecord: false
			});
			// Short-lived: a leaked token opens the door for minutes, not days.
			expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(600);
		}
	});

	it('carries the home house in the metadata, and room-device mode only for house rooms', async () => {
		const verifier = new TokenVerifier(API_KEY, API_SECRET);
		const houseRoom = db
			.select()
			.from(rooms)
			.where(and(eq(rooms.companyId, companyId(slug)), eq(rooms.houseId, houseId)))
			.get()!;
		expect(houseRoom.livekitName).toContain(companyId(slug));
		const response = await requestToken(member, slug, houseRoom.id, { roomDevice: true });
		expect(response.status, await explain(response)).toBe(200);
		const claims = await verifier.verify(((await response.json()) as { token: string }).token);
		expect(JSON.parse(claims.metadata!)).toEqual({
			houseId,
			houseName: 'Maison de Nasbinals',
			role: 'member',
			roomDevice: true
		});
		const allHands = await requestToken(member, slug, roomOf(slug, 'all_hands').id, {
			roomDevice: true
		});
		const allHandsClaims = await verifier.verify(
			((await allHands.json()) as { token: string }).token
		);
		expect(JSON.parse(allHandsClaims.metadata!).roomDevice).toBe(false);
	});

	it('answers 404 to non-members, to members of another company and for unknown rooms', async () => {
		const allHands = roomOf(slug, 'all_hands');
		const rivalRoom = roomOf(rivalSlug, 'all_hands');
		// Not a member of the company at all.
		expect((await requestToken(outsider, slug, allHands.id)).status).toBe(404);
		// A member of another company, through this company's URL...
		expect((await requestToken(rival, slug, allHands.id)).status).toBe(404);
		// ...and through their own company's URL with this company's room id.
		expect((await requestToken(rival, rivalSlug, allHands.id)).status).toBe(404);
		// A member of this company asking for the other company's room.
		expect((await requestToken(member, slug, rivalRoom.id)).status).toBe(404);
		expect((await requestToken(member, slug, 'no-such-room')).status).toBe(404);
	});

	it('keeps meeting rooms for chosen people to those people', async () => {
		const created = await owner.client.postForm(`/${slug}/rooms?/create`, {
			name: 'Budget 2027',
			description: 'Chiffres',
			access: 'invited',
			invitees: manager.id
		});
		expect(created.status, await explain(created)).toBe(200);
		const meeting = db.select().from(rooms).where(eq(rooms.name, 'Budget 2027')).get()!;
		expect(meeting.access).toBe('invited');
		expect((await requestToken(owner, slug, meeting.id)).status).toBe(200);
		expect((await requestToken(manager, slug, meeting.id)).status).toBe(200);
		expect((await requestToken(member, slug, meeting.id)).status).toBe(404);
		// Not listed on the member's rooms page either.
		const page = await (await member.client.get(`/${slug}/rooms`)).text();
		expect(page).not.toContain('Budget 2027');
		expect(await (await manager.client.get(`/${slug}/rooms`)).text()).toContain('Budget 2027');
	});

	it('refuses a meeting time in the past, for a new room and for a new time', async () => {
		const past = { date: '2020-01-06', time: '10:00', duration: '30' };
		const refused = await member.client.postForm(`/${slug}/rooms?/create`, {
			name: 'Réunion passée',
			access: 'everyone',
			...past
		});
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('This time has passed: choose a date and time to come.');
		expect(db.select().from(rooms).where(eq(rooms.name, 'Réunion passée')).get()).toBeUndefined();

		const next = {
			date: `${new Date().getUTCFullYear() + 1}-03-02`,
			time: '10:00',
			duration: '30'
		};
		const created = await member.client.postForm(`/${slug}/rooms?/create`, {
			name: 'Réunion à venir',
			access: 'everyone',
			...next
		});
		expect(created.status, await explain(created)).toBe(200);
		const meeting = db.select().from(rooms).where(eq(rooms.name, 'Réunion à venir')).get()!;
		const moved = await member.client.postForm(`/${slug}/rooms?/schedule`, {
			id: meeting.id,
			...past
		});
		expect(moved.status).toBe(400);
		// Its saved time is kept as it is; only its length changes.
		const longer = await member.client.postForm(`/${slug}/rooms?/schedule`, {
			id: meeting.id,
			...next,
			duration: '60'
		});
		expect(longer.status, await explain(longer)).toBe(200);
		const saved = db.select().from(rooms).where(eq(rooms.id, meeting.id)).get()!;
		expect([saved.scheduledAt, saved.durationMinutes]).toEqual([meeting.scheduledAt, 60]);
	});

	it('says every mistake of a new room at once, beside its fields, and keeps what was typed', async () => {
		const roomsBefore = db.select().from(rooms).all().length;
		const refused = await member.client.postForm(`/${slug}/rooms?/create`, {
			name: '   ',
			description: 'Les chiffres',
			date: '2020-01-01',
			time: '09:00',
			duration: '7',
			access: 'invited'
		});
		expect(refused.status).toBe(400);
		const html = await refused.text();
		// Each message in the element its field (or the group of people) is described by.
		for (const [id, message] of [
			['new-room-name-error', 'Give the room a name.'],
			['new-room-date-error', 'This time has passed: choose a date and time to come.'],
			['new-room-duration-error', 'Enter a duration between 5 and 480 minutes, in steps of 5.'],
			['new-room-invitees-error', 'Choose at least one person, or open the room to every member.']
		]) {
			expect(html, id).toMatch(new RegExp(`id="${id}"[^>]*>\\s*${escapeRegExp(message)}`));
		}
		for (const typed of [
			'value="Les chiffres"',
			'value="2020-01-01"',
			'value="09:00"',
			'value="7"'
		]) {
			expect(html).toContain(typed);
		}
		expect(db.select().from(rooms).all()).toHaveLength(roomsBefore);
	});

	it('closes archived meeting rooms, and only their creator or a manager archives them', async () => {
		const created = await member.client.postForm(`/${slug}/rooms?/create`, {
			name: 'Café du lundi',
			access: 'everyone'
		});
		expect(created.status, await explain(created)).toBe(200);
		const meeting = db.select().from(rooms).where(eq(rooms.name, 'Café du lundi')).get()!;
		const otherMember = await signUp(server.url, db, 'Noel');
		await join(owner, slug, otherMember, 'member');
		const refused = await otherMember.client.postForm(`/${slug}/rooms?/archive`, {
			id: meeting.id
		});
		expect(refused.status).toBe(403);
		const archived = await manager.client.postForm(`/${slug}/rooms?/archive`, { id: meeting.id });
		expect(archived.status, await explain(archived)).toBe(200);
		expect((await requestToken(member, slug, meeting.id)).status).toBe(404);
		// Permanent rooms cannot be archived.
		const allHands = await owner.client.postForm(`/${slug}/rooms?/archive`, {
			id: roomOf(slug, 'all_hands').id
		});
		expect(allHands.status).toBe(404);
	});

	it('refuses a malformed body with 400', async () => {
		const response = await member.client.request(
			`/${slug}/rooms/${roomOf(slug, 'all_hands').id}/token`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: '{"roomDevice": "yes"}'
			}
		);
		expect(response.status).toBe(400);
	});
});

describe('occupancy on the rooms page, from webhooks', () => {
	async function postWebhook(body: string, authorization: string) {
		return fetch(`${server.url}/api/livekit/webhook`, {
			method: 'POST',
			headers: { 'content-type': 'application/webhook+json', authorization },
			body
		});
	}

	/** The house room of Maison de Nasbinals, and the path pre-join asks about its room device. */
	function nasbinalsRoom() {
		const room = db.select().from(rooms).where(eq(rooms.houseId, houseId)).get()!;
		return { room, path: `/${slug}/rooms/${room.id}/room-device` };
	}

	/** What pre-join tells `who` at `path`: the house whose room device mutes them, or null. */
	async function askRoomDevice(path: string, who: Person) {
		const response = await who.client.request(path, { headers: { accept: 'application/json' } });
		expect(response.status, await explain(response)).toBe(200);
		return ((await response.json()) as { house: string | null }).house;
	}

	/** The media server tells the app that `who` joined `room` (session `sid`) with `metadata`. */
	async function joinedWebhook(
		room: { livekitName: string },
		who: Person,
		sid: string,
		metadata: string
	) {
		const joined = webhookBody('participant_joined', {
			room: room.livekitName,
			identity: who.id,
			sid,
			name: who.name,
			metadata
		});
		expect((await postWebhook(joined.body, await signWebhook(joined.body))).status).toBe(200);
	}

	/** The media server tells the app that `who` left `room` (session `sid`). */
	async function leftWebhook(room: { livekitName: string }, who: Person, sid: string) {
		const left = webhookBody('participant_left', { room: room.livekitName, identity: who.id, sid });
		expect((await postWebhook(left.body, await signWebhook(left.body))).status).toBe(200);
	}

	/** Maison de Nasbinals's room device, as its metadata says (whose laptop it is: `role`). */
	const nasbinalsDevice = (role: string) =>
		JSON.stringify({ houseId, houseName: 'Maison de Nasbinals', role, roomDevice: true });

	it('shows who joined, with their house, and forgets them when they leave', async () => {
		const houseRoom = db.select().from(rooms).where(eq(rooms.houseId, houseId)).get()!;
		const metadata = JSON.stringify({ houseId, houseName: 'Maison de Nasbinals', role: 'member' });
		const joined = webhookBody('participant_joined', {
			room: houseRoom.livekitName,
			identity: member.id,
			sid: 'PA_mina',
			name: member.name,
			metadata
		});
		const forged = await signWebhook(joined.body, { apiKey: API_KEY, apiSecret: 'x'.repeat(40) });
		expect((await postWebhook(joined.body, forged)).status).toBe(401);
		let page = await (await manager.client.get(`/${slug}/rooms`)).text();
		expect(page).not.toContain(`data-occupant="${member.id}"`);

		const accepted = await postWebhook(joined.body, await signWebhook(joined.body));
		expect(accepted.status, await explain(accepted)).toBe(200);
		page = await (await manager.client.get(`/${slug}/rooms`)).text();
		const card = page.slice(page.indexOf(`data-room="${houseRoom.id}"`));
		expect(card).toContain(`data-occupant="${member.id}"`);
		expect(card.slice(card.indexOf(`data-occupant="${member.id}"`))).toContain(
			'Maison de Nasbinals'
		);
		// Another company never sees this company's occupancy.
		expect(await (await rival.client.get(`/${rivalSlug}/rooms`)).text()).not.toContain(member.id);

		const left = webhookBody('participant_left', {
			room: houseRoom.livekitName,
			identity: member.id,
			sid: 'PA_mina'
		});
		expect((await postWebhook(left.body, await signWebhook(left.body))).status).toBe(200);
		page = await (await manager.client.get(`/${slug}/rooms`)).text();
		expect(page).not.toContain(`data-occupant="${member.id}"`);
	});

	it('tells pre-join when a room device of the member’s house is in the room', async () => {
		const { room: houseRoom, path } = nasbinalsRoom();
		const ask = (who: Person) => askRoomDevice(path, who);
		expect(await ask(member)).toBeNull();

		// The owner's laptop joins as the room device of Mina's house.
		await joinedWebhook(houseRoom, owner, 'PA_device', nasbinalsDevice('owner'));
		expect(await ask(member)).toBe('Maison de Nasbinals');
		// The manager has no home house, and the device itself is not muted by itself.
		expect(await ask(manager)).toBeNull();
		expect(await ask(owner)).toBeNull();
		// Others never learn anything about the room.
		expect((await rival.client.get(path)).status).toBe(404);
		expect((await outsider.client.get(path)).status).toBe(404);

		await leftWebhook(houseRoom, owner, 'PA_device');
		expect(await ask(member)).toBeNull();
	});

	it('makes a house room’s room device stand for that house, whatever its account’s home house', async () => {
		const verifier = new TokenVerifier(API_KEY, API_SECRET);
		const { room: houseRoom, path } = nasbinalsRoom();
		const ask = (who: Person) => askRoomDevice(path, who);
		const claimsOf = async (response: Response) => {
			expect(response.status, await explain(response)).toBe(200);
			const { token } = (await response.json()) as { token: string };
			return JSON.parse((await verifier.verify(token)).metadata!) as Record<string, unknown>;
		};
		// Paul has no home house; Hugo's is another house of the company.
		const paul = await signUp(server.url, db, 'Paul');
		const hugo = await signUp(server.url, db, 'Hugo');
		await join(owner, slug, paul, 'member');
		await join(owner, slug, hugo, 'member');
		const forgeId = await createHouse(owner, db, slug, 'La Forge');
		const home = await hugo.client.postForm(`/${slug}/houses?/setHome`, { houseId: forgeId });
		expect(home.status, await explain(home)).toBe(200);

		for (const [device, sid] of [
			[paul, 'PA_paul_device'],
			[hugo, 'PA_hugo_device']
		] as const) {
			const metadata = await claimsOf(
				await requestToken(device, slug, houseRoom.id, { roomDevice: true })
			);
			expect(metadata).toEqual({
				houseId,
				houseName: 'Maison de Nasbinals',
				role: 'member',
				roomDevice: true
			});
			await joinedWebhook(houseRoom, device, sid, JSON.stringify(metadata));
			// Mina lives at Maison de Nasbinals: her microphone starts off.
			expect(await ask(member), device.name).toBe('Maison de Nasbinals');
			expect(await ask(device)).toBeNull();
			await leftWebhook(houseRoom, device, sid);
			expect(await ask(member)).toBeNull();
		}

		// Joining as themselves, each stands for their own home house.
		expect(await claimsOf(await requestToken(paul, slug, houseRoom.id))).toMatchObject({
			houseId: null,
			houseName: null,
			roomDevice: false
		});
		expect(await claimsOf(await requestToken(hugo, slug, houseRoom.id))).toMatchObject({
			houseId: forgeId,
			houseName: 'La Forge',
			roomDevice: false
		});
		// Outside house rooms there is no room device: asking for it joins as oneself.
		expect(
			await claimsOf(
				await requestToken(hugo, slug, roomOf(slug, 'all_hands').id, { roomDevice: true })
			)
		).toMatchObject({ houseId: forgeId, houseName: 'La Forge', roomDevice: false });
	});

	it('makes someone at another house today stand for it: its room device turns their microphone off', async () => {
		// Found in session 30: the house a participant stood for was always their home house, so a
		// visitor sitting in a house's meeting room kept their microphone on beside its room
		// device (the echo room-device mode is there to prevent), while someone of that house
		// working elsewhere that day was told to mute.
		const verifier = new TokenVerifier(API_KEY, API_SECRET);
		const { room: houseRoom, path } = nasbinalsRoom();
		const ask = (who: Person) => askRoomDevice(path, who);
		const standsFor = async (who: Person) => {
			const response = await requestToken(who, slug, houseRoom.id);
			expect(response.status, await explain(response)).toBe(200);
			const { token } = (await response.json()) as { token: string };
			const metadata = JSON.parse((await verifier.verify(token)).metadata!);
			return [metadata.houseId, metadata.houseName, metadata.roomDevice];
		};
		const checkIn = async (who: Person, at: string) => {
			const done = await who.client.postForm(`/${slug}?/checkIn`, { houseId: at });
			expect(done.status, await explain(done)).toBe(200);
		};
		// Zoé lives at Le Moulin, Mina at Maison de Nasbinals.
		const zoe = await signUp(server.url, db, 'Zoé');
		await join(owner, slug, zoe, 'member');
		const moulinId = await createHouse(owner, db, slug, 'Le Moulin');
		const home = await zoe.client.postForm(`/${slug}/houses?/setHome`, { houseId: moulinId });
		expect(home.status, await explain(home)).toBe(200);
		// At no house today: she stands for her home house.
		expect(await standsFor(zoe)).toEqual([moulinId, 'Le Moulin', false]);

		// Today Zoé is at Maison de Nasbinals and Mina at Le Moulin.
		await checkIn(zoe, houseId);
		await checkIn(member, moulinId);
		expect(await standsFor(zoe)).toEqual([houseId, 'Maison de Nasbinals', false]);
		expect(await standsFor(member)).toEqual([moulinId, 'Le Moulin', false]);

		// Maison de Nasbinals's room device joins its room.
		await joinedWebhook(houseRoom, owner, 'PA_visit_device', nasbinalsDevice('owner'));
		// Zoé sits in its reach: her microphone starts off. Mina, at Le Moulin today, keeps hers.
		expect(await ask(zoe)).toBe('Maison de Nasbinals');
		expect(await ask(member)).toBeNull();
		await leftWebhook(houseRoom, owner, 'PA_visit_device');
		expect(await ask(zoe)).toBeNull();
	});
});

describe('chat history and moderation rights', () => {
	async function postJson(who: Person, path: string, body: unknown) {
		return who.client.request(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(body)
		});
	}

	it('saves a message once and shows it on the room page the next time', async () => {
		const room = roomOf(slug, 'all_hands');
		const message = { id: 'msg-0123456789', body: 'On se retrouve à 14 h ?' };
		const first = await postJson(member, `/${slug}/rooms/${room.id}/chat`, message);
		expect(first.status, await explain(first)).toBe(201);
		// A retry of the same message (same id) is not stored twice.
		const retry = await postJson(member, `/${slug}/rooms/${room.id}/chat`, message);
		expect(retry.status).toBe(200);
		const page = await (await owner.client.get(`/${slug}/rooms/${room.id}`)).text();
		expect(page.split('On se retrouve à 14 h ?').length - 1).toBe(1);
		// Empty or foreign: refused.
		expect(
			(
				await postJson(member, `/${slug}/rooms/${room.id}/chat`, {
					id: 'msg-1234567890',
					body: '  '
				})
			).status
		).toBe(400);
		expect((await postJson(rival, `/${slug}/rooms/${room.id}/chat`, message)).status).toBe(404);
		expect((await rival.client.get(`/${slug}/rooms/${room.id}`)).status).toBe(404);
	});

	it('lets only managers moderate', async () => {
		const room = roomOf(slug, 'all_hands');
		const body = { action: 'mute_microphone', identity: member.id };
		expect((await postJson(member, `/${slug}/rooms/${room.id}/moderate`, body)).status).toBe(403);
		expect((await postJson(rival, `/${slug}/rooms/${room.id}/moderate`, body)).status).toBe(404);
		// The embedded media server answers: nobody by that identity is in the room.
		const notThere = await postJson(manager, `/${slug}/rooms/${room.id}/moderate`, body);
		expect(notThere.status, await explain(notThere)).toBe(404);
		expect(
			(await postJson(manager, `/${slug}/rooms/${room.id}/moderate`, { action: 'explode' })).status
		).toBe(400);
	});
});
