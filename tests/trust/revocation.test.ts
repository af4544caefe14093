// Access ends everywhere at once (issue 17, point 2), against the real server with its embedded
// media server: every way access ends closes the open collaboration sockets it concerns within a
// second (and only those), a former member is taken out of the company's call, and a token minted
// before the removal does not let them back in.
import Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../server/collab';
import { HttpClient, explain, strongPassword } from '../helpers/client';
import { join as invite, signUp, signUpTeam, type Person } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { generatedMediaKeys, startWithEmbeddedMedia, type RunningServer } from '../helpers/server';
import { SignalClient } from '../media/support';
import { memberships, rooms, users } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { addDays, todayIn } from '../../src/lib/zoned-time';

/** The issue's bound: a socket the change concerns is closed within a second. */
const WITHIN_MS = 1000;

let server: RunningServer;
let db: ServerDb;
let roomService: RoomServiceClient;
/** Every socket a test opened, cut at the end whatever became of it. */
const opened: WebSocket[] = [];

beforeAll(async () => {
	// No LIVEKIT_URL: the embedded media server, whose webhooks reach the app itself.
	server = await startWithEmbeddedMedia();
	db = openServerDb(server.dbPath);
	const keys = generatedMediaKeys(server);
	roomService = new RoomServiceClient(server.url, keys.apiKey, keys.apiSecret);
});

afterAll(async () => {
	for (const ws of opened) ws.terminate();
	await server?.stop();
});

type Team = { owner: Person; member: Person; slug: string; companyId: string; document: string };

/** An owner, a member of their company, and a document of the company. */
async function team(): Promise<Team> {
	const { owner, members, slug, companyId } = await signUpTeam(server.url, db, {
		owner: 'Odile',
		members: ['Mathis'],
		company: `Coopérative ${Date.now().toString(36)}`
	});
	return {
		owner,
		member: members[0],
		slug,
		companyId,
		document: await createDocument(owner.client, slug)
	};
}

async function createDocument(client: HttpClient, slug: string): Promise<string> {
	const response = await client.postForm(`/${slug}/documents?/create`, {
		title: 'Plan de la semaine',
		kind: 'weekly_plan'
	});
	expect(response.status, await explain(response)).toBe(303);
	return (response.headers.get('location') ?? '').split('/').pop()!;
}

/** A second session of the same person, as another device would have. */
async function secondDevice(person: Person, email: string): Promise<HttpClient> {
	const device = new HttpClient(server.url);
	const response = await device.logIn(email, strongPassword(person.name.toLowerCase()));
	expect(response.status, await explain(response)).toBe(303);
	return device;
}

function emailOf(person: Person): string {
	return db.select({ email: users.email }).from(users).where(eq(users.id, person.id)).get()!.email;
}

type OpenSocket = {
	/** The close code and when the socket closed, once it has. */
	closed: Promise<{ code: number; at: number }>;
	isOpen: () => boolean;
};

