// The live-events channel over real HTTP against the built server: who may open it, that no event
// of another company ever reaches a client, and catching up after a disconnect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import {
	createHouse as createHouseThroughPage,
	join as joinCompany,
	signUp,
	type Person
} from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import type { LiveEvent } from '../../src/lib/live-events';
import { SseClient } from './sse-client';

let server: RunningServer;
let db: ServerDb;

const person = (name: string): Promise<Person> => signUp(server.url, db, name);

/** A member joining `slug` through an invitation link made by `owner`. */
async function join(owner: Person, slug: string, name: string): Promise<Person> {
	const guest = await person(name);
	await joinCompany(owner, slug, guest, 'member');
	return guest;
}

const createHouse = (owner: Person, slug: string, name: string): Promise<string> =>
	createHouseThroughPage(owner, db, slug, name, {
		commune: 'Murat',
		seats: '4',
		monthlyCost: '400'
	});

function stream(who: Person, slug: string, headers: Record<string, string> = {}) {
	return SseClient.open(`${server.url}/${slug}/events`, {
		cookie: who.client.cookieHeader(),
		...headers
	});
}

async function setStatus(who: Person, slug: string, text: string) {
	const response = await who.client.postForm(`/${slug}?/setStatus`, { text, emoji: '🌿' });
	expect(response.status, await explain(response)).toBe(200);
}

const statusOf = (userId: string, text: string) => (event: LiveEvent) =>
	event.type === 'person' && event.person.userId === userId && event.person.status?.text === text;

let ana: Person;
let bob: Person;
let eve: Person;
let atelier: string;
let voisins: string;
const open: SseClient[] = [];

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	ana = await person('Ana');
	atelier = await ana.client.createCompany('Atelier Live');
	bob = await join(ana, atelier, 'Bob');
	eve = await person('Eve');
	voisins = await eve.client.createCompany('Voisins Live');
});

afterAll(async () => {
	await Promise.all(open.map((client) => client.close()));
	db?.$client.close();
	await server?.stop();
});

async function track(client: Promise<SseClient>): Promise<SseClient> {
	const opened = await client;
	open.push(opened);
	return opened;
}

describe('who may open the live-events stream', () => {
	it('answers 401 without a session, 404 to a non-member and for an unknown company', async () => {
		const anonymous = await track(SseClient.open(`${server.url}/${atelier}/events`));
		expect(anonymous.status).toBe(401);
		const foreign = await track(stream(eve, atelier));
		expect(foreign.status).toBe(404);
		const unknown = await track(stream(ana, 'no-such-company'));
		expect(unknown.status).toBe(404);
		const member = await track(stream(bob, atelier));
		expect(member.status).toBe(200);
	});

	it('answers `?check` with the same statuses, and 204 with no stream to a member', async () => {
		const check = (cookie?: string) =>
			fetch(`${server.url}/${atelier}/events?check`, { headers: cookie ? { cookie } : {} });
		expect((await check()).status).toBe(401);
		expect((await check(eve.client.cookieHeader())).status).toBe(404);
		const member = await check(bob.client.cookieHeader());
		expect(member.status).toBe(204);
		expect(await member.text()).toBe('');
	});
});

describe('isolation between companies', () => {
	it('never delivers an event of another company', async () => {
		const anaStream = await track(stream(ana, atelier));
		const eveStream = await track(stream(eve, voisins));
		// Eve's change first, then Ana's: once Ana's own event arrived, Eve's would have too.
		await setStatus(eve, voisins, 'Eve secret');
		await eveStream.waitForEvent(statusOf(eve.id, 'Eve secret'));
		const houseId = await createHouse(eve, voisins, 'Maison Eve');
		const checkIn = await eve.client.postForm(`/${voisins}?/checkIn`, { houseId });
		expect(checkIn.status, await explain(checkIn)).toBe(200);
		await setStatus(ana, atelier, 'Ana public');
		await anaStream.waitForEvent(statusOf(ana.id, 'Ana public'));
		const leaked = anaStream
			.events()
			.filter(
				(event) =>
					(event.type === 'person'
						? event.person.userId
						: 'userId' in event
							? event.userId
							: null) === eve.id
			);
		expect(leaked).toEqual([]);
		expect(JSON.stringify(anaStream.frames)).not.toContain('Eve secret');
		expect(JSON.stringify(anaStream.frames)).not.toContain(houseId);
		// And the other way round.
		expect(JSON.stringify(eveStream.frames)).not.toContain('Ana public');
	});

	it('tells the company who comes online', async () => {
		const cleo = await join(ana, atelier, 'Cleo');
		const anaStream = await track(stream(ana, atelier));
		const cleoStream = await track(stream(cleo, atelier));
		expect(cleoStream.status).toBe(200);
		const event = await anaStream.waitForEvent(
			(e) => e.type === 'online' && e.userId === cleo.id && e.online
		);
		expect(event).toEqual({ type: 'online', userId: cleo.id, online: true });
	});
});

