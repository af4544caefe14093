// A download opened in the browser that cannot be served (a member opening the occupancy report's
// CSV, the export of a document that does not exist) answers with the error page in the reader's
// language, with Hameau's header and a way back, under the policy of pages not rendered by the
// app (no script, no stylesheet). A script asking for JSON still gets JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpTeam, type HttpTeam } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { visibleText } from './error-page-text';

let server: RunningServer;
let db: ServerDb;
let team: HttpTeam;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	team = await signUpTeam(server.url, db, {
		owner: 'Élise Martin',
		company: 'Les Tilleuls',
		members: ['Anne Dupuis']
	});
	const [anne] = team.members;
	const switched = await anne.client.postForm('/locale', { locale: 'fr', redirectTo: '/' });
	expect(switched.status).toBe(303);
}, 60_000);

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('a download that fails, opened as a page', () => {
	it('tells a member the report is not for their role, in French, with a way back', async () => {
		const [anne] = team.members;
		const response = await anne.client.request(`/${team.slug}/report.csv`);
		expect(response.status).toBe(403);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
		const html = await response.text();
		expect(html).toContain('<html lang="fr"');
		expect(visibleText(html)).toMatch(
			/^403 · Hameau Hameau 403 Accès refusé .+ Retour à l’accueil$/
		);
		expect(html).toContain('<a class="back" href="/">');
	});

	it('says "page not found" for a document that does not exist, not the route’s "Not Found"', async () => {
		const [anne] = team.members;
		const response = await anne.client.request(
			`/${team.slug}/documents/no-such-document/export.md`
		);
		expect(response.status).toBe(404);
		const text = visibleText(await response.text());
		expect(text).toContain(
			'404 Page introuvable Cette page n’existe pas, ou vous n’y avez pas accès.'
		);
		expect(text).not.toContain('Not Found');
	});

	it('is in English for the owner, who kept English', async () => {
		const response = await team.owner.client.request(
			`/${team.slug}/documents/no-such-document/export.md`
		);
		expect(response.status).toBe(404);
		const html = await response.text();
		expect(html).toContain('<html lang="en"');
		expect(visibleText(html)).toContain('404 Page not found');
	});

	it('says what a hand-made month should look like, in the reader’s words', async () => {
		const response = await team.owner.client.request(`/${team.slug}/report.csv?month=novembre`);
		expect(response.status).toBe(400);
		expect(visibleText(await response.text())).toContain('400 Choose a month (YYYY-MM).');
	});

	it('tells a French reader asking for another language which ones there are, in French', async () => {
		const [anne] = team.members;
		const response = await anne.client.postForm('/locale', { locale: 'de', redirectTo: '/' });
		expect(response.status).toBe(400);
		expect(visibleText(await response.text())).toContain(
			'400 Hameau ne parle que français et anglais.'
		);
	});

	it('answers a script that asks for JSON with JSON, as before', async () => {
		const [anne] = team.members;
		const response = await anne.client.request(`/${team.slug}/report.csv`, {
			headers: { accept: 'application/json' }
		});
		expect(response.status).toBe(403);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await response.json()).toMatchObject({ message: expect.any(String) });
	});
});
