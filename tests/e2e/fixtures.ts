// The browser tests' own `test`: Playwright's, plus `openProfile`, which opens a page in a browser
// profile of its own (its own cookies and storage, as another person or another device has) and
// closes every profile it opened once the test is over, whether it passed or not.
import {
	test as base,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';

export { expect } from '@playwright/test';

export type Fixtures = {
	/** A page in a new browser profile; options as `browser.newContext` takes them. */
	openProfile: (options?: BrowserContextOptions) => Promise<Page>;
};

export const test = base.extend<Fixtures>({
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
