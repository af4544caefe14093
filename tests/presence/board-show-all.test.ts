// The bounded board over real HTTP, as a browser without JavaScript sees it: a house with more
// people than the board shows per house lists its first ones, counts everyone, and links to
// itself whole; following the link lists everyone there. Cards not sent are not in the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, uniqueEmail } from '../helpers/client';
import { seedBoard } from '../helpers/board-seed';
import { startServer, type RunningServer } from '../helpers/server';
import { BOARD_GROUP_LIMIT } from '../../src/lib/server/presence/board';

let server: RunningServer;
let owner: HttpClient;
let slug: string;
let houseId: string;

beforeAll(async () => {
	server = await startServer();
	owner = new HttpClient(server.url);
	await owner.signUp('Odile Owner', uniqueEmail('owner'), 'a long enough board password');
	slug = await owner.createCompany('Maison pleine');
	// 20 people besides the owner, all at the one house, 16 of them checked in today.
	[houseId] = seedBoard(server.dbPath, slug, 21, 1).houseIds;
}, 120_000);

afterAll(async () => {
	await server?.stop();
});

/** The house card's markup: its names, its count line and its "Show all" link. */
async function houseCard(path: string) {
	const response = await owner.get(path);
	expect(response.status).toBe(200);
	const html = await response.text();
	const start = html.indexOf('data-testid="house-card"');
	const card = html.slice(start, html.indexOf('</section>', start));
	const names = [...card.matchAll(/<span class="font-medium[^"]*">(Person \d+)<\/span>/g)].map(
		(match) => match[1]
	);
	const showAll = /<a[^>]*href="([^"]*)"[^>]*data-testid="show-all"[^>]*>([^<]*)<\/a>/.exec(card);
	return {
		html,
		names,
		count: /(\d+) of 24 seats/.exec(card)?.[1],
		showAll: showAll ? { href: showAll[1].replaceAll('&amp;', '&'), text: showAll[2] } : null
	};
}

describe('a house with more people than the board shows', () => {
	it('lists its first people, counts them all and links to the house whole', async () => {
		const bounded = await houseCard(`/${slug}`);
		expect(bounded.names).toHaveLength(BOARD_GROUP_LIMIT);
		expect(bounded.count).toBe('16');
		expect(bounded.showAll?.text).toBe('Show all 16 people');
		expect(bounded.showAll?.href).toBe(
			`/${slug}?all=${encodeURIComponent(`house:${houseId}`)}#house-${houseId}`
		);
		// The people not shown are not in the page at all (nor in its data).
		const all = await houseCard(bounded.showAll!.href);
		const notShown = all.names.filter((name) => !bounded.names.includes(name));
		expect(notShown).toHaveLength(16 - BOARD_GROUP_LIMIT);
		for (const name of notShown) expect(bounded.html).not.toContain(`"${name}"`);

		// Whole: everyone there, the same count, no link.
		expect(all.names).toHaveLength(16);
		expect(all.count).toBe('16');
		expect(all.showAll).toBeNull();
	});

	it('is the company’s page: someone else gets a 404, "all" or not', async () => {
		const stranger = new HttpClient(server.url);
		await stranger.signUp('Sam Stranger', uniqueEmail('stranger'), 'a long enough board password');
		const response = await stranger.get(`/${slug}?all=house:${houseId}`);
		expect(response.status).toBe(404);
	});
});
