// Tenant isolation over real HTTP: people of company A must not see or change anything of
// company B, whatever URL or id they try. Every company page and action answers 404 to
// non-members (a company's existence never leaks), and the database shows B untouched.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import {
	createHouse as createHouseThroughPage,
	createInvitationToken as invite,
	signUp,
	type Person
} from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import {
	auditEvents,
	companies,
	companyHouses,
	houses,
	invitations,
	memberships,
	users
} from '../../src/lib/server/db/schema';

let server: RunningServer;
let db: ServerDb;

const person = (name: string): Promise<Person> => signUp(server.url, db, name);

const house = (name: string) => ({
	name,
	commune: 'Marvejols',
	address: '3 place du Barry',
	seats: '8',
	timeZone: 'Europe/Paris',
	monthlyCost: '1 250,50'
});

const createHouse = (owner: Person, slug: string, name: string): Promise<string> =>
	createHouseThroughPage(owner, db, slug, name, house(name));

/** Joins through /invite/<token>?/signup while signed out; returns the new person. */
async function joinBySignup(token: string, name: string, expectedSlug: string): Promise<Person> {
	const client = new HttpClient(server.url);
	const email = uniqueEmail(name.toLowerCase());
	const password = strongPassword(name.toLowerCase());
	const response = await client.postForm(`/invite/${token}?/signup`, { name, email, password });
	expect(response.status, await explain(response)).toBe(303);
	expect(response.headers.get('location')).toBe(`/${expectedSlug}`);
	const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
	return { client, id: row!.id, name, email, password };
}

function companyId(slug: string): string {
	return db.select({ id: companies.id }).from(companies).where(eq(companies.slug, slug)).get()!.id;
}

/** Everything of a company, as rows, to compare before and after. */
function snapshot(slug: string) {
	const company = db.select().from(companies).where(eq(companies.slug, slug)).get()!;
	const houseIds = db
		.select({ id: companyHouses.houseId })
		.from(companyHouses)
		.where(eq(companyHouses.companyId, company.id))
		.all()
		.map((row) => row.id);
	return {
		company,
		memberships: db
			.select()
			.from(memberships)
			.where(eq(memberships.companyId, company.id))
			.orderBy(memberships.userId)
			.all(),
		invitations: db
			.select()
			.from(invitations)
			.where(eq(invitations.companyId, company.id))
			.orderBy(invitations.id)
			.all(),
		companyHouses: db
			.select()
			.from(companyHouses)
			.where(eq(companyHouses.companyId, company.id))
			.orderBy(companyHouses.houseId)
			.all(),
		houses: db.select().from(houses).where(inArray(houses.id, houseIds)).orderBy(houses.id).all(),
		audit: db
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.companyId, company.id))
			.orderBy(auditEvents.id)
			.all()
	};
}

