// A house named "Le Fournil" read "Je suis à Le Fournil aujourd’hui" on every French check-in page:
// French contracts "à le" into "au" and "à les" into "aux". Over real HTTP without JavaScript, as a
// person reading French sees them: the board's button and its confirmation, the check-in link's
// question and confirmation, the printable QR code. In English the names stay whole after "at".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { createHouse, signUpTeam, type HttpTeam } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let db: ServerDb;
let team: HttpTeam;
let fournil: string;
let tilleuls: string;

// French puts a no-break space before "?" and ":": read it as a space.
const plain = (html: string) => html.replace(/[\u00a0\u202f]|&nbsp;/g, ' ');

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	team = await signUpTeam(server.url, db, {
		owner: 'Odile Owner',
		company: 'Scop Volcans',
		members: ['Bastien Roux', 'Carla Cros']
	});
	fournil = await createHouse(team.owner, db, team.slug, 'Le Fournil');
	tilleuls = await createHouse(team.owner, db, team.slug, 'les Tilleuls');
	// The owner and Bastien choose French with the footer's switcher; Carla keeps English.
	for (const person of [team.owner, team.members[0]]) {
		const chosen = await person.client.postForm('/locale', { locale: 'fr', redirectTo: '/' });
		expect(chosen.status, await explain(chosen)).toBe(303);
	}
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('checking in, in French, at a house whose name starts with "Le" or "Les"', () => {
	it('the board offers and confirms it "au Fournil", "aux Tilleuls"', async () => {
		const [bastien] = team.members;
		const board = await bastien.client.get(`/${team.slug}`);
		expect(board.status).toBe(200);
		const html = plain(await board.text());
		expect(html).toContain('Je suis au Fournil aujourd’hui');
		expect(html).toContain('Je suis aux Tilleuls aujourd’hui');
		expect(html).not.toMatch(/à (?:Le Fournil|les Tilleuls)/);

		const done = await bastien.client.postForm(`/${team.slug}?/checkIn`, { houseId: fournil });
		expect(done.status, await explain(done)).toBe(200);
		expect(plain(await done.text())).toContain('Vous êtes au Fournil aujourd’hui');
	});

	it('the check-in link asks and confirms it, and the QR code is titled so', async () => {
		const link = `/${team.slug}/check-in/${tilleuls}`;
		const asked = await team.owner.client.request(link, {
			headers: { 'sec-fetch-site': 'cross-site' }
		});
		expect(asked.status).toBe(200);
		expect(plain(await asked.text())).toContain('Pointer aux Tilleuls ?');
		const confirmed = await team.owner.client.postForm(link, { half: 'am' });
		expect(confirmed.status, await explain(confirmed)).toBe(200);
		expect(plain(await confirmed.text())).toContain('Vous êtes aux Tilleuls ce matin');

		const list = plain(await (await team.owner.client.get(`/${team.slug}/check-in`)).text());
		expect(list).toContain('Je suis au Fournil aujourd’hui');

		const qr = await team.owner.client.get(`${link}/qr`);
		expect(qr.status).toBe(200);
		const qrHtml = plain(await qr.text());
		expect(qrHtml).toContain('<title>Pointer aux Tilleuls · Hameau</title>');
		expect(qrHtml).toContain('aria-label="QR code pour pointer aux Tilleuls"');
	});

	it('in English, keeps the name whole after "at"', async () => {
		const carla = team.members[1];
		const board = await carla.client.get(`/${team.slug}`);
		expect(board.status).toBe(200);
		const html = await board.text();
		expect(html).toContain('I’m at Le Fournil today');
		expect(html).toContain('I’m at les Tilleuls today');
		const done = await carla.client.postForm(`/${team.slug}/check-in/${fournil}`, { half: 'pm' });
		expect(done.status, await explain(done)).toBe(200);
		expect(await done.text()).toContain('You’re at Le Fournil this afternoon');
	});
});