/** A collaboration socket on the document, open and answered (the server's first sync message). */
async function openDocument(client: HttpClient, documentId: string): Promise<OpenSocket> {
	const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${documentId}`, {
		headers: { cookie: client.cookieHeader() }
	});
	opened.push(ws);
	const closed = new Promise<{ code: number; at: number }>((done) =>
		ws.once('close', (code) => done({ code, at: Date.now() }))
	);
	await new Promise<void>((done, fail) => {
		ws.once('message', () => done());
		ws.once('unexpected-response', (_request, response) =>
			fail(new Error(`collab upgrade refused: ${response.statusCode}`))
		);
		ws.once('error', fail);
	});
	return { closed, isOpen: () => ws.readyState === WebSocket.OPEN };
}

/** Runs the change and returns the close code, failing unless it came within WITHIN_MS. */
async function closedBy(socket: OpenSocket, change: () => Promise<Response>): Promise<number> {
	const response = await change();
	expect([200, 303], await explain(response)).toContain(response.status);
	const answeredAt = Date.now();
	const closed = await Promise.race([
		socket.closed,
		new Promise<null>((done) => setTimeout(() => done(null), WITHIN_MS))
	]);
	expect(closed, 'the socket was still open a second after the change').not.toBeNull();
	expect(closed!.at - answeredAt).toBeLessThan(WITHIN_MS);
	return closed!.code;
}

/** Gives a socket that must stay open the time the others had to close. */
async function stillOpenAfterASecond(socket: OpenSocket): Promise<boolean> {
	await new Promise((done) => setTimeout(done, WITHIN_MS));
	return socket.isOpen();
}

describe('collaboration sockets close when access ends', () => {
	it('member removed: their sockets on the company documents close, not those elsewhere', async () => {
		const { owner, member, slug, document } = await team();
		const ownSlug = await member.client.createCompany('Atelier à soi');
		const elsewhere = await openDocument(
			member.client,
			await createDocument(member.client, ownSlug)
		);
		const socket = await openDocument(member.client, document);
		const ownerSocket = await openDocument(owner.client, document);

		const code = await closedBy(socket, () =>
			owner.client.postForm(`/${slug}/members?/remove`, { confirmed: 'yes', userId: member.id })
		);
		expect(code).toBe(CloseCode.accessRevoked);
		expect(await stillOpenAfterASecond(elsewhere)).toBe(true);
		expect(ownerSocket.isOpen()).toBe(true);
	});

	it('a removal, leave or deletion posted without its confirmation only asks: nothing closes', async () => {
		// What a click before the page came alive (or with no JavaScript) posts: the server asks.
		const { owner, member, slug, document } = await team();
		const socket = await openDocument(member.client, document);
		for (const [client, path, fields] of [
			[owner.client, `/${slug}/members?/remove`, { userId: member.id }],
			[member.client, `/${slug}/members?/leave`, {}],
			[owner.client, `/${slug}/documents?/delete`, { id: document }]
		] as const) {
			const response = await client.postForm(path, fields);
			expect(response.status, path).toBe(200);
			expect(await response.text(), path).toContain('data-testid="inline-confirm"');
		}
		expect(await stillOpenAfterASecond(socket)).toBe(true);
		const stillMember = db
			.select()
			.from(memberships)
			.where(eq(memberships.userId, member.id))
			.get();
		expect(stillMember).toBeDefined();
	});

	it('member leaves: their sockets on the company documents close', async () => {
		const { member, slug, document } = await team();
		const socket = await openDocument(member.client, document);
		const code = await closedBy(socket, () =>
			member.client.postForm(`/${slug}/members?/leave`, { confirmed: 'yes' })
		);
		expect(code).toBe(CloseCode.accessRevoked);
	});

	/** The member signed in on two devices, each with a socket on the document. */
	async function onTwoDevices() {
		const { member, document } = await team();
		const other = await secondDevice(member, emailOf(member));
		const here = await openDocument(member.client, document);
		return { member, here, there: await openDocument(other, document) };
	}

	const newPassword = 'un-nouveau-mot-de-passe-du-moulin';
	const sessionEnds: Array<[string, (member: Person) => Promise<Response>, 'here' | 'there']> = [
		[
			'log-out: the sockets of that session close, those of the person’s other device stay',
			(member) => member.client.postForm('/logout'),
			'here'
		],
		[
			'password change: the sockets of the other sessions close, this one stays',
			(member) =>
				member.client.postForm('/profile?/password', {
					currentPassword: strongPassword(member.name.toLowerCase()),
					newPassword,
					confirmPassword: newPassword
				}),
			'there'
		],
		[
			'sign out everywhere else: the sockets of the other sessions close, this one stays',
			(member) => member.client.postForm('/profile?/revokeOthers'),
			'there'
		]
	];

	it.each(sessionEnds)('%s', async (_title, change, closes) => {
		const { member, here, there } = await onTwoDevices();
		const [closing, staying] = closes === 'here' ? [here, there] : [there, here];
		expect(await closedBy(closing, () => change(member))).toBe(CloseCode.sessionEnded);
		expect(await stillOpenAfterASecond(staying)).toBe(true);
	});

	it('document deleted: its sockets close for good', async () => {
		const { owner, member, slug, document } = await team();
		const socket = await openDocument(member.client, document);
		const code = await closedBy(socket, () =>
			owner.client.postForm(`/${slug}/documents?/delete`, { confirmed: 'yes', id: document })
		);
		expect(code).toBe(CloseCode.documentDeleted);
	});

	it('document archived: its sockets close and reconnect into the read-only handshake', async () => {
		const { owner, member, slug, document } = await team();
		const socket = await openDocument(member.client, document);
		const code = await closedBy(socket, () =>
			owner.client.postForm(`/${slug}/documents?/archive`, { id: document })
		);
		expect(code).toBe(CloseCode.accessChanged);
		// The reconnection is read-only: its first message is the permission-denied auth message.
		const reconnected = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${document}`, {
			headers: { cookie: member.client.cookieHeader() }
		});
		const first = await new Promise<Buffer>((done) => reconnected.once('message', done));
		reconnected.close();
		expect(first[0]).toBe(2);
	});
});

