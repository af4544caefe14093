// The browser tests' own `test`: Playwright's, plus `openProfile`, which opens a page in a browser
// profile of its own (its own cookies and storage, as another person or another device has) and
// closes every profile it opened once the test is over, whether it passed or not.
//
// The pages both give wait, after `goto` and `reload`, until the page's scripts have taken it over
// (see `waitForScripts`): a test that clicks a control needing them (a dialog, a menu) right after
// opening a page otherwise races the hydration on a busy machine, and the plain form posts instead
// (stop 33's CI failure).
import {
	test as base,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';

export { expect } from '@playwright/test';

export type Fixtures = {
	/** A page in a new browser profile; options as `browser.newContext` takes them. */
	openProfile: (options?: BrowserContextOptions) => Promise<Page>;
};

/** How long a page's scripts may take to hydrate it on a loaded 2-core machine. */
const HYDRATION_TIMEOUT_MS = 30_000;

type LoadEvent = 'load' | 'domcontentloaded' | 'networkidle' | 'commit';

/**
 * Waits until the page's scripts have hydrated it: the root layout marks `<html data-hydrated>`
 * (`$lib/hydration.ts`). A document SvelteKit does not hydrate (a page without client scripts such
 * as /offline, a JSON or a file) has no SvelteKit start script and is not waited for.
 */
export async function waitForScripts(page: Page): Promise<void> {
	await page.waitForFunction(
		() =>
			document.documentElement.hasAttribute('data-hydrated') ||
			!Array.from(document.scripts).some((script) => script.text.includes('__sveltekit_')),
		undefined,
		{ timeout: HYDRATION_TIMEOUT_MS }
	);
}

/**
 * Makes `page.goto` and `page.reload` wait for the scripts too, unless the test asked for an
 * earlier moment (`waitUntil: 'commit'` or `'domcontentloaded'`: it means to act before them).
 */
function waitForScriptsOnOpen(page: Page): Page {
	const goto = page.goto.bind(page);
	const reload = page.reload.bind(page);
	const waitsForScripts = (waitUntil: LoadEvent | undefined) =>
		waitUntil === undefined || waitUntil === 'load' || waitUntil === 'networkidle';
	page.goto = async (url, options) => {
		const response = await goto(url, options);
		if (waitsForScripts(options?.waitUntil)) await waitForScripts(page);
		return response;
	};
	page.reload = async (options) => {
		const response = await reload(options);
		if (waitsForScripts(options?.waitUntil)) await waitForScripts(page);
		return response;
	};
	return page;
}

/** Every page the profile opens from now on waits for its scripts (unless they are off). */
function waitForScriptsInProfile(profile: BrowserContext, scriptsOn: boolean): BrowserContext {
	if (!scriptsOn) return profile;
	const newPage = profile.newPage.bind(profile);
	profile.newPage = async () => waitForScriptsOnOpen(await newPage());
	return profile;
}

/**
 * Whether the running test's profiles have scripts unless a profile says otherwise: its
 * `javaScriptEnabled` option (`test.use`), which Playwright applies inside `newContext`, after the
 * wrapper below has seen the profile's own options. One test at a time runs in a worker.
 */
let scriptsOnInThisTest = true;

/**
 * Every profile opened in the tests gets the waits: Playwright's own `page` fixture opens its
 * profile through this `browser` too, as `openProfile` and the tests that call `newContext` do.
 */
function waitForScriptsInBrowser(browser: Browser): Browser {
	const newContext = browser.newContext.bind(browser);
	browser.newContext = async (options) =>
		waitForScriptsInProfile(
			await newContext(options),
			options?.javaScriptEnabled ?? scriptsOnInThisTest
		);
	return browser;
}

export const test = base.extend<Fixtures & { scriptsOption: void }, { browser: Browser }>({
	scriptsOption: [
		async ({ javaScriptEnabled }, use) => {
			scriptsOnInThisTest = javaScriptEnabled !== false;
			await use();
		},
		{ auto: true }
	],
	browser: [
		async ({ browser }, use) => {
			await use(waitForScriptsInBrowser(browser));
		},
		{ scope: 'worker' }
	],
	openProfile: async ({ browser }, use) => {
		const profiles: BrowserContext[] = [];
		await use(async (options) => {
			const profile = await browser.newContext(options);
			profiles.push(profile);
			return profile.newPage();
		});
		await Promise.all(profiles.map((profile) => profile.close()));
	}
});
