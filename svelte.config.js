import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		// Our own components always use runes; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter({ out: 'build' }),
		// src/routes/+layout.svelte registers the worker, and again after a failed install.
		serviceWorker: { register: false },
		// Nonces on server-rendered pages, hashes on prerendered ones: no inline script runs unless
		// SvelteKit wrote it. The LiveKit server and the page's own ws(s):// origin are added to
		// connect-src per response in hooks.server.ts, because LIVEKIT_URL is known only at run time.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Svelte and the editor set style attributes; styles cannot run script.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				// The installable app: its service worker and manifest, from this site only.
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