describe('calls end when membership does', () => {
	/** The company's all-hands room as LiveKit knows it (the rooms page creates it). */
	async function allHands(person: Person, slug: string, companyId: string) {
		const page = await person.client.get(`/${slug}/rooms`);
		expect(page.status).toBe(200);
		return db
			.select()
			.from(rooms)
			.where(and(eq(rooms.companyId, companyId), eq(rooms.kind, 'all_hands')))
			.get()!;
	}

	async function roomToken(person: Person, slug: string, roomId: string): Promise<string> {
		const response = await person.client.request(`/${slug}/rooms/${roomId}/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: '{}'
		});
		expect(response.status, await explain(response)).toBe(200);
		return ((await response.json()) as { token: string }).token;
	}

	const base = () => server.url.replace('http://', '');

	/** Joins the call with a token, as livekit-client's signalling does. */
	async function joinCall(token: string): Promise<SignalClient> {
		const { client } = await SignalClient.join(base(), token);
		opened.push(client.ws);
		return client;
	}

	async function identities(livekitName: string): Promise<string[]> {
		return (await roomService.listParticipants(livekitName)).map((p) => p.identity);
	}

	/** Resolves with null when the signalling socket is still open after WITHIN_MS. */
	function closedWithinASecond(client: SignalClient) {
		return Promise.race([
			client.closed,
			new Promise<null>((done) => setTimeout(() => done(null), WITHIN_MS))
		]);
	}

	/** A team whose owner is in the company's all-hands call (which keeps the room open). */
	async function ownerInACall() {
		const people = await team();
		const room = await allHands(people.owner, people.slug, people.companyId);
		const ownerCall = await joinCall(await roomToken(people.owner, people.slug, room.id));
		return { ...people, room, ownerCall };
	}

	it('a removed member’s participant is removed from the company’s room at once', async () => {
		const { owner, member, slug, room, ownerCall } = await ownerInACall();
		const client = await joinCall(await roomToken(member, slug, room.id));
		expect((await identities(room.livekitName)).sort()).toEqual([member.id, owner.id].sort());

		const response = await owner.client.postForm(`/${slug}/members?/remove`, {
			confirmed: 'yes',
			userId: member.id
		});
		expect(response.status, await explain(response)).toBe(200);
		expect(
			await closedWithinASecond(client),
			'still in the call a second after the removal'
		).not.toBeNull();
		expect(await identities(room.livekitName)).toEqual([owner.id]);
		ownerCall.close();
	});

	it('a token minted before the removal does not let them back into the call', async () => {
		const { owner, member, slug, room, ownerCall } = await ownerInACall();
		const minted = await roomToken(member, slug, room.id);
		const response = await owner.client.postForm(`/${slug}/members?/remove`, {
			confirmed: 'yes',
			userId: member.id
		});
		expect(response.status, await explain(response)).toBe(200);

		const refused = await SignalClient.connect(base(), minted).then(
			(client) => {
				client.close();
				return null;
			},
			(error: { status?: number }) => error.status ?? 0
		);
		expect(refused).toBe(403);
		expect(await identities(room.livekitName)).toEqual([owner.id]);

		// Invited back, they get in with a new token (a token's minting time is known to the second).
		await new Promise((done) => setTimeout(done, 1000));
		await invite(owner, slug, member, 'member');
		const back = await joinCall(await roomToken(member, slug, room.id));
		expect((await identities(room.livekitName)).sort()).toEqual([member.id, owner.id].sort());
		back.close();
		ownerCall.close();
	});

	it('log-out ends the call joined from that session, not the one joined from another device', async () => {
		const { owner, member, slug, room, ownerCall } = await ownerInACall();
		const other = await secondDevice(member, emailOf(member));
		const call = await joinCall(await roomToken(member, slug, room.id));

		const otherLogOut = await other.postForm('/logout');
		expect(otherLogOut.status, await explain(otherLogOut)).toBe(303);
		expect(
			await closedWithinASecond(call),
			'the other device’s log-out ended this call'
		).toBeNull();
		expect((await identities(room.livekitName)).sort()).toEqual([member.id, owner.id].sort());

		const logOut = await member.client.postForm('/logout');
		expect(logOut.status, await explain(logOut)).toBe(303);
		expect(await closedWithinASecond(call), 'still in the call after logging out').not.toBeNull();
		expect(await identities(room.livekitName)).toEqual([owner.id]);
		ownerCall.close();
	});

	it('a token minted by a session that has since ended does not keep anyone in the call', async () => {
		const { owner, member, slug, room, ownerCall } = await ownerInACall();
		const other = await secondDevice(member, emailOf(member));
		const minted = await roomToken({ ...member, client: other }, slug, room.id);
		const signedOut = await member.client.postForm('/profile?/revokeOthers');
		expect(signedOut.status, await explain(signedOut)).toBe(200);

		const call = await joinCall(minted);
		expect(
			await closedWithinASecond(call),
			'still in the call a second after joining'
		).not.toBeNull();
		expect(await identities(room.livekitName)).toEqual([owner.id]);
		ownerCall.close();
	});

	it('a participant_joined of someone who is not a member removes them at once (any LiveKit)', async () => {
		const { owner, member, slug, companyId, room, ownerCall } = await ownerInACall();
		const minted = await roomToken(member, slug, room.id);
		// The membership ends without the media server hearing of it (as with an external
		// LiveKit): only the webhook of the join can tell.
		const writable = new Database(server.dbPath);
		writable
			.prepare('delete from memberships where company_id = ? and user_id = ?')
			.run(companyId, member.id);
		writable.close();

		const client = await joinCall(minted);
		expect(
			await closedWithinASecond(client),
			'still in the call a second after joining'
		).not.toBeNull();
		expect(await identities(room.livekitName)).toEqual([owner.id]);
		ownerCall.close();
	});
	/**
	 * The team's company works at a commune's house under an agreement that started last month;
	 * the commune's admin (`officer`) can end it. Returns the company's room at the house.
	 */
	async function teamAtACommuneHouse() {
		const people = await team();
		const officer = await signUp(server.url, db, 'Odile Mairie');
		const writable = new Database(server.dbPath);
		const operatorId = newId();
		const houseId = newId();
		const agreementId = newId();
		const today = todayIn('Europe/Paris');
		const started = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
		const slug = `commune-${Date.now().toString(36)}`;
		writable.transaction(() => {
			writable
				.prepare('insert into operators (id, name, slug) values (?, ?, ?)')
				.run(operatorId, 'Commune de Salers', slug);
			writable
				.prepare("insert into operator_members (operator_id, user_id, role) values (?, ?, 'admin')")
				.run(operatorId, officer.id);
			writable
				.prepare(
					"insert into houses (id, name, commune, seats, time_zone, operator_id) values (?, 'Maison de la Halle', 'Salers', 8, 'Europe/Paris', ?)"
				)
				.run(houseId, operatorId);
			writable
				.prepare(
					'insert into agreements (id, operator_id, house_id, company_id, start_date) values (?, ?, ?, ?, ?)'
				)
				.run(agreementId, operatorId, houseId, people.companyId, started);
			writable
				.prepare(
					"insert into agreement_terms (id, agreement_id, valid_from, model, empty_month_rule) values (?, ?, ?, 'cost_share', 'split_equally')"
				)
				.run(newId(), agreementId, started);
			writable
				.prepare('insert into company_houses (company_id, house_id) values (?, ?)')
				.run(people.companyId, houseId);
		})();
		writable.close();
		// The rooms page opens the house's room.
		expect((await people.owner.client.get(`/${people.slug}/rooms`)).status).toBe(200);
		const room = db
			.select()
			.from(rooms)
			.where(and(eq(rooms.companyId, people.companyId), eq(rooms.houseId, houseId)))
			.get()!;
		const endAgreement = (endDate: string) =>
			officer.client.postForm(
				`/operators/${slug}/houses/${houseId}/agreements/${agreementId}?/end`,
				{ endDate, confirmed: 'yes' }
			);
		return { ...people, room, endAgreement, yesterday: addDays(today, -1) };
	}

	it('the call in a house’s room ends when the company’s agreement there does', async () => {
		const { owner, member, slug, room, endAgreement, yesterday } = await teamAtACommuneHouse();
		const ownerCall = await joinCall(await roomToken(owner, slug, room.id));
		const memberCall = await joinCall(await roomToken(member, slug, room.id));
		// A token minted before the end, for later.
		const minted = await roomToken(member, slug, room.id);
		expect((await identities(room.livekitName)).sort()).toEqual([member.id, owner.id].sort());

		const ended = await endAgreement(yesterday);
		expect(ended.status, await explain(ended)).toBe(200);
		expect(await closedWithinASecond(ownerCall), 'owner still in the call').not.toBeNull();
		expect(await closedWithinASecond(memberCall), 'member still in the call').not.toBeNull();

		// No new token, and the one minted before does not keep anyone in the room.
		const refused = await owner.client.request(`/${slug}/rooms/${room.id}/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: '{}'
		});
		expect(refused.status).toBe(404);
		const late = await joinCall(minted);
		expect(await closedWithinASecond(late), 'still in the closed room').not.toBeNull();
		expect(await identities(room.livekitName).catch(() => [])).toEqual([]);
	});
});
