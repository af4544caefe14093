import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findFullChromium, findTestChromium } from './tests/setup/chromium.mjs';
import { villageMediaEnv } from './tests/e2e/village-link';

const port = Number(process.env.E2E_PORT ?? 4317);
/** Playwright's output directory (traces, screenshots, the server's log), kept by CI on failure. */
const outputDir = 'test-results';
/** Browser tests that hold video calls. */
const CALL_TESTS =
	/\/(video-[^/]*|media-[^/]*|link-budget|run-a-stand-up-across-houses|take-over-a-stand-up-when-the-runner-drops)\.e2e\.ts$/;
/** Browser tests of what the headless shell lacks: push notifications (it denies the permission). */
const FULL_BROWSER_TESTS = /\/push\.e2e\.ts$/;
/** The calls on the emulated village link (village-link.ts). */
const VILLAGE_TESTS = /\/video-[^/]*village[^/]*\.e2e\.ts$/;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir,
	// Two cores: one browser per worker.
	workers: 2,
	forbidOnly: !!process.env.CI,
	retries: 0,
	// Most tests bring two or three people into the app: on 2 cores beside a video test in the
	// other worker, each step may take a second or two. The budget is per test; assertions keep
	// their own timeouts.
	timeout: 60_000,
	expect: { timeout: 5_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL: `http://localhost:${port}`,
		// A failed test's trace keeps each step's DOM, enough to see what the page showed. Not its
		// screencast: filming every page of every test cost a quarter of the suite's CPU (Chromium's
		// compositor and the runner), and only failed tests' films were ever kept.
		trace: { mode: 'retain-on-failure', screenshots: false },
		screenshot: 'only-on-failure',
		locale: 'en-GB',
		launchOptions: {
			executablePath: findTestChromium(),
			args: CHROMIUM_ARGS
		}
	},
	projects: [
		{
			name: 'chromium',
			use: { browserName: 'chromium' },
			testIgnore: [CALL_TESTS, FULL_BROWSER_TESTS],
			grepInvert: /@restarts-media/
		},
		{
			name: 'full-browser',
			use: {
				browserName: 'chromium',
				launchOptions: { executablePath: findFullChromium(), args: CHROMIUM_ARGS }
			},
			testMatch: FULL_BROWSER_TESTS
		},
		// Tests that hold video calls (two or three browsers encoding and decoding video) run one at
		// a time beside the lighter tests: two at once starve 2 cores, and a camera's first frames
		// then arrive after the tests' waits.
		// The village link's calls, one at a time, before the other calls: each drives the link
		// (its rates, a cut, chosen losses) for the whole browser it runs in. After the lighter
		// tests, not beside them: making a link adds an interface to the host, which Chromium takes
		// for a network change, failing every request in flight in the other browsers
		// (ERR_NETWORK_CHANGED: a page's scripts lost, "The page could not load").
		{
			name: 'village',
			use: { browserName: 'chromium' },
			testMatch: VILLAGE_TESTS,
			workers: 1,
			dependencies: ['chromium', 'full-browser']
		},
		{
			name: 'calls',
			use: { browserName: 'chromium' },
			testMatch: CALL_TESTS,
			testIgnore: VILLAGE_TESTS,
			grepInvert: /@restarts-media/,
			workers: 1,
			dependencies: ['village']
		},
		// Tests that kill the shared media process run alone, once every other test is done.
		{
			name: 'media-restart',
			use: { browserName: 'chromium' },
			grep: /@restarts-media/,
			dependencies: ['chromium', 'full-browser', 'calls']
		}
	],
	webServer: {
		// The production entry on a fresh database.
		command: 'node tests/e2e/serve.mjs',
		url: `http://localhost:${port}/healthz`,
		reuseExistingServer: false,
		// serve.mjs first builds the app when a source changed since the last build (a minute or two).
		timeout: 240_000,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			// Debug: what the media process did, printed by a village test that fails
			// (village-support.ts); a few hundred lines for the whole suite. E2E_LOG_LEVEL changes it.
			LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'debug',
			// The app's and the media process's output, kept beside the traces (serve.mjs).
			E2E_SERVER_LOG: `${outputDir}/server.log`,
			// Every browser test signs up from 127.0.0.1, like a whole house behind one address.
			AUTH_RATE_LIMIT_PER_IP: '10000',
			// The village link's relay ports announced beside the machine's own addresses
			// (tests/e2e/village-link.ts): browsers on the link reach the media only through them.
			...villageMediaEnv(port)
		}
	}
});
