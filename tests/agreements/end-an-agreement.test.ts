// Ending an agreement over real HTTP, as the operator's admin does it from the agreement's page,
// and what the desk offers afterwards. Ending it on a day already come cannot be taken back (the
// company leaves the house at once, and only a new agreement brings it back), so the server asks
// first, as closing a month does; and the days of the ended agreement in a month not closed yet
// can still be confirmed at the desk for someone who forgot to scan.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { startServer, type RunningServer } from '../helpers/server';
import * as schema from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { addDays, todayIn } from '../../src/lib/zoned-time';

let server: RunningServer;
let sqlite: Database.Database;
let db: ReturnType<typeof drizzle<typeof schema>>;

const OP = 'commune-de-salers';
let officer: HttpClient;
let workerEmail: string;
let companyId: string;
let houseId: string;
let agreementId: string;
let base: string;
let owner: HttpClient;
let slug: string;

// The house keeps Paris time; the agreement started on the first of last month, so yesterday and
// the day before are days it covers, in months nobody has closed.
const today = todayIn('Europe/Paris');
const yesterday = addDays(today, -1);
const dayBefore = addDays(today, -2);
const lastMonthStart = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;

beforeAll(async () => {
	server = await startServer();
	sqlite = new Database(server.dbPath);
	sqlite.pragma('busy_timeout = 5000');
	db = drizzle(sqlite, { schema });

	officer = new HttpClient(server.url);
	const officerEmail = uniqueEmail('officer');
	await officer.signUp('Odile Mairie', officerEmail, strongPassword('end'));
	owner = new HttpClient(server.url);
	await owner.signUp('Paul Fromager', uniqueEmail('owner'), strongPassword('end'));
	slug = await owner.createCompany('Fromagerie du Puy');
	companyId = db.select().from(schema.companies).where(eq(schema.companies.slug, slug)).get()!.id;
	const officerId = db
		.select()
		.from(schema.users)
		.where(eq(schema.users.email, officerEmail))
		.get()!.id;
	// Someone of the company the desk will confirm a forgotten day for.
	workerEmail = uniqueEmail('worker');
	const workerId = newId();
	db.insert(schema.users)
		.values({ id: workerId, name: 'Jeanne Fromager', email: workerEmail, passwordHash: 'x' })
		.run();
	db.insert(schema.memberships).values({ companyId, userId: workerId, role: 'member' }).run();

	const operatorId = newId();
	db.insert(schema.operators).values({ id: operatorId, name: 'Commune de Salers', slug: OP }).run();
	db.insert(schema.operatorMembers).values({ operatorId, userId: officerId, role: 'admin' }).run();
	houseId = newId();
	db.insert(schema.houses)
		.values({
			id: houseId,
			name: 'Maison de la Halle',
			commune: 'Salers',
			seats: 8,
			timeZone: 'Europe/Paris',
			operatorId
		})
		.run();
	agreementId = newId();
	db.insert(schema.agreements)
		.values({ id: agreementId, operatorId, houseId, companyId, startDate: lastMonthStart })
		.run();
	db.insert(schema.agreementTerms)
		.values({
			id: newId(),
			agreementId,
			validFrom: lastMonthStart,
			model: 'cost_share',
			emptyMonthRule: 'split_equally'
		})
		.run();
	db.insert(schema.companyHouses).values({ companyId, houseId }).run();
	base = `/operators/${OP}/houses/${houseId}`;
}, 120_000);

afterAll(async () => {
	sqlite?.close();
	await server?.stop();
});

const endDateNow = () =>
	db.select().from(schema.agreements).where(eq(schema.agreements.id, agreementId)).get()!.endDate;
const linked = () =>
	db
		.select()
		.from(schema.companyHouses)
		.where(
			and(eq(schema.companyHouses.companyId, companyId), eq(schema.companyHouses.houseId, houseId))
		)
		.get() !== undefined;

