// The agreement pages over real HTTP: who may open and act on each (non-members of the operator
// get 404 everywhere, staff read but do not act, only a company's owner or manager accepts), and
// what each side sees (a company never sees another company).
import Database from 'better-sqlite3';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import {
	agreements,
	houseInvitations,
	houseJoinRequests,
	houses as housesTable,
	users
} from '../../src/lib/server/db/schema';

let server: RunningServer;
let db: ServerDb;

type Person = { client: HttpClient; id: string; name: string };

async function person(name: string): Promise<Person> {
	const client = new HttpClient(server.url);
	const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '-'));
	await client.signUp(name, email, strongPassword('agree'));
	const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
	return { client, id: row!.id, name };
}

/** The operator and its house, written straight into the server's database (the operator's
 * own pages are another part of the app): `admin` and `staff` are its members. */
function seedOperator(admin: Person, staff: Person) {
	const sqlite = new Database(server.dbPath);
	sqlite.pragma('busy_timeout = 5000');
	const now = Math.floor(Date.now() / 1000);
	sqlite
		.prepare('insert into operators (id, name, slug, created_at) values (?, ?, ?, ?)')
		.run('op1', 'Commune de Murat', 'commune-de-murat', now);
	const member = sqlite.prepare(
		'insert into operator_members (operator_id, user_id, role, created_at) values (?, ?, ?, ?)'
	);
	member.run('op1', admin.id, 'admin', now);
	member.run('op1', staff.id, 'staff', now);
	sqlite
		.prepare(
			`insert into houses (id, name, commune, address, seats, time_zone, operator_id, listed, created_at)
			 values (?, ?, ?, ?, ?, ?, ?, 1, ?)`
		)
		.run(
			'house1',
			'Maison du Lavoir',
			'Murat',
			'1 place du Lavoir',
			12,
			'Europe/Paris',
			'op1',
			now
		);
	sqlite.close();
}

const base = '/operators/commune-de-murat/houses/house1';
const terms = {
	model: 'cost_share',
	monthlyCap: '300',
	reservedSeats: '2',
	emptyMonthRule: 'split_equally'
};

let admin: Person;
let staff: Person;
let outsider: Person;
let ownerA: Person;
let memberA: Person;
let ownerB: Person;
let slugA: string;
let slugB: string;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	admin = await person('Adèle Mairie');
	staff = await person('Sam Accueil');
	outsider = await person('Olga Ailleurs');
	ownerA = await person('Anne Scierie');
	memberA = await person('Marc Scierie');
	ownerB = await person('Bruno Conseil');
	seedOperator(admin, staff);
	slugA = await ownerA.client.createCompany('Scierie Alpha');
	slugB = await ownerB.client.createCompany('Bravo Conseil');
	// memberA joins company A as a plain member through a real invitation.
	const invited = await ownerA.client.postForm(`/${slugA}/invitations?/create`, {
		role: 'member',
		email: '',
		uses: 'single',
		expiresInDays: '7'
	});
	const token = /\/invite\/([a-z0-9]+)/.exec(await invited.text())?.[1];
	expect(token, 'invitation link on the page').toBeDefined();
	const joined = await memberA.client.postForm(`/invite/${token}?/accept`);
	expect(joined.status, await explain(joined)).toBe(303);
}, 90_000);

afterAll(async () => {
	await server?.stop();
});

/** Closes a month at the house straight in the server's database (the statement's figures: 0). */
function closeMonthAtHouse(month: string) {
	const sqlite = new Database(server.dbPath);
	sqlite
		.prepare(
			`insert into house_months (house_id, month, cost_cents, funding_cents, shared_cents,
			   all_half_days, billed_cents, closed_at) values ('house1', ?, 0, 0, 0, 0, 0, ?)`
		)
		.run(month, Date.now());
	sqlite.close();
}

