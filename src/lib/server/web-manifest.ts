// The web app manifest (what installing Hameau reads: its names, start page, colours, icons), in
// the reader's language: its description and `lang` follow the request's language as every page
// does, so an install prompt in English does not describe Hameau in French, nor the reverse.
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

const ICONS = [
	{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
	{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
	{ src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
	{ src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }
];

export function webManifest(locale: Locale) {
	return {
		id: '/',
		name: 'Hameau',
		short_name: 'Hameau',
		description: m.app_manifest_description({}, { locale }),
		lang: locale,
		dir: 'ltr',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		theme_color: '#166534',
		background_color: '#fafaf9',
		icons: ICONS
	};
}
