// Every page where people check themselves in says so when the house is closed today, over real
// HTTP without JavaScript: the board's "I'm at … today", the company's check-in link (scanned, and
// narrowed to half a day) and the door's QR code of an operated house. The houses open every day
// but today and tomorrow on their clock, so the test reads the same whatever day it runs (and
// across midnight).
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { createHouse, signUpTeam, type HttpTeam } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { dayPlans, houses } from '../../src/lib/server/db/schema';
import { addDays, isoWeekday, todayIn } from '../../src/lib/zoned-time';
import {
	agreeAtHouse,
	openServerSetup,
	seedOperatedHouse,
	type ServerSetup
} from './operated-server';

let server: RunningServer;
let db: ServerDb;
let setup: ServerSetup;
let team: HttpTeam;
let closedHouse: string;
let openHouse: string;
const doorHouse = 'maisonfermee001';

/** Every weekday but today's and tomorrow's in Paris: the house is closed now, and at midnight. */
function closedTodayAndTomorrow(): number[] {
	const today = todayIn('Europe/Paris');
	const shut = [today, addDays(today, 1)].map(isoWeekday);
	return [1, 2, 3, 4, 5, 6, 7].filter((day) => !shut.includes(day));
}

const WARNING = /^(.+) is closed today \(open .+, 08:30–18:30\): check you can get in\.$/;

/** The text of the page's closed-house warning as rendered (not its data), or null without one. */
const warningIn = (html: string) =>
	/data-testid="check-in-closed"[^>]*>\s*([^<]*?)\s*</.exec(html)?.[1] ?? null;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	setup = openServerSetup(server.dbPath);
	team = await signUpTeam(server.url, db, {
		owner: 'Olga Owner',
		company: 'Pryce Joinery',
		members: ['Bastien Roux', 'Carla Cros']
	});
	closedHouse = await createHouse(team.owner, db, team.slug, 'Maison 03');
	openHouse = await createHouse(team.owner, db, team.slug, 'Maison 04');
	// Straight into the server's file: the house form's days are another test's (house-opening-hours).
	setup
		.update(houses)
		.set({ openingDays: closedTodayAndTomorrow() })
		.where(eq(houses.id, closedHouse))
		.run();
	setup
		.update(houses)
		.set({ openingDays: [1, 2, 3, 4, 5, 6, 7] })
		.where(eq(houses.id, openHouse))
		.run();
	const operatorId = 'operatorclosed1';
	seedOperatedHouse(
		setup,
		{ id: operatorId, name: 'Commune de Salers', slug: 'commune-de-salers' },
		{ id: doorHouse, name: 'Maison de la Halle', commune: 'Salers', seats: 4 }
	);
	setup
		.update(houses)
		.set({ openingDays: closedTodayAndTomorrow() })
		.where(eq(houses.id, doorHouse))
		.run();
	agreeAtHouse(setup, {
		id: 'agreementclosed1',
		operatorId,
		houseId: doorHouse,
		companyId: team.companyId
	});
});

afterAll(async () => {
	db?.$client.close();
	setup?.$client.close();
	await server?.stop();
});

describe('checking in at a house closed today', () => {
	it('on the board, says it beside the confirmation; at a house open today, says nothing', async () => {
		const [bastien] = team.members;
		const done = await bastien.client.postForm(`/${team.slug}?/checkIn`, { houseId: closedHouse });
		expect(done.status, await explain(done)).toBe(200);
		const html = await done.text();
		expect(html).toContain('You’re at Maison 03 today');
		expect(warningIn(html)).toMatch(WARNING);
		// Taken all the same: a whole day there, as any check-in.
		const stored = db
			.select()
			.from(dayPlans)
			.where(and(eq(dayPlans.userId, bastien.id), eq(dayPlans.houseId, closedHouse)))
			.all();
		expect(stored).toMatchObject([{ kind: 'house', half: 'day', checkInMethod: 'click' }]);
		expect(stored[0].checkedInAt).not.toBeNull();

		const open = await bastien.client.postForm(`/${team.slug}?/checkIn`, { houseId: openHouse });
		expect(open.status).toBe(200);
		expect(warningIn(await open.text())).toBeNull();
	});

	it('on the check-in link, says it when scanned and when narrowed to a half-day', async () => {
		const carla = team.members[1];
		const link = `/${team.slug}/check-in/${closedHouse}`;
		const scanned = await carla.client.request(link, { headers: { 'sec-fetch-site': 'none' } });
		expect(scanned.status).toBe(200);
		const warning = warningIn(await scanned.text());
		expect(warning).toMatch(WARNING);
		expect(warning).toMatch(/^Maison 03 /);

		const narrowed = await carla.client.postForm(link, { half: 'am' });
		expect(narrowed.status, await explain(narrowed)).toBe(200);
		const narrowedHtml = await narrowed.text();
		expect(narrowedHtml).toContain('You’re at Maison 03 this morning');
		expect(warningIn(narrowedHtml)).toBe(warning);

		const open = await carla.client.request(`/${team.slug}/check-in/${openHouse}`, {
			headers: { 'sec-fetch-site': 'none' }
		});
		expect(open.status).toBe(200);
		expect(warningIn(await open.text())).toBeNull();
	});

	it('at the door of an operated house, says it on the click that checks in', async () => {
		const done = await team.owner.client.postForm(`/check-in/${doorHouse}`, {
			company: team.companyId,
			half: 'day'
		});
		expect(done.status, await explain(done)).toBe(200);
		const html = await done.text();
		expect(html).toContain('You’re at Maison de la Halle today');
		expect(warningIn(html)).toMatch(/^Maison de la Halle is closed today/);
	});
});
