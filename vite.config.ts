import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';
// This module and those it imports at run time name their files in full (`.ts`): Vite loads its
// config without resolving extensionless imports the way its bundler does, and says so at every
// start and build.
import { paraglideIntlCachePlugin } from './server/vite-paraglide-intl.ts';
import { realtimeDevPlugin } from './server/vite-realtime.ts';

export default defineConfig({
	plugins: [
		tailwindcss(),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The user's saved language first, then the switcher's cookie, then the browser's.
			// Keep in step with the `i18n` script in package.json (used before type checks).
			strategy: ['custom-user', 'cookie', 'preferredLanguage', 'baseLocale']
		}),
		paraglideIntlCachePlugin(),
		sveltekit(),
		realtimeDevPlugin()
	],
	test: {
		include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'server/**/*.test.ts'],
		exclude: ['tests/e2e/**', 'node_modules/**'],
		environment: 'node',
		globalSetup: ['tests/helpers/global-setup.ts'],
		expect: { requireAssertions: true },
		// Twice the cores: most test files wait on a spawned server, a socket or a timer rather than
		// compute, and two workers left the second core idle half the run (8 min; 4.5 with four).
		maxWorkers: 4,
		testTimeout: 20_000,
		hookTimeout: 60_000
	}
});
