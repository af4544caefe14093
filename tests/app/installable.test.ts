// What makes Hameau installable (the manifest Chromium's and Lighthouse's checks read, its icons)
// and what the service worker may keep: only the built app and the offline page, never a page,
// the API, live events, calendar feeds or anything of a signed-in person.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFLINE_PAGE, requestHandling } from '../../src/lib/offline/requests';
import { webManifest } from '../../src/lib/server/web-manifest';

const root = join(import.meta.dirname, '..', '..');
const manifest = webManifest('fr');

/** Width and height from a PNG's header (IHDR). */
function pngSize(path: string): [number, number] {
	const bytes = readFileSync(join(root, 'static', path));
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the web app manifest', () => {
	it('has what installing needs: names, start page, standalone display, colours, language', () => {
		expect(manifest).toMatchObject({
			name: 'Hameau',
			short_name: 'Hameau',
			start_url: '/',
			scope: '/',
			display: 'standalone',
			lang: 'fr'
		});
		expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
		expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
	});

	it('describes Hameau in the reader’s language, and says which', () => {
		expect(manifest.description).toBe(
			'Travailler ensemble depuis de nombreuses petites maisons\u202f: qui est où, documents, stand-ups et appels.'
		);
		expect(webManifest('en')).toMatchObject({
			lang: 'en',
			description:
				'Work together from many small houses: who is where, documents, stand-ups and calls.'
		});
	});

	it('lists 192 and 512 px icons and a maskable one, each the size it says', () => {
		const png = (manifest.icons as { src: string; sizes: string; purpose: string; type: string }[])
			.filter((icon) => icon.type === 'image/png')
			.map((icon) => ({ ...icon, actual: pngSize(icon.src).join('x') }));
		for (const icon of png) expect(icon.actual).toBe(icon.sizes);
		const any = png.filter((icon) => icon.purpose.split(' ').includes('any'));
		expect(any.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
		expect(png.some((icon) => icon.purpose === 'maskable' && icon.sizes === '512x512')).toBe(true);
	});

	it('is linked from every page with the apple-touch icon (180 px)', () => {
		const html = readFileSync(join(root, 'src', 'app.html'), 'utf8');
		expect(html).toContain('rel="manifest" href="%sveltekit.assets%/manifest.webmanifest"');
		expect(html).toContain(
			'rel="apple-touch-icon" href="%sveltekit.assets%/icons/apple-touch-icon.png"'
		);
		expect(pngSize('icons/apple-touch-icon.png')).toEqual([180, 180]);
	});
});

describe('what the service worker does with a request', () => {
	const origin = 'https://hameau.example';
	const shell = new Set(['/_app/immutable/entry/start.abc123.js', '/favicon.svg']);
	const handling = (path: string, mode: RequestMode = 'cors', method = 'GET', at = origin) =>
		requestHandling({ url: new URL(path, at), method, mode, origin }, shell);

	it('serves the built app from its cache', () => {
		expect(handling('/_app/immutable/entry/start.abc123.js', 'no-cors')).toBe('shell');
		expect(handling('/favicon.svg', 'no-cors')).toBe('shell');
	});

	it('loads pages from the network, with the offline page as the fallback', () => {
		expect(handling('/', 'navigate')).toBe('page');
		expect(handling('/atelier/documents/x1', 'navigate')).toBe('page');
		expect(OFFLINE_PAGE).toBe('/offline');
	});

	it('leaves the API, page data, live events, feeds, sockets and forms to the network', () => {
		expect(handling('/atelier/events')).toBe('network');
		expect(handling('/atelier/documents/__data.json')).toBe('network');
		expect(handling('/api/livekit/token')).toBe('network');
		expect(handling('/collab', 'websocket' as RequestMode)).toBe('network');
		expect(handling('/calendar/secret-token.ics', 'navigate')).toBe('network');
		expect(handling('/atelier/documents?/create', 'navigate', 'POST')).toBe('network');
		expect(handling('/logout', 'navigate', 'POST')).toBe('network');
		// A built file's name, but from another site.
		expect(handling('/favicon.svg', 'no-cors', 'GET', 'https://elsewhere.example')).toBe('network');
	});
});