let ownerA: Person;
let ownerB: Person;
let memberA: Person;
let memberB: Person;
let slugA: string;
let slugB: string;
let houseA: string;
let houseB: string;
let archivedHouseB: string;
let invitationB: string;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);

	[ownerA, ownerB] = await Promise.all([person('Alice Owner'), person('Bruno Owner')]);
	slugA = await ownerA.client.createCompany('Atelier Alpha');
	slugB = await ownerB.client.createCompany('Bergerie Bravo');
	houseA = await createHouse(ownerA, slugA, 'Maison Alpha');
	houseB = await createHouse(ownerB, slugB, 'Maison Bravo');
	archivedHouseB = await createHouse(ownerB, slugB, 'Vieille Maison Bravo');
	const archived = await ownerB.client.postForm(`/${slugB}/houses/${archivedHouseB}?/archive`);
	expect(archived.status, await explain(archived)).toBe(200);

	// Each company gets a member through an invitation link, and keeps a pending invitation.
	const tokenA = await invite(ownerA, slugA, { role: 'member', uses: 'single' });
	const tokenB = await invite(ownerB, slugB, { role: 'member', uses: 'single' });
	await invite(ownerA, slugA, { role: 'manager', email: 'later@example.org', uses: 'single' });
	await invite(ownerB, slugB, { role: 'manager', email: 'later@example.org', uses: 'multi' });
	memberA = await joinBySignup(tokenA, 'Amandine', slugA);
	memberB = await joinBySignup(tokenB, 'Basile', slugB);
	const home = await memberB.client.postForm(`/${slugB}/houses?/setHome`, { houseId: houseB });
	expect(home.status, await explain(home)).toBe(200);

	invitationB = db
		.select({ id: invitations.id })
		.from(invitations)
		.where(and(eq(invitations.companyId, companyId(slugB)), eq(invitations.role, 'manager')))
		.get()!.id;
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('invitation links over HTTP', () => {
	it('lets a signed-out person sign up through the link and land in the company as a member', async () => {
		const membership = db
			.select()
			.from(memberships)
			.where(and(eq(memberships.companyId, companyId(slugA)), eq(memberships.userId, memberA.id)))
			.get();
		expect(membership?.role).toBe('member');
		const page = await memberA.client.get(`/${slugA}`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Atelier Alpha');
		const used = db
			.select({ uses: invitations.uses, maxUses: invitations.maxUses })
			.from(invitations)
			.where(and(eq(invitations.companyId, companyId(slugA)), eq(invitations.role, 'member')))
			.get();
		expect(used).toEqual({ uses: 1, maxUses: 1 });
	});

	it('refuses a used-up link to the next person, creating no account', async () => {
		const token = await invite(ownerA, slugA, { role: 'member', uses: 'single' });
		await joinBySignup(token, 'Premier', slugA);
		const late = new HttpClient(server.url);
		const email = uniqueEmail('second');
		const response = await late.postForm(`/invite/${token}?/signup`, {
			name: 'Second',
			email,
			password: strongPassword('second')
		});
		expect(response.status).toBe(410);
		expect(db.select().from(users).where(eq(users.email, email)).get()).toBeUndefined();
	});

	it('lets a signed-in person accept a link with the invited role', async () => {
		const token = await invite(ownerA, slugA, { role: 'manager', uses: 'multi' });
		const newcomer = await person('Nadia');
		const response = await newcomer.client.postForm(`/invite/${token}?/accept`);
		expect(response.status, await explain(response)).toBe(303);
		expect(response.headers.get('location')).toBe(`/${slugA}`);
		const role = db
			.select({ role: memberships.role })
			.from(memberships)
			.where(and(eq(memberships.companyId, companyId(slugA)), eq(memberships.userId, newcomer.id)))
			.get()?.role;
		expect(role).toBe('manager');
	});
});

describe('changing one’s password', () => {
	it('ends the other sessions: a second device’s cookie stops working', async () => {
		const phone = await person('Paulette');
		const laptop = new HttpClient(server.url);
		const login = await laptop.logIn(phone.email, phone.password);
		expect(login.status, await explain(login)).toBe(303);
		expect((await laptop.get('/profile')).status).toBe(200);

		const newPassword = 'une toute nouvelle phrase';
		const changed = await phone.client.postForm('/profile?/password', {
			currentPassword: phone.password,
			newPassword,
			confirmPassword: newPassword
		});
		expect(changed.status, await explain(changed)).toBe(200);

		const stale = await laptop.get('/profile');
		expect(stale.status).toBe(303);
		expect(stale.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/profile')}`);
		expect((await phone.client.get('/profile')).status).toBe(200);

		expect((await new HttpClient(server.url).logIn(phone.email, phone.password)).status).toBe(400);
		expect((await new HttpClient(server.url).logIn(phone.email, newPassword)).status).toBe(303);
	});

	it('refuses a wrong current password and keeps the other sessions', async () => {
		const someone = await person('Gaston');
		const other = new HttpClient(server.url);
		expect((await other.logIn(someone.email, someone.password)).status).toBe(303);
		const refused = await someone.client.postForm('/profile?/password', {
			currentPassword: 'not my password at all',
			newPassword: 'une toute nouvelle phrase',
			confirmPassword: 'une toute nouvelle phrase'
		});
		expect(refused.status).toBe(400);
		expect((await other.get('/profile')).status).toBe(200);
	});
});

describe('isolation between companies', () => {
	it('sets up two companies the way the pages do', () => {
		const b = snapshot(slugB);
		expect(b.memberships.map((m) => m.userId).sort()).toEqual([ownerB.id, memberB.id].sort());
		expect(b.houses.map((h) => h.id).sort()).toEqual([houseB, archivedHouseB].sort());
		expect(b.invitations).toHaveLength(2);
		expect(b.memberships.find((m) => m.userId === memberB.id)?.homeHouseId).toBe(houseB);
	});

	const pages = () => [
		`/${slugB}`,
		`/${slugB}/members`,
		`/${slugB}/houses`,
		`/${slugB}/houses/${houseB}`,
		`/${slugB}/houses/${archivedHouseB}`,
		`/${slugB}/invitations`,
		`/${slugB}/audit`,
		// B's house through A's own address.
		`/${slugA}/houses/${houseB}`
	];

	const actions = (attacker: Person): Array<[string, Record<string, string>]> => [
		[`/${slugB}/members?/changeRole`, { userId: memberB.id, role: 'owner' }],
		[`/${slugB}/members?/changeRole`, { userId: attacker.id, role: 'owner' }],
		[`/${slugB}/members?/changeRole`, { userId: ownerB.id, role: 'member' }],
		[`/${slugB}/members?/remove`, { userId: memberB.id }],
		[`/${slugB}/members?/remove`, { userId: ownerB.id }],
		[`/${slugB}/members?/leave`, {}],
		[
			`/${slugB}/invitations?/create`,
			{ role: 'owner', email: '', expiresInDays: '7', uses: 'multi' }
		],
		[
			`/${slugB}/invitations?/create`,
			{ role: 'member', email: attacker.email, expiresInDays: '7', uses: 'single' }
		],
		[`/${slugB}/invitations?/revoke`, { id: invitationB }],
		[`/${slugB}/houses?/create`, house('Maison Pirate')],
		[`/${slugB}/houses?/setHome`, { houseId: houseB }],
		[`/${slugB}/houses/${houseB}?/update`, house('Maison Pirate')],
		[`/${slugB}/houses/${houseB}?/archive`, {}],
		[`/${slugB}/houses/${archivedHouseB}?/unarchive`, {}]
	];

	/** B's house ids through A's own addresses, where the attacker is a member. */
	const viaA = (houseId: string): Array<[string, Record<string, string>]> => [
		[`/${slugA}/houses/${houseId}?/update`, house('Maison Pirate')],
		[`/${slugA}/houses/${houseId}?/archive`, {}],
		[`/${slugA}/houses/${houseId}?/unarchive`, {}]
	];

	/** Requests of B's pages must look exactly like those of a company that does not exist. */
	async function expectNotFound(response: Response, what: string) {
		const html = await response.text();
		expect(response.status, `${what}: ${html.slice(0, 200)}`).toBe(404);
		expect(html, what).toContain('Page not found');
		for (const secret of [
			'Bergerie Bravo',
			'Maison Bravo',
			'Basile',
			ownerB.email,
			memberB.email
		]) {
			expect(html, `${what} leaks "${secret}"`).not.toContain(secret);
		}
	}

	for (const who of ['member', 'owner'] as const) {
		it(`answers 404 to every page of B for A's ${who}`, async () => {
			const attacker = who === 'member' ? memberA : ownerA;
			for (const path of pages())
				await expectNotFound(await attacker.client.get(path), `GET ${path}`);
		});

		it(`answers 404 to every action of B for A's ${who} and changes nothing`, async () => {
			const attacker = who === 'member' ? memberA : ownerA;
			const before = snapshot(slugB);
			const housesBefore = db.select().from(houses).all().length;
			for (const [path, fields] of actions(attacker)) {
				await expectNotFound(await attacker.client.postForm(path, fields), `POST ${path}`);
			}
			// Through A's addresses the attacker's own role decides first (a member gets 403 for
			// any house): B's house ids must get exactly the answer a made-up id gets.
			const madeUp = viaA('aaaaaaaaaaaaaaaaaaaaaaaa');
			for (const houseId of [houseB, archivedHouseB]) {
				for (const [index, [path, fields]] of viaA(houseId).entries()) {
					const response = await attacker.client.postForm(path, fields);
					const reference = await attacker.client.postForm(...madeUp[index]);
					expect([403, 404], `POST ${path}`).toContain(response.status);
					expect(response.status, `POST ${path}`).toBe(reference.status);
					const html = await response.text();
					expect(html).not.toContain('Maison Bravo');
					expect(html).not.toContain('Bergerie Bravo');
				}
			}
			expect(snapshot(slugB)).toEqual(before);
			expect(db.select().from(houses).all()).toHaveLength(housesBefore);
			expect(
				db.select().from(memberships).where(eq(memberships.userId, attacker.id)).all()
			).toEqual([expect.objectContaining({ companyId: companyId(slugA) })]);
		});
	}

	it("refuses B's ids in A's own forms without touching B", async () => {
		const before = snapshot(slugB);
		const homeBefore = db
			.select({ home: memberships.homeHouseId })
			.from(memberships)
			.where(and(eq(memberships.companyId, companyId(slugA)), eq(memberships.userId, ownerA.id)))
			.get();

		const setHome = await ownerA.client.postForm(`/${slugA}/houses?/setHome`, { houseId: houseB });
		expect(setHome.status).toBe(400);
		const revoke = await ownerA.client.postForm(`/${slugA}/invitations?/revoke`, {
			id: invitationB
		});
		expect(revoke.status).toBe(404);
		const changeRole = await ownerA.client.postForm(`/${slugA}/members?/changeRole`, {
			userId: memberB.id,
			role: 'manager'
		});
		expect(changeRole.status).toBe(404);
		const remove = await ownerA.client.postForm(`/${slugA}/members?/remove`, {
			confirmed: 'yes',
			userId: ownerB.id
		});
		expect(remove.status).toBe(404);

		expect(snapshot(slugB)).toEqual(before);
		expect(
			db
				.select({ home: memberships.homeHouseId })
				.from(memberships)
				.where(and(eq(memberships.companyId, companyId(slugA)), eq(memberships.userId, ownerA.id)))
				.get()
		).toEqual(homeBefore);
	});

	it("never lists B's houses or people on A's pages", async () => {
		for (const path of [`/${slugA}`, `/${slugA}/houses`, `/${slugA}/members`, `/${slugA}/audit`]) {
			const response = await ownerA.client.get(path);
			const html = await response.text();
			expect(response.status, path).toBe(200);
			expect(html).toContain('Atelier Alpha');
			for (const secret of ['Bergerie Bravo', 'Maison Bravo', 'Basile', memberB.email]) {
				expect(html, `${path} leaks "${secret}"`).not.toContain(secret);
			}
		}
		// A's own house is there, so the check above is not vacuous.
		expect(await (await ownerA.client.get(`/${slugA}/houses`)).text()).toContain('Maison Alpha');
		expect((await ownerA.client.get(`/${slugA}/houses/${houseA}`)).status).toBe(200);
	});

	// Runs last: it changes B. It proves that the pages and actions refused above exist and work
	// for B's own people, so those 404s cannot come from a missing route or action.
	it("serves the same pages and actions to B's own people", async () => {
		for (const path of pages().filter((p) => p.startsWith(`/${slugB}`))) {
			const response = await ownerB.client.get(path);
			expect(response.status, path).toBe(200);
		}
		const done = async (path: string, fields: Record<string, string> = {}, by = ownerB) => {
			const response = await by.client.postForm(path, fields);
			expect(response.status, `${path}: ${await explain(response)}`).toBe(200);
		};
		await done(`/${slugB}/members?/changeRole`, { userId: memberB.id, role: 'manager' });
		await done(`/${slugB}/invitations?/revoke`, { id: invitationB });
		const ownerToken = await invite(ownerB, slugB, { role: 'owner', uses: 'multi' });
		const coOwner = await joinBySignup(ownerToken, 'Berthe', slugB);
		await done(`/${slugB}/members?/remove`, { userId: coOwner.id, confirmed: 'yes' });
		await done(`/${slugB}/houses?/create`, house('Maison Bravo Deux'));
		await done(`/${slugB}/houses/${houseB}?/update`, house('Maison Bravo Renommée'));
		await done(`/${slugB}/houses/${houseB}?/archive`);
		await done(`/${slugB}/houses/${archivedHouseB}?/unarchive`);
		await done(`/${slugB}/houses?/setHome`, { houseId: archivedHouseB }, memberB);

		const b = snapshot(slugB);
		expect(b.memberships.find((m) => m.userId === memberB.id)).toMatchObject({
			role: 'manager',
			homeHouseId: archivedHouseB
		});
		expect(b.invitations.find((i) => i.id === invitationB)?.revokedAt).toBeInstanceOf(Date);
		expect(b.invitations.filter((i) => i.role === 'owner')).toHaveLength(1);
		expect(b.houses.find((h) => h.id === houseB)).toMatchObject({
			name: 'Maison Bravo Renommée',
			monthlyCostCents: 125_050
		});
		expect(b.houses.find((h) => h.id === houseB)?.archivedAt).toBeInstanceOf(Date);
		expect(b.houses.find((h) => h.id === archivedHouseB)?.archivedAt).toBeNull();
		expect(b.houses).toHaveLength(3);

		const leave = await memberB.client.postForm(`/${slugB}/members?/leave`, { confirmed: 'yes' });
		expect(leave.status, await explain(leave)).toBe(303);
		expect(snapshot(slugB).memberships.map((m) => m.userId)).toEqual([ownerB.id]);
	});

	it('answers a signed-out visitor of B with a log-in redirect, not its content', async () => {
		const response = await new HttpClient(server.url).get(`/${slugB}/members`);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(
			`/login?next=${encodeURIComponent(`/${slugB}/members`)}`
		);
	});
});
