// The profile's time zone picker on a weak link: the page carried every zone (~420) twice, as
// options and again for its scripts, 32 kB of its 53. It now offers the likeliest zones, and
// every zone by region when asked (`?zones=all`, a plain link), each region named once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { createHouse, signUp, type Person } from '../helpers/people';

let server: RunningServer;
let db: ServerDb;
let owner: Person;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	owner = await signUp(server.url, db, 'Odile');
	const slug = await owner.client.createCompany('Coopérative de l’Aubrac');
	await createHouse(owner, db, slug, 'Maison de Nasbinals', { timeZone: 'America/Martinique' });
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

async function profile(path: string): Promise<string> {
	const response = await owner.client.get(path);
	expect(response.status, await explain(response)).toBe(200);
	return response.text();
}

/** The options of the time zone picker, as [value, label] pairs. */
function zoneOptions(html: string): Array<[string, string]> {
	const select = /<select id="profile-time-zone"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
	return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map(
		([, value, label]) => [value, label]
	);
}

describe('the profile’s time zone picker', () => {
	it('offers the likeliest zones, not all of them, and a link to every one', async () => {
		const html = await profile('/profile');
		const values = zoneOptions(html).map(([value]) => value);
		expect(values).toEqual(expect.arrayContaining(['America/Martinique', 'Europe/Paris', 'UTC']));
		expect(values.length).toBeLessThan(10);
		expect(html).toContain('href="?zones=all#profile-time-zone"');
		// Nor are they sent to the page's scripts.
		expect(html).not.toContain('Pacific/Tahiti');
		// 53 kB before, of which 32 for the zones.
		expect(Buffer.byteLength(html)).toBeLessThan(30_000);
	});

	it('lists every zone by region when asked, each region named once', async () => {
		const html = await profile('/profile?zones=all');
		const options = zoneOptions(html);
		const values = new Set(options.map(([value]) => value));
		for (const zone of Intl.supportedValuesOf('timeZone')) expect(values).toContain(zone);
		expect(values).toContain('UTC');
		expect(options).toContainEqual(['America/New_York', 'New York']);
		expect(html).toContain('<optgroup label="Europe">');
		// The page's scripts get each region once: "Pacific/" is never written out in their data.
		const data = html.slice(html.lastIndexOf('<script'));
		expect(data).toContain('Tahiti');
		expect(data).not.toContain('Pacific/Tahiti');
	});
});
