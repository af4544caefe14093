import { expect, test } from './fixtures';
import { companyWith, roundCommand, setUpStandup } from './stand-up-support';

// Ana opens the stand-up from the list just as the manager starts it: her page's data was read
// before the start and reaches her after it. The page must still show the round that started,
// live, without her reloading (the start's live event arrived while the page was on its way).
test.describe.configure({ timeout: 90_000 });

declare global {
	interface Window {
		/** Ids of the live events this page's EventSource received (recorded by the test). */
		liveIds?: string[];
	}
}

test('a stand-up opened as the round starts shows the round', async ({ openProfile }) => {
	const { slug, manager, members } = await companyWith(openProfile, 'Marc Manager', ['Ana Martin']);
	const [ana] = members;
	const standupUrl = await setUpStandup(manager, slug, 'Morning round');

	// Record the live events Ana's browser receives, to know when the start has reached it.
	await ana.addInitScript(() => {
		const Native = window.EventSource;
		window.liveIds = [];
		window.EventSource = class extends Native {
			constructor(url: string | URL, init?: EventSourceInit) {
				super(url, init);
				this.addEventListener('message', (event) => window.liveIds!.push(event.lastEventId));
			}
		};
	});
	await ana.goto(`/${slug}/standups`);
	await expect(ana.getByRole('link', { name: 'Morning round' })).toBeVisible();

	// Ana's page data is read (round not started) and held back until the start has been
	// published and received by her browser.
	let held = false;
	await ana.route(/\/standups\/[^/]+\/__data\.json/, async (route) => {
		const response = await route.fetch();
		if (!held) {
			held = true;
			const seen = await ana.evaluate(() => window.liveIds!.length);
			await roundCommand(manager, 'Start the stand-up');
			await expect(manager.getByTestId('current-speaker')).toHaveText('Marc Manager');
			await ana.waitForFunction((count) => window.liveIds!.length > count, seen);
		}
		await route.fulfill({ response });
	});
	await ana.getByRole('link', { name: 'Morning round' }).click();
	// The navigation ends only once the held data is let through: after the manager's start has
	// gone round, which a busy machine takes longer than the default 5 s to do.
	await expect(ana).toHaveURL(new RegExp(`${standupUrl}$`), { timeout: 30_000 });
	await expect(ana.getByTestId('current-speaker')).toHaveText('Marc Manager');
	await expect(ana.getByText('Absent (written answers included): Ana Martin')).toBeVisible();
	await expect(ana.getByText('Not started yet')).toHaveCount(0);
});