describe('operator side', () => {
	let agreementId: string;

	it('the admin invites a company, and its owner (not a plain member) accepts for it', async () => {
		const created = await admin.client.postForm(`${base}/companies?/invite`, {
			companyName: 'Scierie Alpha',
			startDate: '2030-01-01',
			...terms
		});
		expect(created.status, await explain(created)).toBe(200);
		const token = /\/house-invite\/([a-z0-9]+)/.exec(await created.text())?.[1];
		expect(token).toBeDefined();
		// Until it is answered, the invitation holds its seats, and the list says so.
		const pending = await (await admin.client.get(`${base}/companies`)).text();
		expect(pending).toContain('Holds 2 seats until it is answered.');

		// Signed out, the link shows the house and asks to log in first, coming back to it.
		const anonymous = await new HttpClient(server.url).get(`/house-invite/${token}`);
		expect(anonymous.status).toBe(200);
		expect(await anonymous.text()).toContain(`/login?next=%2Fhouse-invite%2F${token}`);
		expect((await ownerA.client.get('/house-invite/unknown')).status).toBe(404);

		const page = await ownerA.client.get(`/house-invite/${token}`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Maison du Lavoir');
		// A plain member is told to pass the link on, not to found a company of their own.
		const asMember = await (await memberA.client.get(`/house-invite/${token}`)).text();
		expect(asMember).toContain(
			'If this invitation is for your company, send this link to one of its owners or managers.'
		);
		expect(asMember).not.toContain('Create your company');

		const companyA = db.query.companies.findFirst({
			where: (c, { eq }) => eq(c.slug, slugA)
		});
		const companyId = (await companyA)!.id;
		const refused = await memberA.client.postForm(`/house-invite/${token}?/accept`, { companyId });
		expect(refused.status).toBe(403);
		const stranger = await ownerB.client.postForm(`/house-invite/${token}?/accept`, { companyId });
		expect(stranger.status).toBe(403);

		const accepted = await ownerA.client.postForm(`/house-invite/${token}?/accept`, { companyId });
		expect(accepted.status, await explain(accepted)).toBe(303);
		expect(accepted.headers.get('location')).toBe(`/${slugA}/houses`);
		const row = db.select().from(agreements).where(eq(agreements.companyId, companyId)).get();
		expect(row).toMatchObject({ houseId: 'house1', startDate: '2030-01-01' });
		agreementId = row!.id;

		// Used once: the link is gone. It says which house and whose (whom to ask), never who
		// accepted it.
		const again = await ownerB.client.get(`/house-invite/${token}`);
		expect(again.status).toBe(410);
		const gone = await again.text();
		expect(gone).toContain(
			'This invitation to join Maison du Lavoir has already been accepted. If not by your company, ask Commune de Murat, the house’s operator, for a new one.'
		);
		expect(gone).not.toContain('Scierie Alpha');

		const companies = await staff.client.get(`${base}/companies`);
		expect(companies.status).toBe(200);
		expect(await companies.text()).toContain('Scierie Alpha');
		const houses = await ownerA.client.get(`/${slugA}/houses`);
		expect(await houses.text()).toContain('Commune de Murat');
		expect((await ownerA.client.get(`/${slugA}/houses/house1/agreement`)).status).toBe(200);
		expect((await memberA.client.get(`/${slugA}/houses/house1/agreement`)).status).toBe(403);
		expect((await staff.client.get(`${base}/agreements/${agreementId}/print`)).status).toBe(200);
		// The company's log says it joined the operator's house (it did not add a house).
		const log = await (await ownerA.client.get(`/${slugA}/audit`)).text();
		expect(log).toContain('Joined the house Maison du Lavoir, run by Commune de Murat');
	});

	it('names the house and its operator on an expired or withdrawn link, and nothing more', async () => {
		const invite = async (companyName: string) => {
			const created = await admin.client.postForm(`${base}/companies?/invite`, {
				companyName,
				startDate: '2031-03-01',
				...terms,
				reservedSeats: '1'
			});
			expect(created.status, await explain(created)).toBe(200);
			const token = /\/house-invite\/([a-z0-9]+)/.exec(await created.text())?.[1];
			const row = db
				.select({ id: houseInvitations.id })
				.from(houseInvitations)
				.where(eq(houseInvitations.companyName, companyName))
				.get();
			return { token: token!, id: row!.id };
		};
		const expired = await invite('Atelier Oublié');
		const sqlite = new Database(server.dbPath);
		sqlite
			.prepare('update house_invitations set expires_at = ? where id = ?')
			.run(Date.now() - 60_000, expired.id);
		sqlite.close();
		const withdrawn = await invite('Atelier Retiré');
		const revoked = await admin.client.postForm(`${base}/companies?/revoke`, {
			invitationId: withdrawn.id
		});
		expect(revoked.status, await explain(revoked)).toBe(200);

		for (const [{ token }, company, text] of [
			[
				expired,
				'Atelier Oublié',
				'This invitation to join Maison du Lavoir has expired. Ask Commune de Murat, the house’s operator, for a new one.'
			],
			[
				withdrawn,
				'Atelier Retiré',
				'This invitation to join Maison du Lavoir was withdrawn by Commune de Murat, the house’s operator. Ask them for a new one if your company should still join.'
			]
		] as const) {
			// Signed out or in, the holder of the link reads the same, and not the terms or the
			// company it was written for.
			for (const client of [new HttpClient(server.url), ownerB.client]) {
				const page = await client.get(`/house-invite/${token}`);
				expect(page.status).toBe(410);
				const html = await page.text();
				expect(html).toContain('This invitation can no longer be used');
				expect(html).toContain(text);
				expect(html).not.toContain(company);
				expect(html).not.toContain('1 place du Lavoir');
			}
		}
	});

	it('offers to accept only for a company that can, and says why the others cannot', async () => {
		const carla = await person('Carla Deux');
		const slugAlpha = await carla.client.createCompany('Deux Alpha');
		const companyIdOf = async (slug: string) =>
			(await db.query.companies.findFirst({ where: (c, { eq }) => eq(c.slug, slug) }))!.id;
		const invite = async (companyName: string) => {
			const created = await admin.client.postForm(`${base}/companies?/invite`, {
				companyName,
				startDate: '2031-05-01',
				...terms,
				reservedSeats: '0'
			});
			expect(created.status, await explain(created)).toBe(200);
			return /\/house-invite\/([a-z0-9]+)/.exec(await created.text())![1];
		};
		const first = await invite('Deux');
		const joined = await carla.client.postForm(`/house-invite/${first}?/accept`, {
			companyId: await companyIdOf(slugAlpha)
		});
		expect(joined.status, await explain(joined)).toBe(303);

		// Her only company is at the house already: no button, the reason and what to do instead.
		// (Sent to another name: one to 'Deux' again would be closed by Deux Alpha's agreement,
		// superseded, for every company.)
		const second = await invite('Deux Beta');
		const joinedAlready =
			'Deux Alpha already works at Maison du Lavoir under an agreement, so it cannot accept another. ' +
			'If this invitation is for another company, send this link to one of its owners or managers.';
		const onlyAlpha = await (await carla.client.get(`/house-invite/${second}`)).text();
		expect(onlyAlpha).toContain(joinedAlready);
		expect(onlyAlpha).not.toContain('Accept and join the house');
		expect(onlyAlpha).not.toContain('Create your company');

		// With a second company, that one is offered, and the first said why not.
		const slugBeta = await carla.client.createCompany('Deux Beta');
		const both = await (await carla.client.get(`/house-invite/${second}`)).text();
		expect(both).toContain('Accept and join the house');
		expect(both).toContain(`<option value="${await companyIdOf(slugBeta)}"`);
		expect(both).not.toContain(`<option value="${await companyIdOf(slugAlpha)}"`);
		expect(both).toContain(joinedAlready);

		const pending = db
			.select({ id: houseInvitations.id })
			.from(houseInvitations)
			.where(inArray(houseInvitations.companyName, ['Deux', 'Deux Beta']))
			.all()
			.map(({ id }) => id);
		for (const invitationId of pending) {
			await admin.client.postForm(`${base}/companies?/revoke`, { invitationId });
		}
	});

	it('says beside the reserved seats that an earlier invitation to the same company holds them', async () => {
		const invite = () =>
			admin.client.postForm(`${base}/companies?/invite`, {
				companyName: 'Atelier Double',
				startDate: '2031-01-01',
				...terms,
				reservedSeats: '8'
			});
		const first = await invite();
		expect(first.status, await explain(first)).toBe(200);
		const again = await invite();
		expect(again.status).toBe(400);
		const html = await again.text();
		expect(html).toContain(
			'8 seats are held by an earlier invitation to Atelier Double itself, still pending: withdraw it first if this one replaces it.'
		);
		expect(html).not.toContain('other companies');
		const [pending] = db
			.select({ id: houseInvitations.id })
			.from(houseInvitations)
			.where(eq(houseInvitations.companyName, 'Atelier Double'))
			.all();
		const revoked = await admin.client.postForm(`${base}/companies?/revoke`, {
			invitationId: pending.id
		});
		expect(revoked.status, await explain(revoked)).toBe(200);
	});

	it('refuses an invitation from a date in a closed month beside the date, storing nothing', async () => {
		// A month closed at the house: an agreement can no longer start in it, nor before it, and
		// a company accepting such a link would be refused with nothing it could do about it.
		closeMonthAtHouse('2029-11');
		const invitationsOf = () =>
			db
				.select({ id: houseInvitations.id })
				.from(houseInvitations)
				.where(eq(houseInvitations.companyName, 'Atelier Tardif'))
				.all();
		const invite = (startDate: string) =>
			admin.client.postForm(`${base}/companies?/invite`, {
				companyName: 'Atelier Tardif',
				startDate,
				...terms,
				reservedSeats: '0'
			});
		// In the closed month, or before it: each told which, beside the date.
		for (const [startDate, message] of [
			['2029-11-20', 'That date falls in a month already closed: choose a date in an open month.'],
			[
				'2029-06-01',
				'That date comes before November 2029, a month already closed: choose a date from December 2029 on.'
			]
		]) {
			const refused = await invite(startDate);
			expect(refused.status).toBe(400);
			const html = await refused.text();
			expect(html).toContain('id="invite-startDate-error"');
			expect(html).toContain(message);
			expect(html).not.toContain('/house-invite/');
		}
		expect(invitationsOf()).toEqual([]);
		// The first day of the month after it is fine.
		const created = await invite('2029-12-01');
		expect(created.status, await explain(created)).toBe(200);
		const [invitation] = invitationsOf();
		expect(invitation).toBeDefined();
		const revoked = await admin.client.postForm(`${base}/companies?/revoke`, {
			invitationId: invitation.id
		});
		expect(revoked.status, await explain(revoked)).toBe(200);
	});

	it('tells a company whose invitation starts in a month closed since to ask for a new one', async () => {
		const created = await admin.client.postForm(`${base}/companies?/invite`, {
			companyName: 'Bravo Conseil',
			startDate: '2029-12-10',
			...terms,
			reservedSeats: '0'
		});
		expect(created.status, await explain(created)).toBe(200);
		const token = /\/house-invite\/([a-z0-9]+)/.exec(await created.text())?.[1];
		// The operator closes December before the company answers.
		closeMonthAtHouse('2029-12');
		// The page says so instead of offering a button that can only fail.
		const page = await (await ownerB.client.get(`/house-invite/${token}`)).text();
		expect(page).toContain(
			'This invitation starts in or before a month the house has closed since it was sent: ask its operator for a new invitation.'
		);
		expect(page).not.toContain('Accept and join the house');
		const companyB = db.query.companies.findFirst({ where: (c, { eq }) => eq(c.slug, slugB) });
		const companyId = (await companyB)!.id;
		const refused = await ownerB.client.postForm(`/house-invite/${token}?/accept`, { companyId });
		expect(refused.status).toBe(409);
		expect(await refused.text()).toContain(
			'This invitation starts in or before a month the house has closed since it was sent: ask its operator for a new invitation.'
		);
		expect(db.select().from(agreements).where(eq(agreements.companyId, companyId)).all()).toEqual(
			[]
		);
	});

	it('the admin changes the terms from a date; both sides see the versions', async () => {
		const changed = await admin.client.postForm(`${base}/agreements/${agreementId}?/changeTerms`, {
			validFrom: '2030-06-01',
			model: 'fixed',
			fixedMonthly: '150',
			reservedSeats: '0',
			emptyMonthRule: 'operator_carries'
		});
		expect(changed.status, await explain(changed)).toBe(200);
		const companySide = await (await ownerA.client.get(`/${slugA}/houses/house1/agreement`)).text();
		expect(companySide).toMatch(/2030/);
		expect(companySide).toMatch(/150/);
		const missing = await admin.client.postForm(`${base}/agreements/${agreementId}?/changeTerms`, {
			validFrom: '2030-07-01',
			model: 'day_rate',
			reservedSeats: '0',
			emptyMonthRule: 'split_equally'
		});
		expect(missing.status).toBe(400);
	});

	it('the house form refuses fewer seats than its agreements reserve, beside the field, and keeps the house', async () => {
		const house = {
			name: 'Maison du Lavoir',
			commune: 'Murat',
			address: '1 place du Lavoir',
			timeZone: 'Europe/Paris',
			openingDays: '1',
			opensAt: '08:30',
			closesAt: '18:30',
			listed: 'on'
		};
		const refused = await admin.client.postForm(`${base}?/update`, { ...house, seats: '1' });
		expect(refused.status).toBe(400);
		const html = await refused.text();
		expect(html).toContain('id="edit-house-seats-error"');
		expect(html).toContain(
			'At least 2: that many seats are reserved at the house — 2 for Scierie Alpha.'
		);
		const seats = () =>
			db
				.select({ seats: housesTable.seats })
				.from(housesTable)
				.where(eq(housesTable.id, 'house1'))
				.get()?.seats;
		expect(seats()).toBe(12);
		const saved = await admin.client.postForm(`${base}?/update`, { ...house, seats: '2' });
		expect(saved.status, await explain(saved)).toBe(200);
		expect(seats()).toBe(2);
		const back = await admin.client.postForm(`${base}?/update`, { ...house, seats: '12' });
		expect(back.status, await explain(back)).toBe(200);
	});

	it('offers the terms’ choices as radio buttons, each with a short label and a hint', async () => {
		const html = await (await admin.client.get(`${base}/companies`)).text();
		expect(html).not.toMatch(/<select[^>]*name="model"/);
		expect(html).not.toMatch(/<select[^>]*name="emptyMonthRule"/);
		for (const [name, value] of [
			['model', 'cost_share'],
			['model', 'day_rate'],
			['model', 'fixed'],
			['emptyMonthRule', 'split_equally'],
			['emptyMonthRule', 'operator_carries']
		]) {
			const radio = new RegExp(`<input[^>]*type="radio"[^>]*name="${name}"[^>]*value="${value}"`);
			expect(html, value).toMatch(radio);
			expect(html, value).toContain(`id="invite-${name}-${value}-hint"`);
		}
		expect(html).toContain('Day rate');
		expect(html).toContain('A rate per day and per half-day on site.');
	});

	it('staff read but do not act; non-members of the operator get 404 on every route and action', async () => {
		const pages = [
			`${base}/companies`,
			`${base}/agreements/${agreementId}`,
			`${base}/agreements/${agreementId}/print`
		];
		const actions = [
			[`${base}/companies?/invite`, { companyName: 'X', startDate: '2030-01-01', ...terms }],
			[`${base}/companies?/revoke`, { invitationId: 'x' }],
			[`${base}/companies?/acceptRequest`, { requestId: 'x', startDate: '2030-01-01', ...terms }],
			[`${base}/companies?/declineRequest`, { requestId: 'x' }],
			[`${base}/agreements/${agreementId}?/changeTerms`, { validFrom: '2031-01-01', ...terms }],
			[`${base}/agreements/${agreementId}?/end`, { endDate: '2031-01-01' }]
		] as const;
		for (const path of pages) {
			expect((await outsider.client.get(path)).status, path).toBe(404);
			expect((await ownerA.client.get(path)).status, path).toBe(404);
			expect((await staff.client.get(path)).status, path).toBe(200);
		}
		for (const [path, fields] of actions) {
			expect((await outsider.client.postForm(path, fields)).status, path).toBe(404);
			expect((await ownerA.client.postForm(path, fields)).status, path).toBe(404);
			expect((await staff.client.postForm(path, fields)).status, path).toBe(403);
		}
		// Another house id under the same operator, or an agreement of no house here: 404 too.
		expect(
			(await admin.client.get('/operators/commune-de-murat/houses/nope/companies')).status
		).toBe(404);
		expect((await admin.client.get(`${base}/agreements/nope`)).status).toBe(404);
		const row = db.select().from(agreements).where(eq(agreements.id, agreementId)).get();
		expect(row?.endDate).toBeNull();
	});
});

describe('company side', () => {
	it('a company asks to join a listed house without seeing who is in it; the operator declines, then accepts', async () => {
		const listed = await ownerB.client.get(`/${slugB}/houses/join`);
		expect(listed.status).toBe(200);
		const html = await listed.text();
		expect(html).toContain('Maison du Lavoir');
		expect(html).not.toContain('Scierie Alpha');
		expect(html).not.toContain(ownerA.name);
		// Company B is not in the house: its pages there do not exist for B.
		expect((await ownerB.client.get(`/${slugB}/houses/house1`)).status).toBe(404);
		expect((await ownerB.client.get(`/${slugB}/houses/house1/agreement`)).status).toBe(404);

		const asked = await ownerB.client.postForm(`/${slugB}/houses/join?/request`, {
			houseId: 'house1',
			message: 'Deux personnes, le jeudi'
		});
		expect(asked.status, await explain(asked)).toBe(200);
		const twice = await ownerB.client.postForm(`/${slugB}/houses/join?/request`, {
			houseId: 'house1',
			message: ''
		});
		expect(twice.status).toBe(409);
		const joinedTwice = await ownerA.client.postForm(`/${slugA}/houses/join?/request`, {
			houseId: 'house1',
			message: ''
		});
		expect(joinedTwice.status).toBe(409);

		const pending = () =>
			db.select().from(houseJoinRequests).where(eq(houseJoinRequests.status, 'pending')).all();
		expect(pending()).toHaveLength(1);
		const declined = await admin.client.postForm(`${base}/companies?/declineRequest`, {
			requestId: pending()[0].id
		});
		expect(declined.status, await explain(declined)).toBe(200);
		expect(pending()).toHaveLength(0);

		await ownerB.client.postForm(`/${slugB}/houses/join?/request`, { houseId: 'house1' });
		// A start in a month already closed (November 2029, closed above) is refused beside the
		// date, the request still pending.
		const inClosedMonth = await admin.client.postForm(`${base}/companies?/acceptRequest`, {
			requestId: pending()[0].id,
			startDate: '2029-11-15',
			model: 'day_rate',
			dayRate: '12',
			halfDayRate: '7,50',
			reservedSeats: '0',
			emptyMonthRule: 'split_equally'
		});
		expect(inClosedMonth.status).toBe(409);
		const refusedHtml = await inClosedMonth.text();
		expect(refusedHtml).toContain(`id="request-${pending()[0].id}-startDate-error"`);
		expect(refusedHtml).toContain(
			'That date falls in a month already closed: choose a date in an open month.'
		);
		expect(pending()).toHaveLength(1);
		const accepted = await admin.client.postForm(`${base}/companies?/acceptRequest`, {
			requestId: pending()[0].id,
			startDate: '2030-02-01',
			model: 'day_rate',
			dayRate: '12',
			halfDayRate: '7,50',
			reservedSeats: '0',
			emptyMonthRule: 'split_equally'
		});
		expect(accepted.status, await explain(accepted)).toBe(200);
		const housesB = await (await ownerB.client.get(`/${slugB}/houses`)).text();
		expect(housesB).toContain('Maison du Lavoir');
		// Each company sees the house, never the other company or its people.
		expect(housesB).not.toContain('Scierie Alpha');
		expect(housesB).not.toContain(ownerA.name);
		const housesA = await (await ownerA.client.get(`/${slugA}/houses`)).text();
		expect(housesA).not.toContain('Bravo Conseil');
		expect(housesA).not.toContain(ownerB.name);
	});

	it('a company manager cannot edit or archive a house its operator runs', async () => {
		const edit = await ownerA.client.postForm(`/${slugA}/houses/house1?/update`, {
			name: 'Renamed',
			commune: 'Murat',
			address: '',
			seats: '99',
			timeZone: 'Europe/Paris',
			monthlyCost: '0'
		});
		expect(edit.status).toBe(404);
		expect((await ownerA.client.postForm(`/${slugA}/houses/house1?/archive`)).status).toBe(404);
		const house = db.query.houses.findFirst({ where: (h, { eq }) => eq(h.id, 'house1') });
		expect((await house)?.name).toBe('Maison du Lavoir');
	});

	it('an owner withdraws its pending request; nobody else can; the operator sees it withdrawn', async () => {
		const ownerC = await person('Chloé Charpente');
		const slugC = await ownerC.client.createCompany('Charpente Ceyrat');
		const asked = await ownerC.client.postForm(`/${slugC}/houses/join?/request`, {
			houseId: 'house1',
			message: 'Une personne'
		});
		expect(asked.status, await explain(asked)).toBe(200);
		const request = db
			.select()
			.from(houseJoinRequests)
			.where(eq(houseJoinRequests.message, 'Une personne'))
			.get()!;
		const withdraw = (client: HttpClient, slug: string) =>
			client.postForm(`/${slug}/houses/join?/withdraw`, { requestId: request.id });
		// A plain member of a company acts for nobody; another company's owner, or a stranger to
		// the company, finds nothing.
		expect((await withdraw(memberA.client, slugA)).status).toBe(403);
		expect((await withdraw(ownerA.client, slugA)).status).toBe(404);
		expect((await withdraw(outsider.client, slugC)).status).toBe(404);
		const status = () =>
			db.select().from(houseJoinRequests).where(eq(houseJoinRequests.id, request.id)).get()?.status;
		expect(status()).toBe('pending');

		const withdrawn = await withdraw(ownerC.client, slugC);
		expect(withdrawn.status, await explain(withdrawn)).toBe(200);
		expect(status()).toBe('withdrawn');
		expect((await withdraw(ownerC.client, slugC)).status).toBe(404);
		const operatorPage = await (await admin.client.get(`${base}/companies`)).text();
		expect(operatorPage).toContain('Charpente Ceyrat');
		expect(operatorPage).toContain('Withdrawn by the company');
		// Withdrawn, the company may ask again.
		const again = await ownerC.client.postForm(`/${slugC}/houses/join?/request`, {
			houseId: 'house1'
		});
		expect(again.status, await explain(again)).toBe(200);
	});

	it('members ask nothing: the join page is for owners and managers', async () => {
		expect((await memberA.client.get(`/${slugA}/houses/join`)).status).toBe(403);
		expect(
			(await memberA.client.postForm(`/${slugA}/houses/join?/request`, { houseId: 'house1' }))
				.status
		).toBe(403);
		expect((await outsider.client.get(`/${slugA}/houses/join`)).status).toBe(404);
	});
});

describe('after an invitation is answered', () => {
	/** A new company of `owner` with `member` in it as a plain member, by a real invitation. */
	async function companyWithMember(owner: Person, member: Person, name: string) {
		const slug = await owner.client.createCompany(name);
		const invited = await owner.client.postForm(`/${slug}/invitations?/create`, {
			role: 'member',
			email: '',
			uses: 'single',
			expiresInDays: '7'
		});
		const token = /\/invite\/([a-z0-9]+)/.exec(await invited.text())![1];
		const joined = await member.client.postForm(`/invite/${token}?/accept`);
		expect(joined.status, await explain(joined)).toBe(303);
		const company = await db.query.companies.findFirst({ where: (c, { eq }) => eq(c.slug, slug) });
		return { slug, id: company!.id };
	}

	async function inviteTo(companyName: string, startDate: string) {
		const created = await admin.client.postForm(`${base}/companies?/invite`, {
			companyName,
			startDate,
			...terms,
			reservedSeats: '1'
		});
		expect(created.status, await explain(created)).toBe(200);
		return /\/house-invite\/([a-z0-9]+)/.exec(await created.text())![1];
	}

	it('the link a company accepted shows its people when and by which company, and a way in', async () => {
		// It answered 410 to them as to anyone: the link they kept led nowhere.
		const owner = await person('Denise Bois');
		const member = await person('Damien Bois');
		const delta = await companyWithMember(owner, member, 'Delta Bois');
		const token = await inviteTo('Delta Bois', '2032-03-01');
		const accepted = await owner.client.postForm(`/house-invite/${token}?/accept`, {
			companyId: delta.id
		});
		expect(accepted.status, await explain(accepted)).toBe(303);

		const asOwner = await owner.client.get(`/house-invite/${token}`);
		expect(asOwner.status).toBe(200);
		const ownerHtml = await asOwner.text();
		expect(ownerHtml).toContain('Delta Bois works at Maison du Lavoir');
		expect(ownerHtml).toMatch(
			/This invitation from Commune de Murat was accepted on \d{1,2} [A-Z][a-z]+ \d{4} by Delta Bois\./
		);
		expect(ownerHtml).toContain(`href="/${delta.slug}/houses/house1"`);
		expect(ownerHtml).toContain(`href="/${delta.slug}/houses/house1/agreement"`);
		expect((await owner.client.get(`/${delta.slug}/houses/house1`)).status).toBe(200);
		expect((await owner.client.get(`/${delta.slug}/houses/house1/agreement`)).status).toBe(200);
		// A plain member reads it too, with the house; the agreement is the owners' and managers'.
		const memberHtml = await (await member.client.get(`/house-invite/${token}`)).text();
		expect(memberHtml).toContain('Delta Bois works at Maison du Lavoir');
		expect(memberHtml).toContain(`href="/${delta.slug}/houses/house1"`);
		expect(memberHtml).not.toContain(`href="/${delta.slug}/houses/house1/agreement"`);
		// Accept pressed again (a second tab): back to what became of it, nothing started twice.
		const twice = await owner.client.postForm(`/house-invite/${token}?/accept`, {
			companyId: delta.id
		});
		expect(twice.status).toBe(303);
		expect(twice.headers.get('location')).toBe(`/house-invite/${token}`);
		const deltaAgreements = db
			.select()
			.from(agreements)
			.where(eq(agreements.companyId, delta.id))
			.all();
		expect(deltaAgreements).toHaveLength(1);

		// Once the house is off the company's list (its agreement ended), the title no longer says it
		// works there, and the way in is the agreement, or the company's houses for a member.
		const sqlite = new Database(server.dbPath);
		sqlite.prepare('delete from company_houses where company_id = ?').run(delta.id);
		sqlite.close();
		const afterHtml = await (await owner.client.get(`/house-invite/${token}`)).text();
		expect(afterHtml).toContain('Invitation to join Maison du Lavoir');
		expect(afterHtml).not.toContain('Delta Bois works at');
		expect(afterHtml).not.toContain(`href="/${delta.slug}/houses/house1"`);
		expect(afterHtml).toContain(`href="/${delta.slug}/houses/house1/agreement"`);
		const memberAfter = await (await member.client.get(`/house-invite/${token}`)).text();
		expect(memberAfter).toContain(`href="/${delta.slug}/houses"`);

		// Anyone else, signed in or not, reads the gone page: the house and operator, not who.
		for (const client of [ownerB.client, new HttpClient(server.url)]) {
			const gone = await client.get(`/house-invite/${token}`);
			expect(gone.status).toBe(410);
			const html = await gone.text();
			expect(html).toContain(
				'This invitation to join Maison du Lavoir has already been accepted. If not by your company, ask Commune de Murat, the house’s operator, for a new one.'
			);
			expect(html).not.toContain('Delta Bois');
		}
	});

	it('a second invitation to a company that came in is superseded: the operator reads it, the link says why', async () => {
		const owner = await person('Estelle Laine');
		const member = await person('Eric Laine');
		const echo = await companyWithMember(owner, member, 'Echo Laine');
		const first = await inviteTo('Echo Laine', '2032-04-01');
		const second = await inviteTo('echo laine', '2032-05-01');
		const accepted = await owner.client.postForm(`/house-invite/${first}?/accept`, {
			companyId: echo.id
		});
		expect(accepted.status, await explain(accepted)).toBe(303);

		// Not "Waiting" any more, and nothing to revoke: it holds no seats.
		const listed = await (await admin.client.get(`${base}/companies`)).text();
		expect(listed).toContain('Superseded: Echo Laine has an agreement here from 1 April 2032');
		const secondId = db
			.select({ id: houseInvitations.id })
			.from(houseInvitations)
			.where(eq(houseInvitations.companyName, 'echo laine'))
			.get()!.id;
		expect(listed).not.toContain(`value="${secondId}"`);

		// Another company holding the link is told it is closed, and cannot start with it.
		const gone = await ownerB.client.get(`/house-invite/${second}`);
		expect(gone.status).toBe(410);
		const goneHtml = await gone.text();
		expect(goneHtml).toContain(
			'This invitation to join Maison du Lavoir is closed: the company it was for already works there under an agreement. If another company should join, ask Commune de Murat, the house’s operator, for an invitation of its own.'
		);
		expect(goneHtml).not.toContain('Echo Laine');
		const companyB = await db.query.companies.findFirst({
			where: (c, { eq }) => eq(c.slug, slugB)
		});
		const refused = await ownerB.client.postForm(`/house-invite/${second}?/accept`, {
			companyId: companyB!.id
		});
		expect(refused.status).toBe(410);

		// Echo Laine's people read why, with their way in.
		for (const client of [owner.client, member.client]) {
			const page = await client.get(`/house-invite/${second}`);
			expect(page.status).toBe(200);
			const html = await page.text();
			expect(html).toContain(
				'Echo Laine already works at Maison du Lavoir under an agreement starting on 1 April 2032, so this later invitation from Commune de Murat is closed.'
			);
			expect(html).toContain(`href="/${echo.slug}/houses/house1"`);
		}

		// A third one would be closed as it is sent: the form says so beside the name.
		const third = await admin.client.postForm(`${base}/companies?/invite`, {
			companyName: 'Echo Laine',
			startDate: '2032-06-01',
			...terms,
			reservedSeats: '1'
		});
		expect(third.status).toBe(400);
		expect(await third.text()).toContain(
			'Echo Laine already works at this house under an agreement from 1 April 2032: change its terms on the agreement’s page, or invite it from the day after that agreement ends.'
		);
		const sent = db
			.select()
			.from(houseInvitations)
			.where(inArray(houseInvitations.companyName, ['Echo Laine', 'echo laine']))
			.all();
		expect(sent).toHaveLength(2);
	});

	it('says beside the seats of an answer to a request that the asking company’s own invitation holds them', async () => {
		const owner = await person('Fanny Verre');
		const slug = await owner.client.createCompany('Foxtrot Verre');
		const asked = await owner.client.postForm(`/${slug}/houses/join?/request`, {
			houseId: 'house1',
			message: ''
		});
		expect(asked.status, await explain(asked)).toBe(200);
		const foxtrot = await db.query.companies.findFirst({ where: (c, { eq }) => eq(c.slug, slug) });
		const request = db
			.select({ id: houseJoinRequests.id })
			.from(houseJoinRequests)
			.where(eq(houseJoinRequests.companyId, foxtrot!.id))
			.get()!;
		const created = await admin.client.postForm(`${base}/companies?/invite`, {
			companyName: 'Foxtrot Verre',
			startDate: '2032-07-01',
			...terms,
			reservedSeats: '3'
		});
		expect(created.status, await explain(created)).toBe(200);

		const answer = await admin.client.postForm(`${base}/companies?/acceptRequest`, {
			requestId: request.id,
			startDate: '2032-07-01',
			...terms,
			reservedSeats: '12'
		});
		expect(answer.status).toBe(400);
		const html = await answer.text();
		expect(html).toContain(
			'3 seats are held by an invitation to Foxtrot Verre itself, still pending: withdraw it first if this answer to its request replaces it.'
		);
		expect(html).not.toContain('held by a pending invitation to Foxtrot Verre');

		const declined = await admin.client.postForm(`${base}/companies?/declineRequest`, {
			requestId: request.id
		});
		expect(declined.status, await explain(declined)).toBe(200);
	});
});
