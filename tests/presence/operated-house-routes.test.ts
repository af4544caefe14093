// An operated house over real HTTP: the door's QR code (one company, two, none), the operator's
// desk (staff and admins only) and occupancy page, 404 for everyone else on every page and action,
// and a company's own pages never naming another company of the house or its people.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { dayPlans, operatorAuditEvents, operatorMembers } from '../../src/lib/server/db/schema';
import {
	agreeAtHouse,
	createCompanyAs,
	openServerSetup,
	parisToday as today,
	seedOperatedHouse,
	signUpPerson,
	type Person,
	type ServerSetup
} from './operated-server';

let server: RunningServer;
let db: ServerDb;
// Operators and agreements are set up straight in the server's file (their forms are other pages').
let setup: ServerSetup;
const people: Record<string, Person> = {};
const slugs: Record<string, string> = {};
const companyIds: Record<string, string> = {};
const houseId = 'maisonmurat0001';
const operatorSlug = 'commune-de-murat';

const checkInsOf = (key: string) =>
	db
		.select()
		.from(dayPlans)
		.where(and(eq(dayPlans.userId, people[key].id), eq(dayPlans.houseId, houseId)))
		.all();

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	setup = openServerSetup(server.dbPath);
	for (const [key, name] of [
		['officer', 'Odile Officer'],
		['staff', 'Sam Staff'],
		['anne', 'Anne Arnaud'],
		['bruno', 'Bruno Bastide'],
		['carla', 'Carla Cros'],
		['stranger', 'Stan Stranger']
	]) {
		people[key] = await signUpPerson(server, db, key, name);
	}
	for (const [key, owner] of [
		['Atelier', 'anne'],
		['Annexe', 'anne'],
		['Bureau Sud', 'bruno'],
		['Dehors', 'carla']
	]) {
		const company = await createCompanyAs(people[owner], db, key);
		slugs[key] = company.slug;
		companyIds[key] = company.id;
	}
	const operatorId = 'operatormurat01';
	seedOperatedHouse(
		setup,
		{ id: operatorId, name: 'Commune de Murat', slug: operatorSlug },
		{ id: houseId, name: 'Maison Murat', commune: 'Murat', seats: 2 }
	);
	setup
		.insert(operatorMembers)
		.values([
			{ operatorId, userId: people.officer.id, role: 'admin' },
			{ operatorId, userId: people.staff.id, role: 'staff' }
		])
		.run();
	for (const company of ['Atelier', 'Annexe', 'Bureau Sud']) {
		agreeAtHouse(setup, {
			id: `agreement${company}`.toLowerCase(),
			operatorId,
			houseId,
			companyId: companyIds[company],
			reservedSeats: 1
		});
	}
});

afterAll(async () => {
	db?.$client.close();
	setup?.$client.close();
	await server?.stop();
});