describe('the stream ends with the right to it', () => {
	// The stream re-checks the session and the membership every 20 s; these must not wait for that
	// (the test would time out at 20 s).
	it('ends at once for a member who is removed', async () => {
		const dan = await join(ana, atelier, 'Dan');
		const danStream = await track(stream(dan, atelier));
		const anaStream = await track(stream(ana, atelier));
		expect(danStream.status).toBe(200);
		const removed = await ana.client.postForm(`/${atelier}/members?/remove`, {
			confirmed: 'yes',
			userId: dan.id
		});
		expect(removed.status, await explain(removed)).toBe(200);
		await danStream.ended();
		// Told why, last, so that the page does not try again.
		expect(danStream.frames.at(-1)).toEqual({
			id: null,
			event: 'ended',
			data: '{"reason":"access"}'
		});
		// Ana's stream goes on, and her board is told the company changed.
		await anaStream.waitForEvent((e) => e.type === 'company');
		const again = await track(stream(dan, atelier));
		expect(again.status).toBe(404);
	});

	it('ends at once when its session is logged out, and only that one', async () => {
		const fay = await join(ana, atelier, 'Fay');
		const fayStream = await track(stream(fay, atelier));
		const anaStream = await track(stream(ana, atelier));
		expect(fayStream.status).toBe(200);
		const loggedOut = await fay.client.postForm('/logout');
		expect(loggedOut.status, await explain(loggedOut)).toBe(303);
		await fayStream.ended();
		expect(fayStream.frames.at(-1)).toEqual({
			id: null,
			event: 'ended',
			data: '{"reason":"session"}'
		});
		await setStatus(ana, atelier, 'Ana still here');
		await anaStream.waitForEvent(statusOf(ana.id, 'Ana still here'));
	});
});

describe('catching up after a disconnect', () => {
	it('replays what was missed after Last-Event-ID, then goes on live', async () => {
		const first = await track(stream(ana, atelier));
		await setStatus(bob, atelier, 'before the tunnel');
		await first.waitForEvent(statusOf(bob.id, 'before the tunnel'));
		const lastId = first.lastId();
		expect(lastId).not.toBeNull();
		await first.close();

		await setStatus(bob, atelier, 'in the tunnel');
		await setStatus(bob, atelier, 'out of the tunnel');

		const again = await track(stream(ana, atelier, { 'last-event-id': lastId! }));
		await again.waitForEvent(statusOf(bob.id, 'out of the tunnel'));
		const texts = again
			.events()
			.flatMap((e) =>
				e.type === 'person' && e.person.userId === bob.id ? [e.person.status?.text] : []
			);
		expect(texts).toEqual(['in the tunnel', 'out of the tunnel']);
		expect(again.frames.some((f) => f.event === 'reload')).toBe(false);

		await setStatus(bob, atelier, 'back');
		await again.waitForEvent(statusOf(bob.id, 'back'));
	});

	it('accepts the id in the query too (a fresh EventSource after an error)', async () => {
		const first = await track(stream(ana, atelier));
		await setStatus(bob, atelier, 'query one');
		await first.waitForEvent(statusOf(bob.id, 'query one'));
		const lastId = first.lastId()!;
		await first.close();
		await setStatus(bob, atelier, 'query two');
		const again = await track(
			SseClient.open(`${server.url}/${atelier}/events?after=${encodeURIComponent(lastId)}`, {
				cookie: ana.client.cookieHeader()
			})
		);
		await again.waitForEvent(statusOf(bob.id, 'query two'));
		expect(again.events().some(statusOf(bob.id, 'query one'))).toBe(false);
	});

	it('tells a client from before a restart (unknown id) to reload its data', async () => {
		const client = await track(stream(ana, atelier, { 'last-event-id': 'oldepoch-12' }));
		const reload = await client.waitFor((f) => f.event === 'reload');
		expect(reload.id).toMatch(/^[a-z0-9]+-\d+$/);
	});
});
