// The company board at a house several companies share, over real HTTP: each house card counts
// the seats left today across all the companies there (another company's plans take seats, and
// going past capacity is flagged), never naming the other companies or their people; checking in
// from the board without an agreement in force says so. A company's own house, which it alone
// uses, counts the same way but does not say "across all companies".
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { companyHouses, dayPlans, houses, memberships } from '../../src/lib/server/db/schema';
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
// The operator, its house, agreements and the other company's plans are written straight into the
// server's file: their pages are other tests'.
let setup: ServerSetup;
const people: Record<string, Person> = {};
const slugs: Record<string, string> = {};
const companyIds: Record<string, string> = {};
const operatorId = 'operatorboard01';
const houseId = 'maisonboard0001';
// Grange Roux's own house: no operator, no other company.
const ownHouseId = 'grangeboard0001';

/** A plan (not a check-in) for today at the house, as another company's planner would save it. */
function planToday(company: string, person: string, at = houseId) {
	setup
		.insert(dayPlans)
		.values({
			companyId: companyIds[company],
			userId: people[person].id,
			date: today(),
			half: 'day',
			kind: 'house',
			houseId: at,
			updatedAt: new Date()
		})
		.run();
}

async function seatsLine(company: string, person: string): Promise<string> {
	const page = await people[person].client.get(`/${slugs[company]}`);
	expect(page.status).toBe(200);
	const html = await page.text();
	for (const hidden of ['Bureau Sud', 'Bruno Bastide', 'Berthe Blanc']) {
		if (company !== 'Bureau Sud') expect(html).not.toContain(hidden);
	}
	const line = /data-testid="seats-left"[^>]*>([^<]*)</.exec(html)?.[1];
	return (line ?? '').replace(/\s+/g, ' ').trim();
}

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	setup = openServerSetup(server.dbPath);
	for (const [key, name] of [
		['anne', 'Anne Arnaud'],
		['bruno', 'Bruno Bastide'],
		['berthe', 'Berthe Blanc'],
		['carla', 'Carla Cros'],
		['denis', 'Denis Roux'],
		['dora', 'Dora Roux'],
		['dylan', 'Dylan Roux']
	]) {
		people[key] = await signUpPerson(server, db, key, name);
	}
	for (const [key, owner] of [
		['Atelier', 'anne'],
		['Bureau Sud', 'bruno'],
		['Dehors', 'carla'],
		['Grange Roux', 'denis']
	]) {
		const company = await createCompanyAs(people[owner], db, key);
		slugs[key] = company.slug;
		companyIds[key] = company.id;
	}
	setup
		.insert(memberships)
		.values({ companyId: companyIds['Bureau Sud'], userId: people.berthe.id, role: 'member' })
		.run();
	for (const member of ['dora', 'dylan']) {
		setup
			.insert(memberships)
			.values({ companyId: companyIds['Grange Roux'], userId: people[member].id, role: 'member' })
			.run();
	}
	setup
		.insert(houses)
		.values({
			id: ownHouseId,
			name: 'Grange de Fontanges',
			commune: 'Fontanges',
			seats: 2,
			timeZone: 'Europe/Paris',
			openingDays: [1, 2, 3, 4, 5, 6, 7]
		})
		.run();
	setup
		.insert(companyHouses)
		.values({ companyId: companyIds['Grange Roux'], houseId: ownHouseId })
		.run();
	seedOperatedHouse(
		setup,
		{ id: operatorId, name: 'Commune de Salers', slug: 'commune-de-salers' },
		{ id: houseId, name: 'Maison Salers', commune: 'Salers', seats: 2 }
	);
	for (const [company, startDate] of [
		['Atelier', '2026-01-01'],
		['Bureau Sud', '2026-01-01'],
		// Linked to the house, but its agreement is not in force yet.
		['Dehors', '2099-01-01']
	]) {
		agreeAtHouse(setup, {
			id: `agreement${company}`.toLowerCase().replace(/\W/g, ''),
			operatorId,
			houseId,
			companyId: companyIds[company],
			startDate
		});
	}
});

afterAll(async () => {
	db?.$client.close();
	setup?.$client.close();
	await server?.stop();
});

describe('the board’s seats left today', () => {
	it('counts the other companies’ plans, then flags the house past capacity', async () => {
		expect(await seatsLine('Atelier', 'anne')).toBe('2 seats left across all companies');

		planToday('Bureau Sud', 'bruno');
		expect(await seatsLine('Atelier', 'anne')).toBe('1 seat left across all companies');

		// Anne checks in from the board: her own company takes the last seat.
		const done = await people.anne.client.postForm(`/${slugs.Atelier}?/checkIn`, { houseId });
		expect(done.status, await explain(done)).toBe(200);
		expect(await seatsLine('Atelier', 'anne')).toBe('0 seats left across all companies');

		planToday('Bureau Sud', 'berthe');
		expect(await seatsLine('Atelier', 'anne')).toBe(
			'Over capacity today: 1 more than its 2 seats, across all companies.'
		);
		// Bureau Sud reads the same house from its side, with Atelier as a count.
		expect(await seatsLine('Bureau Sud', 'bruno')).toBe(
			'Over capacity today: 1 more than its 2 seats, across all companies.'
		);
		const bureau = await (await people.bruno.client.get(`/${slugs['Bureau Sud']}`)).text();
		for (const hidden of ['Atelier', 'Anne Arnaud']) expect(bureau).not.toContain(hidden);
	});

	it('does not say "across all companies" at a company’s own house', async () => {
		expect(await seatsLine('Grange Roux', 'denis')).toBe('2 seats left');

		// Denis scans the house's QR code: the page that checks him in counts the same way.
		const scanned = await people.denis.client.get(
			`/${slugs['Grange Roux']}/check-in/${ownHouseId}`
		);
		expect(scanned.status).toBe(200);
		const done = /data-testid="seats-left"[^>]*>([^<]*)</.exec(await scanned.text())?.[1];
		expect((done ?? '').replace(/\s+/g, ' ').trim()).toBe('1 seat left');
		expect(await seatsLine('Grange Roux', 'denis')).toBe('1 seat left');

		planToday('Grange Roux', 'dora', ownHouseId);
		planToday('Grange Roux', 'dylan', ownHouseId);
		expect(await seatsLine('Grange Roux', 'denis')).toBe(
			'Over capacity today: 1 more than its 2 seats.'
		);
	});

	it('says a company has no agreement in force when it checks in from the board', async () => {
		const refused = await people.carla.client.postForm(`/${slugs.Dehors}?/checkIn`, { houseId });
		expect(refused.status).toBe(400);
		const text = await refused.text();
		expect(text).toContain('no agreement with this house today');
		expect(
			db
				.select()
				.from(dayPlans)
				.where(and(eq(dayPlans.userId, people.carla.id), eq(dayPlans.houseId, houseId)))
				.all()
		).toEqual([]);
	});

	it('answers 404 to someone outside the company, and checks nobody in', async () => {
		const before = db.select().from(dayPlans).all().length;
		expect((await people.carla.client.get(`/${slugs.Atelier}`)).status).toBe(404);
		const posted = await people.carla.client.postForm(`/${slugs.Atelier}?/checkIn`, { houseId });
		expect(posted.status).toBe(404);
		expect(db.select().from(dayPlans).all().length).toBe(before);
	});
});
