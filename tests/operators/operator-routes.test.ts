// The operator's space over real HTTP (run `npx vite build` first): who may open which page and
// use which action. Non-members get 404 on every operator route and action (an operator's
// existence never leaks); staff get 403 on admins' pages and actions; a removed member gets 404
// on the very next request, and their live stream ends at once; a house of another operator is
// 404 under this one's URL.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import {
	houses,
	operatorAuditEvents,
	operatorMembers,
	operators,
	users
} from '../../src/lib/server/db/schema';
import { SseClient } from '../presence/sse-client';

let server: RunningServer;
let db: ServerDb;

type Person = { client: HttpClient; id: string; name: string };

async function person(name: string): Promise<Person> {
	const client = new HttpClient(server.url);
	const email = uniqueEmail(name.toLowerCase());
	await client.signUp(name, email, strongPassword(name.toLowerCase()));
	const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
	return { client, id: row!.id, name };
}

async function createOperator(admin: Person, name: string): Promise<string> {
	const response = await admin.client.postForm('/operators/new', { name });
	expect(response.status, await explain(response)).toBe(303);
	const location = response.headers.get('location') ?? '';
	expect(location).toMatch(/^\/operators\/[a-z0-9-]+$/);
	return location.slice('/operators/'.length);
}

function houseForm(name: string, overrides: Record<string, string> = {}) {
	return new URLSearchParams({
		name,
		commune: 'Murat',
		address: '2 place de la Mairie',
		seats: '12',
		timeZone: 'Europe/Paris',
		opensAt: '08:30',
		closesAt: '18:00',
		listed: 'on',
		...overrides
	});
}

/** POSTs a house form; opening days go as one field per checked day, as a browser sends them. */
async function postHouse(client: HttpClient, path: string, form: URLSearchParams, days: number[]) {
	for (const day of days) form.append('openingDays', String(day));
	return client.request(path, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: client.baseUrl },
		body: form.toString()
	});
}

let admin: Person;
let staff: Person;
let stranger: Person;
let otherAdmin: Person;
let slug: string;
let otherSlug: string;
let houseId: string;
let otherHouseId: string;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	admin = await person('Officer');
	staff = await person('Accueil');
	stranger = await person('Stranger');
	otherAdmin = await person('Neighbour');
	slug = await createOperator(admin, 'Commune de Murat');
	otherSlug = await createOperator(otherAdmin, 'Commune d’Allanche');

	const created = await postHouse(
		admin.client,
		`/operators/${slug}/houses?/create`,
		houseForm('Maison de Murat'),
		[1, 2, 4]
	);
	expect(created.status, await explain(created)).toBe(200);
	houseId = db.select().from(houses).where(eq(houses.name, 'Maison de Murat')).get()!.id;
	await postHouse(
		otherAdmin.client,
		`/operators/${otherSlug}/houses?/create`,
		houseForm('Maison d’Allanche'),
		[1]
	);
	otherHouseId = db.select().from(houses).where(eq(houses.name, 'Maison d’Allanche')).get()!.id;

	// Staff join through an invitation link, as people do.
	const invitation = await admin.client.postForm(`/operators/${slug}/invitations?/create`, {
		role: 'staff',
		email: '',
		expiresInDays: '7',
		uses: 'single'
	});
	const html = await invitation.text();
	expect(invitation.status, html.slice(0, 300)).toBe(200);
	const token = /\/operators\/invite\/([a-z0-9]+)/.exec(html)?.[1];
	expect(token).toBeDefined();
	expect((await staff.client.get(`/operators/invite/${token}`)).status).toBe(200);
	const accepted = await staff.client.postForm(`/operators/invite/${token}?/accept`);
	expect(accepted.status, await explain(accepted)).toBe(303);
	expect(accepted.headers.get('location')).toBe(`/operators/${slug}`);
	// Single use: a second person cannot use it.
	const late = await stranger.client.postForm(`/operators/invite/${token}?/accept`);
	expect(late.status).toBe(410);
	// The links' own error pages, not the site's "page not found": what is wrong with the link.
	const used = await stranger.client.get(`/operators/invite/${token}`);
	expect(used.status).toBe(410);
	expect(await used.text()).toContain('Invitation no longer valid');
	const unknown = await stranger.client.get('/operators/invite/nosuchinvitationtoken');
	expect(unknown.status).toBe(404);
	expect(await unknown.text()).toContain('Invitation not found');
}, 120_000);

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

