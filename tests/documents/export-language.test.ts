// The HTML export over real HTTP declares the language its document is written in, not the
// reader's: a weekly plan made in French and exported by a colleague reading Hameau in English was
// served as <html lang="en">, and the other way round.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from '../helpers/client';
import { join } from '../helpers/people';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let slug: string;
/** Signed up reading Hameau in French, so her profile keeps French. */
let amandine: HttpClient;
/** Signed up reading Hameau in English. */
let bruce: HttpClient;

/** Signs up through the real form, the language menu set to `locale` first. */
async function personReading(name: string, locale: 'en' | 'fr'): Promise<HttpClient> {
	const client = new HttpClient(server.url);
	client.cookies.set('PARAGLIDE_LOCALE', locale);
	const tag = name.toLowerCase();
	await client.signUp(name, uniqueEmail(tag), strongPassword(tag));
	return client;
}

/** Creates a weekly plan (its template written in the creator's language); returns its path. */
async function weeklyPlan(by: HttpClient, title: string): Promise<string> {
	const response = await by.postForm(`/${slug}/documents?/create`, { title, kind: 'weekly_plan' });
	expect(response.status, await explain(response)).toBe(303);
	return response.headers.get('location') ?? '';
}

async function exportedPage(by: HttpClient, path: string): Promise<string> {
	const response = await by.get(`${path}/export.html`);
	const html = await response.text();
	expect(response.status, html.slice(0, 300)).toBe(200);
	return html;
}

beforeAll(async () => {
	server = await startServer();
	amandine = await personReading('Amandine', 'fr');
	bruce = await personReading('Bruce', 'en');
	slug = await amandine.createCompany('Coopérative des Combes');
	await join({ client: amandine }, slug, { client: bruce }, 'member');
});

afterAll(async () => {
	await server?.stop();
});

describe('an HTML export’s language', () => {
	it('is the French of a plan written in French, for a reader in English', async () => {
		const plan = await weeklyPlan(amandine, 'Semaine 49');
		const page = await exportedPage(bruce, plan);
		expect(page).toMatch(/^<!doctype html>\n<html lang="fr">/);
		expect(page).toContain('Objectifs de la semaine');
		// Bruce still reads Hameau itself in English.
		expect(await (await bruce.get(plan)).text()).toMatch(/<html lang="en"/);
	});

	it('is the English of a plan written in English, for a reader in French', async () => {
		const plan = await weeklyPlan(bruce, 'Week 49');
		const page = await exportedPage(amandine, plan);
		expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
		expect(page).toContain('Goals for the week');
		expect(await (await amandine.get(plan)).text()).toMatch(/<html lang="fr"/);
	});
});