describe('the door QR code', () => {
	it('sends signed-out people to log in and back, and answers 404 for other houses', async () => {
		const anonymous = await new HttpClient(server.url).get(`/check-in/${houseId}`);
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toBe(
			`/login?next=${encodeURIComponent(`/check-in/${houseId}`)}`
		);
		expect((await people.anne.client.get('/check-in/nosuchhouse')).status).toBe(404);
	});

	it('lets someone of two companies choose, and checks in only on the click', async () => {
		const page = await people.anne.client.get(`/check-in/${houseId}`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Atelier');
		expect(html).toContain('Annexe');
		expect(html).not.toContain('Bureau Sud');
		expect(checkInsOf('anne')).toEqual([]);
		const done = await people.anne.client.postForm(`/check-in/${houseId}`, {
			company: companyIds.Annexe,
			half: 'am'
		});
		expect(done.status, await explain(done)).toBe(200);
		expect(await done.text()).toContain('at Maison Murat this morning');
		expect(checkInsOf('anne')).toMatchObject([
			{ companyId: companyIds.Annexe, half: 'am', checkInMethod: 'qr', date: today() }
		]);
	});

	it('checks someone of one company in for it, and flags a house past capacity', async () => {
		const page = await people.bruno.client.get(`/check-in/${houseId}`);
		expect(await page.text()).toContain('Bureau Sud');
		const done = await people.bruno.client.postForm(`/check-in/${houseId}`, {
			company: companyIds['Bureau Sud'],
			half: 'day'
		});
		expect(done.status).toBe(200);
		// 2 seats: Atelier holds its reserved seat, Annexe one, Bureau Sud brings one more.
		expect(await done.text()).toContain('Maison Murat is over capacity today');
		expect(checkInsOf('bruno')).toMatchObject([{ half: 'day', checkInMethod: 'qr' }]);
	});

	it('tells someone whose companies have no agreement, and refuses their post', async () => {
		const page = await people.carla.client.get(`/check-in/${houseId}`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('None of your companies has an agreement');
		const refused = await people.carla.client.postForm(`/check-in/${houseId}`, {
			company: companyIds.Dehors,
			half: 'day'
		});
		expect(refused.status).toBe(400);
		// Nor can anyone check in for a company they are not in.
		const foreign = await people.carla.client.postForm(`/check-in/${houseId}`, {
			company: companyIds.Atelier,
			half: 'day'
		});
		expect(foreign.status).toBe(400);
		expect(checkInsOf('carla')).toEqual([]);
	});
});

describe('the operator’s desk and occupancy pages', () => {
	const desk = `/operators/${operatorSlug}/houses/${houseId}/desk`;
	const occupancy = `/operators/${operatorSlug}/houses/${houseId}/occupancy`;

	it('answers 404 to anyone outside the operator, on every page and action', async () => {
		const before = db.select().from(dayPlans).all().length;
		for (const key of ['stranger', 'anne']) {
			const client = people[key].client;
			for (const path of [desk, occupancy]) {
				expect((await client.get(path)).status, `${key} ${path}`).toBe(404);
			}
			const posted = await client.postForm(`${desk}?/confirm`, {
				email: people.bruno.email,
				companyId: companyIds['Bureau Sud'],
				date: today(),
				half: 'day'
			});
			expect(posted.status, key).toBe(404);
		}
		expect(
			(await people.staff.client.get(`/operators/${operatorSlug}/houses/nope/desk`)).status
		).toBe(404);
		expect(db.select().from(dayPlans).all().length).toBe(before);
	});

	it('shows the door’s QR code to staff', async () => {
		const page = await people.staff.client.get(desk);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('<svg');
		expect(html).toContain(`${server.url}/check-in/${houseId}`);
	});

	it('says clearly what is wrong with a confirmation', async () => {
		const unknown = await people.staff.client.postForm(`${desk}?/confirm`, {
			email: 'nobody@example.org',
			companyId: companyIds.Atelier,
			date: today(),
			half: 'day'
		});
		expect(unknown.status).toBe(400);
		expect(await unknown.text()).toContain('Nobody in this company signs in with this address.');
		const noAgreement = await people.staff.client.postForm(`${desk}?/confirm`, {
			email: people.carla.email,
			companyId: companyIds.Dehors,
			date: today(),
			half: 'day'
		});
		expect(noAgreement.status).toBe(400);
		expect(await noAgreement.text()).toContain('no agreement with the house on that day');
		expect(checkInsOf('carla')).toEqual([]);
	});

	it('confirms a check-in as the desk, in the operator’s log without the name', async () => {
		const done = await people.staff.client.postForm(`${desk}?/confirm`, {
			email: people.anne.email,
			companyId: companyIds.Atelier,
			date: today(),
			half: 'pm'
		});
		expect(done.status, await explain(done)).toBe(200);
		expect(await done.text()).toContain('Check-in confirmed for Atelier.');
		expect(checkInsOf('anne')).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					companyId: companyIds.Atelier,
					half: 'pm',
					checkInMethod: 'desk'
				})
			])
		);
		const log = db.select().from(operatorAuditEvents).all();
		expect(log.map((row) => row.action)).toContain('check_in.confirmed');
		expect(JSON.stringify(log)).not.toContain('Anne Arnaud');
	});

	it('keeps company, day and half for the next confirmation, without JavaScript too', async () => {
		const done = await people.staff.client.postForm(`${desk}?/confirm`, {
			email: people.bruno.email,
			companyId: companyIds['Bureau Sud'],
			date: today(),
			half: 'am'
		});
		expect(done.status, await explain(done)).toBe(200);
		const html = await done.text();
		// The address is emptied for the next person of the queue; the rest stays as chosen.
		expect(html).not.toContain(`value="${people.bruno.email}"`);
		expect(html).toMatch(/<option value="am" selected/);
		expect(html).toMatch(new RegExp(`<option value="${companyIds['Bureau Sud']}" selected`));
		expect(html).toMatch(
			new RegExp(`name="date"[^>]*value="${today()}"|value="${today()}"[^>]*name="date"`)
		);
	});

	it('shows the operator each company’s counts, never a person', async () => {
		const page = await people.officer.client.get(occupancy);
		expect(page.status).toBe(200);
		const html = await page.text();
		for (const name of ['Atelier', 'Annexe', 'Bureau Sud']) expect(html).toContain(name);
		for (const name of ['Anne Arnaud', 'Bruno Bastide']) expect(html).not.toContain(name);
		expect(html).toContain('over capacity');
	});
});

describe('a company’s own pages', () => {
	it('refuses a plan that would move a checked-in half-day, and keeps the check-in', async () => {
		// The desk checked Anne in for Atelier this afternoon.
		const refused = await people.anne.client.postForm(`/${slugs.Atelier}/plan?/saveDay`, {
			date: today(),
			whole: 'home',
			note: ''
		});
		expect(refused.status).toBe(409);
		expect(await refused.text()).toContain('a plan cannot move it');
		expect(
			checkInsOf('anne').filter((row) => row.companyId === companyIds.Atelier && row.checkedInAt)
		).toHaveLength(1);
	});

	it('never name another company of the house or its people', async () => {
		const atelier = slugs.Atelier;
		for (const path of ['/team', `/report?house=${houseId}`, '/plan', '/check-in']) {
			const page = await people.anne.client.get(`/${atelier}${path}`);
			expect(page.status, path).toBe(200);
			const html = await page.text();
			for (const name of ['Bureau Sud', 'Bruno Bastide']) expect(html, path).not.toContain(name);
		}
		const csv = await people.anne.client.get(`/${atelier}/report.csv?house=${houseId}`);
		expect(await csv.text()).not.toContain('Bruno');
	});

	it('shows the team week across companies as counts, and links the statements', async () => {
		const team = await (await people.anne.client.get(`/${slugs.Atelier}/team`)).text();
		// Annexe and Bureau Sud hold one seat each today: "for other companies", as a count.
		expect(team).toContain('for other companies');
		const report = await (
			await people.anne.client.get(`/${slugs.Atelier}/report?house=${houseId}`)
		).text();
		expect(report).toContain(`/${slugs.Atelier}/houses/${houseId}/statements`);
	});
});