const pages = () => ['', '/houses', `/houses/${houseId}`, '/members', '/invitations', '/audit'];
const actions = () => [
	'/houses?/create',
	`/houses/${houseId}?/update`,
	`/houses/${houseId}?/archive`,
	`/houses/${houseId}?/unarchive`,
	'/members?/changeRole',
	'/members?/remove',
	'/members?/leave',
	'/invitations?/create',
	'/invitations?/revoke'
];

describe('an operator’s space', () => {
	it('lists the operator in its admin’s switcher and sends someone who only runs houses there', async () => {
		const home = await admin.client.get('/');
		expect(home.status).toBe(303);
		expect(home.headers.get('location')).toBe(`/operators/${slug}`);
		const companies = await admin.client.get('/companies');
		expect(await companies.text()).toContain(`href="/operators/${slug}"`);
	});

	it('shows the network and the house to its members', async () => {
		for (const who of [admin, staff]) {
			const network = await who.client.get(`/operators/${slug}`);
			expect(network.status).toBe(200);
			expect(await network.text()).toContain('Maison de Murat');
			const house = await who.client.get(`/operators/${slug}/houses/${houseId}`);
			expect(house.status).toBe(200);
			const body = await house.text();
			expect(body).toContain(`/operators/${slug}/houses/${houseId}/costs`);
			expect(body).toContain(`/operators/${slug}/houses/${houseId}/desk`);
		}
		const stored = db.select().from(houses).where(eq(houses.id, houseId)).get()!;
		expect(stored).toMatchObject({
			operatorId: db.select().from(operators).where(eq(operators.slug, slug)).get()!.id,
			openingDays: [1, 2, 4],
			opensAt: '08:30',
			closesAt: '18:00',
			listed: true
		});
	});

	it('shows its admin the members, invitations and the audit log of what was done', async () => {
		const members = await admin.client.get(`/operators/${slug}/members`);
		expect(members.status).toBe(200);
		expect(await members.text()).toContain('Accueil');
		expect((await admin.client.get(`/operators/${slug}/invitations`)).status).toBe(200);
		const audit = await admin.client.get(`/operators/${slug}/audit`);
		expect(audit.status).toBe(200);
		const log = await audit.text();
		expect(log).toContain('Created the operator Commune de Murat');
		expect(log).toContain('Added the house Maison de Murat');
		expect(log).toContain('Joined as Staff');
	});

	it('answers 404 to non-members on every page and every action', async () => {
		for (const path of pages()) {
			const response = await stranger.client.get(`/operators/${slug}${path}`);
			expect(response.status, path).toBe(404);
			expect(await response.text()).not.toContain('Maison de Murat');
		}
		for (const path of actions()) {
			const response = await stranger.client.postForm(`/operators/${slug}${path}`, {
				userId: admin.id,
				role: 'staff',
				id: 'x',
				...Object.fromEntries(houseForm('Pirate'))
			});
			expect(response.status, path).toBe(404);
		}
		expect(db.select().from(houses).where(eq(houses.name, 'Pirate')).get()).toBeUndefined();
		// Signed out: sent to log in, never shown anything.
		const anonymous = new HttpClient(server.url);
		expect((await anonymous.get(`/operators/${slug}`)).status).toBe(303);
		// The live stream: 404 to a non-member, 401 signed out (an EventSource cannot log in).
		const events = `${server.url}/operators/${slug}/events`;
		const foreign = await SseClient.open(events, { cookie: stranger.client.cookieHeader() });
		expect(foreign.status).toBe(404);
		expect((await SseClient.open(events)).status).toBe(401);
	});

	it('keeps admins’ pages and actions from staff (403)', async () => {
		for (const path of ['/invitations', '/audit']) {
			const response = await staff.client.get(`/operators/${slug}${path}`);
			expect(response.status, path).toBe(403);
			// The operator's wording: an operator is not a company.
			const text = await response.text();
			expect(text, path).toContain('Your role at this operator does not allow this');
			expect(text, path).not.toContain('this company');
		}
		for (const path of actions().filter((p) => !p.endsWith('/leave'))) {
			const response = await staff.client.postForm(`/operators/${slug}${path}`, {
				userId: admin.id,
				role: 'staff',
				id: 'x',
				...Object.fromEntries(houseForm('By staff'))
			});
			expect(response.status, path).toBe(403);
		}
		expect(db.select().from(houses).where(eq(houses.name, 'By staff')).get()).toBeUndefined();
		const nav = await (await staff.client.get(`/operators/${slug}`)).text();
		expect(nav).not.toContain(`/operators/${slug}/audit`);
	});

	it('never reaches another operator’s house through its own URL', async () => {
		expect((await admin.client.get(`/operators/${slug}/houses/${otherHouseId}`)).status).toBe(404);
		const response = await postHouse(
			admin.client,
			`/operators/${slug}/houses/${otherHouseId}?/update`,
			houseForm('Taken over'),
			[1]
		);
		expect(response.status).toBe(404);
		expect(db.select().from(houses).where(eq(houses.id, otherHouseId)).get()!.name).toBe(
			'Maison d’Allanche'
		);
	});

	it('refuses an invalid house with the error beside the field', async () => {
		const cases: Array<[Record<string, string>, number[], string]> = [
			[{ seats: '0' }, [1], 'seats'],
			[{}, [], 'openingDays'],
			[{ opensAt: '19:00', closesAt: '08:00' }, [1], 'closesAt'],
			[{ opensAt: '8h' }, [1], 'opensAt'],
			[{ timeZone: 'Mars/Olympus' }, [1], 'timeZone'],
			[{ name: '' }, [1], 'name']
		];
		for (const [overrides, days, field] of cases) {
			const response = await postHouse(
				admin.client,
				`/operators/${slug}/houses?/create`,
				houseForm('Invalid', overrides),
				days
			);
			expect(response.status, field).toBe(400);
			const html = await response.text();
			expect(html, field).toMatch(new RegExp(`id="new-house-${field}-error"`));
		}
		expect(db.select().from(houses).where(eq(houses.name, 'Invalid')).get()).toBeUndefined();
	});

	it('says a role saved unchanged is already held, and records nothing', async () => {
		const audited = () => db.select().from(operatorAuditEvents).all().length;
		const before = audited();
		const same = await admin.client.postForm(`/operators/${slug}/members?/changeRole`, {
			userId: admin.id,
			role: 'admin'
		});
		expect(same.status, await explain(same)).toBe(200);
		const html = await same.text();
		expect(html).toContain('Officer is already an admin.');
		expect(html).not.toContain('Role updated.');
		expect(audited()).toBe(before);
	});

	it('keeps the last admin and ends a removed member’s access at once', async () => {
		const demote = await admin.client.postForm(`/operators/${slug}/members?/changeRole`, {
			userId: admin.id,
			role: 'staff'
		});
		expect(demote.status).toBe(400);
		const leave = await admin.client.postForm(`/operators/${slug}/members?/leave`, {
			confirmed: 'yes'
		});
		expect(leave.status).toBe(400);

		// Staff with the operator's pages open: their live stream ends with the removal.
		const staffStream = await SseClient.open(`${server.url}/operators/${slug}/events`, {
			cookie: staff.client.cookieHeader()
		});
		expect(staffStream.status).toBe(200);
		const removed = await admin.client.postForm(`/operators/${slug}/members?/remove`, {
			confirmed: 'yes',
			userId: staff.id
		});
		expect(removed.status, await explain(removed)).toBe(200);
		await staffStream.ended();
		expect(
			db.select().from(operatorMembers).where(eq(operatorMembers.userId, staff.id)).all()
		).toEqual([]);
		expect((await staff.client.get(`/operators/${slug}`)).status).toBe(404);
	});

	it('stores the house-directory choice from the profile', async () => {
		const listed = () =>
			db.select().from(users).where(eq(users.id, stranger.id)).get()!.houseDirectory;
		expect(listed()).toBe(false);
		await stranger.client.postForm('/profile?/houseDirectory', { houseDirectory: 'on' });
		expect(listed()).toBe(true);
		await stranger.client.postForm('/profile?/houseDirectory', {});
		expect(listed()).toBe(false);
	});
});