describe('ending an agreement', () => {
	it('asks first, naming the company and the house, and ends nothing until confirmed', async () => {
		const asked = await officer.postForm(`${base}/agreements/${agreementId}?/end`, {
			endDate: yesterday
		});
		expect(asked.status, await explain(asked)).toBe(200);
		const page = await asked.text();
		expect(page).toContain('End the agreement with Fromagerie du Puy?');
		expect(page).toContain('leaves Maison de la Halle now');
		expect(page).toContain('This cannot be undone');
		// The question's own form carries the date and the confirmation.
		expect(page).toContain(`name="endDate" value="${yesterday}"`);
		expect(page).toContain('name="confirmed" value="yes"');
		expect(endDateNow()).toBeNull();
		expect(linked()).toBe(true);
		// Until it ends, its version is the one in force.
		expect(await (await officer.get(`${base}/agreements/${agreementId}`)).text()).toMatch(
			/>\s*in force\s*</
		);
	});

	it('says at once, beside the date, when the agreement cannot end then, without asking', async () => {
		const refused = await officer.postForm(`${base}/agreements/${agreementId}?/end`, {
			endDate: addDays(lastMonthStart, -1)
		});
		expect(refused.status).toBe(409);
		expect(await refused.text()).not.toContain('End the agreement with Fromagerie du Puy?');
		expect(endDateNow()).toBeNull();
	});

	it('asks about a later date too, saying it can still be changed', async () => {
		const later = addDays(today, 30);
		const asked = await officer.postForm(`${base}/agreements/${agreementId}?/end`, {
			endDate: later
		});
		expect(asked.status).toBe(200);
		const page = await asked.text();
		expect(page).toContain('leaves Maison de la Halle that day');
		expect(page).toContain('the date can still be changed');
		expect(endDateNow()).toBeNull();
	});

	it('ends it once confirmed: the company leaves the house at once', async () => {
		const ended = await officer.postForm(`${base}/agreements/${agreementId}?/end`, {
			endDate: yesterday,
			confirmed: 'yes'
		});
		expect(ended.status, await explain(ended)).toBe(200);
		expect(endDateNow()).toBe(yesterday);
		expect(linked()).toBe(false);
	});

	it('leaves the company its agreement and statements, under its former houses', async () => {
		const page = await owner.get(`/${slug}/houses`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Former houses');
		expect(html).toContain('Maison de la Halle');
		for (const path of [
			`/${slug}/houses/${houseId}/agreement`,
			`/${slug}/houses/${houseId}/statements`
		]) {
			expect(html).toContain(`href="${path}"`);
			expect((await owner.get(path)).status, path).toBe(200);
		}
	});

	it('marks no version of an ended agreement as in force, on its page and its printable copy', async () => {
		const inForceBadge = />\s*in force\s*</;
		for (const path of [
			`${base}/agreements/${agreementId}`,
			`${base}/agreements/${agreementId}/print`
		]) {
			const page = await officer.get(path);
			expect(page.status, path).toBe(200);
			const html = await page.text();
			expect(html, path).toContain('Share of running costs pro rata of person-days');
			expect(html, path).not.toMatch(inForceBadge);
		}
	});
});

describe('the desk after an agreement ended', () => {
	it('still offers the company for the days its agreement covered in a month still open', async () => {
		const desk = await (await officer.get(`${base}/desk`)).text();
		expect(desk).not.toContain('No company has an agreement with this house');
		expect(desk).toContain(`<option value="${companyId}"`);

		const confirmed = await officer.postForm(`${base}/desk?/confirm`, {
			email: workerEmail,
			companyId,
			date: dayBefore,
			half: 'day'
		});
		expect(confirmed.status, await explain(confirmed)).toBe(200);
		expect(await confirmed.text()).toContain('Check-in confirmed for Fromagerie du Puy.');
		// A day after its last one is still refused, beside the company.
		const after = await officer.postForm(`${base}/desk?/confirm`, {
			email: workerEmail,
			companyId,
			date: today,
			half: 'day'
		});
		expect(after.status).toBe(400);
		expect(await after.text()).toContain(
			'This company has no agreement with the house on that day.'
		);
	});

	it('no longer offers it once every month its agreement covered is closed', async () => {
		for (let month = lastMonthStart.slice(0, 7); month <= yesterday.slice(0, 7);) {
			sqlite
				.prepare(
					`insert into house_months (house_id, month, cost_cents, funding_cents, shared_cents,
					   all_half_days, billed_cents, closed_at) values (?, ?, 0, 0, 0, 0, 0, ?)`
				)
				.run(houseId, month, Date.now());
			month = addDays(`${month}-28`, 7).slice(0, 7);
		}
		const desk = await (await officer.get(`${base}/desk`)).text();
		expect(desk).not.toContain(`<option value="${companyId}"`);
		expect(desk).toContain('No company has an agreement with this house');
	});
});
