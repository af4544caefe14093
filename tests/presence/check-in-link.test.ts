// The check-in link printed as a QR code, over real HTTP: opened by a signed-in member it sets
// today's place; opened from another site it only asks; strangers get 404; the printable page
// draws the code as SVG for managers only.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain } from '../helpers/client';
import { createHouse, join, signUp as signUpPerson } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { dayPlans, houses } from '../../src/lib/server/db/schema';
import { addDays, todayIn } from '../../src/lib/zoned-time';

let server: RunningServer;
let db: ServerDb;
let owner: HttpClient;
let ownerId: string;
let member: HttpClient;
let memberId: string;
let stranger: HttpClient;
let slug: string;
let houseId: string;

/** Someone signed up through the real form (helpers/people.ts): their client and id. */
async function signUp(name: string): Promise<[HttpClient, string]> {
	const person = await signUpPerson(server.url, db, name);
	return [person.client, person.id];
}

/**
 * A page's markup with what differs between any two responses taken out: the nonce, the path and
 * the moment the notification count was read.
 */
const comparable = (html: string, path: string) =>
	html
		.replace(/nonce="[^"]*"/g, 'nonce=""')
		.replace(/\bat:\d+/g, 'at:0')
		.replaceAll(path, '<path>');

const plansOf = (userId: string) =>
	db
		.select()
		.from(dayPlans)
		.where(and(eq(dayPlans.userId, userId), eq(dayPlans.houseId, houseId)))
		.all();

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	[owner, ownerId] = await signUp('owner');
	slug = await owner.createCompany('Check-in Link');
	houseId = await createHouse({ client: owner }, db, slug, 'Maison du Lac', {
		commune: 'Murat',
		seats: '4',
		monthlyCost: '100'
	});
	[member, memberId] = await signUp('member');
	await join({ client: owner }, slug, { client: member }, 'member');
	[stranger] = await signUp('stranger');
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('the check-in link', () => {
	it('asks for a click when opened from another site, and checks in on that click', async () => {
		const asked = await member.request(`/${slug}/check-in/${houseId}`, {
			headers: { 'sec-fetch-site': 'cross-site' }
		});
		expect(asked.status).toBe(200);
		expect(await asked.text()).toContain('Check in at Maison du Lac?');
		expect(plansOf(memberId)).toEqual([]);
		const confirmed = await member.postForm(`/${slug}/check-in/${houseId}`);
		expect(confirmed.status, await explain(confirmed)).toBe(200);
		expect(plansOf(memberId)).toMatchObject([{ kind: 'house', half: 'day' }]);
	});

	it('checks a signed-in member in when scanned (no referring site)', async () => {
		const opened = await owner.request(`/${slug}/check-in/${houseId}`, {
			headers: { 'sec-fetch-site': 'none' }
		});
		expect(opened.status).toBe(200);
		expect(await opened.text()).toContain('at Maison du Lac today');
		const [plan] = plansOf(ownerId);
		expect(plan.checkedInAt).not.toBeNull();
		expect(plan.date).toBe(
			new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date())
		);
	});

	it('opened again, changes nothing the person chose: a half-day stays a half-day', async () => {
		const [carla, carlaId] = await signUp('carla');
		await join({ client: owner }, slug, { client: carla }, 'member');
		const chosen = await carla.postForm(`/${slug}/check-in/${houseId}`, { half: 'pm' });
		expect(chosen.status, await explain(chosen)).toBe(200);
		const [before] = plansOf(carlaId);
		expect(before).toMatchObject({ half: 'pm', checkInMethod: 'click' });

		// Scanned again (a second scan, a reopened tab): still the afternoon, as it was.
		const again = await carla.request(`/${slug}/check-in/${houseId}`, {
			headers: { 'sec-fetch-site': 'none' }
		});
		expect(again.status).toBe(200);
		expect(await again.text()).toContain('at Maison du Lac this afternoon');
		expect(plansOf(carlaId)).toEqual([before]);
	});

	it('checked in at another house today, moves only the half of the day it is now', async () => {
		// Houses on a clock far from 13:00 (where the morning ends) and from midnight, so the
		// half of the day cannot change while the test runs.
		const hourIn = (timeZone: string) =>
			Number(
				new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(
					new Date()
				)
			);
		const timeZone = [
			'Europe/Paris',
			'Asia/Tokyo',
			'America/New_York',
			'Asia/Kolkata',
			'Australia/Sydney',
			'America/Los_Angeles'
		].find((zone) => {
			const hour = hourIn(zone);
			return (hour >= 3 && hour < 11) || (hour >= 15 && hour < 22);
		})!;
		const nowHalf = hourIn(timeZone) < 13 ? 'am' : 'pm';
		const otherHalf = nowHalf === 'am' ? 'pm' : 'am';
		const first = await createHouse({ client: owner }, db, slug, 'Maison du Matin', { timeZone });
		const second = await createHouse({ client: owner }, db, slug, 'Maison du Soir', { timeZone });
		const [dora, doraId] = await signUp('dora');
		await join({ client: owner }, slug, { client: dora }, 'member');
		const whole = await dora.postForm(`/${slug}/check-in/${first}`, { half: 'day' });
		expect(whole.status, await explain(whole)).toBe(200);

		const scanned = await dora.request(`/${slug}/check-in/${second}`, {
			headers: { 'sec-fetch-site': 'none' }
		});
		expect(scanned.status).toBe(200);
		const rows = db
			.select()
			.from(dayPlans)
			.where(eq(dayPlans.userId, doraId))
			.all()
			.map((row) => ({ houseId: row.houseId, half: row.half, checkedIn: !!row.checkedInAt }))
			.sort((a, b) => a.half.localeCompare(b.half));
		expect(rows).toEqual(
			[
				{ houseId: first, half: otherHalf, checkedIn: true },
				{ houseId: second, half: nowHalf, checkedIn: true }
			].sort((a, b) => a.half.localeCompare(b.half))
		);
	});

	it('sends signed-out people to log in and back, and answers 404 to strangers', async () => {
		const anonymous = await new HttpClient(server.url).get(`/${slug}/check-in/${houseId}`);
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toBe(
			`/login?next=${encodeURIComponent(`/${slug}/check-in/${houseId}`)}`
		);
		expect((await stranger.get(`/${slug}/check-in/${houseId}`)).status).toBe(404);
		expect((await member.get(`/${slug}/check-in/unknownhouse`)).status).toBe(404);
	});

	it('sends a member from the door’s address to their own house’s link; others get its 404', async () => {
		// /check-in/<house> serves operated houses; a company house's link is under the company.
		const door = `/check-in/${houseId}`;
		const plansBefore = plansOf(memberId);
		const opened = await member.get(door);
		expect(opened.status).toBe(303);
		expect(opened.headers.get('location')).toBe(`/${slug}/check-in/${houseId}`);
		// The redirect itself changes nothing: the company link checks in, as when scanned.
		expect(plansOf(memberId)).toEqual(plansBefore);

		// Anyone else sees exactly what a house that does not exist answers.
		const notFound = async (path: string) => {
			const response = await stranger.get(path);
			return { status: response.status, body: comparable(await response.text(), path) };
		};
		expect(await notFound(door)).toEqual(await notFound('/check-in/nosuchhouse0000'));
		expect((await notFound(door)).status).toBe(404);
		// Signed out, as before: log in first, and come back to the door's address.
		const anonymous = await new HttpClient(server.url).get(door);
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(door)}`);
	});

	it('sends no one on to an archived house from the door’s address', async () => {
		const archived = await createHouse({ client: owner }, db, slug, 'Maison Fermée');
		const done = await owner.postForm(`/${slug}/houses/${archived}?/archive`);
		expect(done.status, await explain(done)).toBe(200);
		expect((await member.get(`/check-in/${archived}`)).status).toBe(404);
	});

	it('prints the QR code as SVG for managers, not for members', async () => {
		const page = await owner.get(`/${slug}/check-in/${houseId}/qr`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('<svg');
		expect(html).toContain(`${server.url}/${slug}/check-in/${houseId}`);
		expect((await member.get(`/${slug}/check-in/${houseId}/qr`)).status).toBe(403);
		expect((await stranger.get(`/${slug}/check-in/${houseId}/qr`)).status).toBe(404);
	});

	it('serves the occupancy CSV to managers only', async () => {
		const csv = await owner.get(`/${slug}/report.csv?house=${houseId}`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		// Read as bytes: decoding as text drops the byte order mark Excel needs.
		const bytes = Buffer.from(await csv.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(bytes.subarray(3).toString('utf8')).toMatch(/^section,house,month,/);
		expect((await member.get(`/${slug}/report.csv?house=${houseId}`)).status).toBe(403);
		expect((await stranger.get(`/${slug}/report.csv?house=${houseId}`)).status).toBe(404);
		expect((await owner.get(`/${slug}/report.csv?house=${houseId}&month=2026-13`)).status).toBe(
			400
		);
	});

	it('answers 404 to strangers on every presence page and action, and changes nothing', async () => {
		for (const path of ['', '/plan', '/team', '/report', '/check-in', '/events']) {
			const response = await stranger.get(`/${slug}${path}`);
			expect(response.status, path).toBe(404);
		}
		const before = db.select().from(dayPlans).all().length;
		const actions: Array<[string, Record<string, string>]> = [
			['?/checkIn', { houseId }],
			['?/setStatus', { text: 'intruder', emoji: '' }],
			['?/clearStatus', {}],
			['/plan?/saveDay', { date: '2026-11-23', whole: 'home', note: '' }],
			['/plan?/clearDay', { date: '2026-11-23' }],
			['/plan?/savePattern', { from: '2026-11-23', day1: 'home' }]
		];
		for (const [action, fields] of actions) {
			const response = await stranger.postForm(`/${slug}${action}`, fields);
			expect(response.status, action).toBe(404);
		}
		expect(db.select().from(dayPlans).all().length).toBe(before);
	});

	it('refuses another company’s house in a member’s own forms', async () => {
		const strangerSlug = await stranger.createCompany('Elsewhere');
		const created = await stranger.postForm(`/${strangerSlug}/houses?/create`, {
			name: 'Maison Ailleurs',
			commune: 'Aurillac',
			address: '',
			seats: '2',
			timeZone: 'Europe/Paris',
			monthlyCost: '0'
		});
		expect(created.status).toBe(200);
		const foreign = db
			.select({ id: houses.id })
			.from(houses)
			.where(eq(houses.name, 'Maison Ailleurs'))
			.get()!.id;
		const checkIn = await member.postForm(`/${slug}?/checkIn`, { houseId: foreign });
		expect(checkIn.status).toBe(400);
		const plan = await member.postForm(`/${slug}/plan?/saveDay`, {
			// A day to come: a past day is refused before its place is read.
			date: addDays(todayIn('UTC'), 2),
			whole: `house:${foreign}`,
			note: ''
		});
		expect(plan.status).toBe(400);
		expect(await plan.text()).toContain('Choose one of the places in the list.');
		expect(db.select().from(dayPlans).where(eq(dayPlans.houseId, foreign)).all()).toEqual([]);
	});
});
