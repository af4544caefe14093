import { getLocale } from '$lib/paraglide/runtime';
import { webManifest } from '$lib/server/web-manifest';
import type { RequestHandler } from './$types';

/** The manifest in the reader's language (their account's, their cookie's, or their browser's). */
export const GET: RequestHandler = () =>
	new Response(JSON.stringify(webManifest(getLocale())), {
		headers: {
			'content-type': 'application/manifest+json',
			// Another language is another manifest: a shared cache must not serve one for the other.
			'cache-control': 'private, no-cache',
			vary: 'Cookie, Accept-Language'
		}
	});
