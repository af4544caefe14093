// The long forms with a time zone (a stand-up's set-up, a company's house, an operator's house)
// sent every zone (~420 options) with each page: ~50 kB pages of which ~25 kB were zones, on
// links that many houses share. They now offer a few likely zones; the form's "Show every time
// zone" button sends the form back as typed with every zone, and saves nothing (without scripts),
// or the page's scripts fetch them from /api/time-zones.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { createHouse, signUpTeam, type HttpTeam } from '../helpers/people';
import { houses, standups } from '../../src/lib/server/db/schema';

let server: RunningServer;
let db: ServerDb;
let team: HttpTeam;
let houseId: string;
let standupPath: string;
let operatorPath: string;
let operatedHouseId: string;

/** A form as a browser sends it: repeated names for checkboxes and lists. */
const form = (fields: Array<[string, string]>) => new URLSearchParams(fields);

const standupFields = (name: string): Array<[string, string]> => [
	['name', name],
	['audience', 'everyone'],
	['day', '2'],
	['day', '4'],
	['time', '08:45'],
	['timeZone', 'Europe/Paris'],
	['question', 'Qu’avez-vous fait hier ?'],
	['question', 'Une question tapée à la main'],
	['speakerSeconds', '75'],
	['runners', 'participants'],
	['opensHours', '6']
];

const houseFields = (name: string): Array<[string, string]> => [
	['name', name],
	['commune', 'Laguiole'],
	['address', '3 route de l’Aubrac'],
	['seats', '7'],
	['timeZone', 'Europe/Paris'],
	['monthlyCost', '640'],
	['openingDays', '1'],
	['openingDays', '3'],
	['opensAt', '07:30'],
	['closesAt', '19:00'],
	['uplink', '800'],
	['downlink', '']
];

const operatedHouseFields = (name: string): Array<[string, string]> =>
	houseFields(name)
		.filter(([field]) => field !== 'monthlyCost')
		.concat([['listed', 'on']]);

function post(client: HttpClient, path: string, body: URLSearchParams) {
	return client.request(path, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: client.baseUrl },
		body: body.toString()
	});
}

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	team = await signUpTeam(server.url, db, {
		owner: 'Odile',
		company: 'Coopérative de l’Aubrac',
		members: ['Mathis']
	});
	houseId = await createHouse(team.owner, db, team.slug, 'Case du Lamentin', {
		timeZone: 'America/Martinique'
	});
	const created = await post(
		team.owner.client,
		`/${team.slug}/standups/new`,
		form(standupFields('Point du matin'))
	);
	expect(created.status, await explain(created)).toBe(303);
	standupPath = created.headers.get('location')!;
	const operator = await team.owner.client.postForm('/operators/new', {
		name: 'Commune de Murat'
	});
	expect(operator.status, await explain(operator)).toBe(303);
	operatorPath = operator.headers.get('location')!;
	const operated = await post(
		team.owner.client,
		`${operatorPath}/houses?/create`,
		form(operatedHouseFields('Maison de Murat'))
	);
	expect(operated.status, await explain(operated)).toBe(200);
	operatedHouseId = db
		.select({ id: houses.id })
		.from(houses)
		.where(eq(houses.name, 'Maison de Murat'))
		.get()!.id;
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

async function page(path: string, client = team.owner.client): Promise<string> {
	const response = await client.get(path);
	expect(response.status, await explain(response)).toBe(200);
	return response.text();
}

/** The values of the zone picker's options (the one select named timeZone). */
function zoneValues(html: string): string[] {
	const select = /<select[^>]*name="timeZone"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
	return [...select.matchAll(/<option value="([^"]*)"/g)].map(([, value]) => value);
}

/** The value of the option the picker shows selected. */
function selectedZone(html: string): string | undefined {
	const select = /<select[^>]*name="timeZone"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
	return /<option value="([^"]*)" selected/.exec(select)?.[1];
}

const pages = () => [
	{ name: 'a new stand-up', path: `/${team.slug}/standups/new` },
	{ name: 'a stand-up’s edit page', path: `${standupPath}/edit` },
	{ name: 'the company’s houses (new house)', path: `/${team.slug}/houses` },
	{ name: 'a company house (edit)', path: `/${team.slug}/houses/${houseId}` },
	{ name: 'the operator’s houses (new house)', path: `${operatorPath}/houses` },
	{ name: 'an operated house (edit)', path: `${operatorPath}/houses/${operatedHouseId}` }
];

describe('the long forms’ time zone pickers', () => {
	it('offer a few likely zones, not every zone, on every form page', async () => {
		// Before: 47.6 to 54.4 kB each, 419 zone options; 16.7 to 23.5 kB since.
		const budgets: Record<string, number> = {};
		for (const { name, path } of pages()) {
			const html = await page(path);
			const zones = zoneValues(html);
			expect(zones.length, name).toBeGreaterThan(0);
			expect(zones.length, name).toBeLessThan(8);
			expect(zones, name).toContain('UTC');
			// Nor are they sent to the page's scripts.
			expect(html, name).not.toContain('Tahiti');
			expect(html, name).toContain('Show every time zone');
			budgets[name] = Buffer.byteLength(html);
		}
		for (const [name, bytes] of Object.entries(budgets)) expect(bytes, name).toBeLessThan(28_000);
	});

	it('offer the zones of the houses beside the form', async () => {
		for (const path of [`/${team.slug}/standups/new`, `/${team.slug}/houses`]) {
			expect(zoneValues(await page(path))).toContain('America/Martinique');
		}
	});

	it('give members no zones at all (they have no house form)', async () => {
		const html = await page(`/${team.slug}/houses`, team.members[0].client);
		expect(zoneValues(html)).toEqual([]);
	});
});

