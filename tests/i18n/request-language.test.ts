// Each request is served in its own language, whatever the requests served beside it: the
// language lives in the request's async context (hooks.server.ts), which every message reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const titles = { en: 'Work near home, together.', fr: 'Travailler près de chez soi, ensemble.' };

async function landing(headers: Record<string, string>): Promise<string> {
	const response = await fetch(`${server.url}/`, { headers });
	expect(response.status).toBe(200);
	return response.text();
}

describe('the language of a request', () => {
	it('comes from the cookie, then the browser, and never from a request served at the same time', async () => {
		const asked = Array.from({ length: 40 }, (_, index) => {
			const locale = index % 2 === 0 ? 'fr' : 'en';
			// Half by the chosen language's cookie, half by the browser's Accept-Language.
			const headers: Record<string, string> =
				index % 4 < 2
					? { cookie: `PARAGLIDE_LOCALE=${locale}` }
					: { 'accept-language': locale === 'fr' ? 'fr-FR,fr;q=0.9' : 'en-GB,en;q=0.9' };
			return { locale, page: landing(headers) };
		});
		for (const { locale, page } of asked) {
			const html = await page;
			expect(html).toMatch(new RegExp(`<html lang="${locale}"`));
			expect(html).toContain(titles[locale as 'en' | 'fr']);
			expect(html).not.toContain(titles[locale === 'fr' ? 'en' : 'fr']);
		}
	});
});