describe('“Show every time zone” without scripts', () => {
	it('brings a new stand-up back as typed, with every zone, and creates nothing', async () => {
		const before = db.select({ n: count() }).from(standups).get()!.n;
		const response = await post(
			team.owner.client,
			`/${team.slug}/standups/new`,
			form([...standupFields('Point du soir'), ['showAllTimeZones', '1']])
		);
		expect(response.status, await explain(response)).toBe(200);
		const html = await response.text();
		expect(db.select({ n: count() }).from(standups).get()!.n).toBe(before);
		expectEveryZone(html);
		expect(selectedZone(html)).toBe('Europe/Paris');
		expect(html).toContain('value="Point du soir"');
		expect(html).toContain('Une question tapée à la main');
		expect(html).toContain('value="75"');
		expect(html).toContain('value="08:45"');
		expect(html).not.toMatch(/role="alert"/);
	});

	it('brings a stand-up’s edit form back as typed, and saves nothing', async () => {
		const response = await post(
			team.owner.client,
			`${standupPath}/edit?/save`,
			form([...standupFields('Point renommé'), ['showAllTimeZones', '1']])
		);
		expect(response.status, await explain(response)).toBe(200);
		const html = await response.text();
		expectEveryZone(html);
		expect(html).toContain('value="Point renommé"');
		expect(await page(standupPath)).not.toContain('Point renommé');
	});

	it('brings a company’s house forms back as typed, and saves nothing', async () => {
		const before = db.select({ n: count() }).from(houses).get()!.n;
		for (const path of [
			`/${team.slug}/houses?/create`,
			`/${team.slug}/houses/${houseId}?/update`
		]) {
			const response = await post(
				team.owner.client,
				path,
				form([...houseFields('Maison tapée'), ['showAllTimeZones', '1']])
			);
			expect(response.status, await explain(response)).toBe(200);
			const html = await response.text();
			expectEveryZone(html);
			expect(selectedZone(html), path).toBe('Europe/Paris');
			for (const typed of ['Maison tapée', 'Laguiole', '3 route de l’Aubrac', '640', '07:30']) {
				expect(html, path).toContain(`value="${typed}"`);
			}
			expect(html, path).not.toMatch(/role="alert"/);
		}
		expect(db.select({ n: count() }).from(houses).get()!.n).toBe(before);
		const saved = db.select().from(houses).where(eq(houses.id, houseId)).get()!;
		expect(saved.name).toBe('Case du Lamentin');
	});

	it('brings an operator’s house forms back as typed, and saves nothing', async () => {
		const before = db.select({ n: count() }).from(houses).get()!.n;
		for (const path of [
			`${operatorPath}/houses?/create`,
			`${operatorPath}/houses/${operatedHouseId}?/update`
		]) {
			const response = await post(
				team.owner.client,
				path,
				form([...operatedHouseFields('Maison tapée'), ['showAllTimeZones', '1']])
			);
			expect(response.status, await explain(response)).toBe(200);
			const html = await response.text();
			expectEveryZone(html);
			expect(html, path).toContain('value="Maison tapée"');
			expect(html, path).toMatch(/name="listed"[^>]* checked/);
		}
		expect(db.select({ n: count() }).from(houses).get()!.n).toBe(before);
	});

	it('still checks who may use the form', async () => {
		const response = await post(
			team.members[0].client,
			`/${team.slug}/houses?/create`,
			form([...houseFields('Maison tapée'), ['showAllTimeZones', '1']])
		);
		expect(response.status).toBe(403);
	});
});

describe('/api/time-zones', () => {
	it('gives every zone by region to a signed-in person, each region once', async () => {
		const response = await team.members[0].client.request('/api/time-zones', {
			headers: { accept: 'application/json' }
		});
		expect(response.status).toBe(200);
		const groups = (await response.json()) as Array<[string, string]>;
		const zones = groups.flatMap(([region, places]) =>
			places.split(' ').map((place) => `${region}/${place}`)
		);
		for (const zone of Intl.supportedValuesOf('timeZone')) {
			if (zone.includes('/')) expect(zones).toContain(zone);
		}
		expect(new Set(groups.map(([region]) => region)).size).toBe(groups.length);
	});

	it('is refused without a session', async () => {
		const response = await new HttpClient(server.url).request('/api/time-zones', {
			headers: { accept: 'application/json' }
		});
		expect(response.status).toBe(401);
	});
});

function expectEveryZone(html: string) {
	const zones = new Set(zoneValues(html));
	for (const zone of Intl.supportedValuesOf('timeZone')) expect(zones).toContain(zone);
	expect(html).toContain('<optgroup label="Pacific">');
	expect(html).not.toContain('Show every time zone');
}
