// A page that takes its time shows a progress bar at the top (after ~300 ms, so quick pages do not
// flicker), and the bar goes once the page is there.
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

test('someone opens a slow page and sees that it is loading', async ({ openProfile }) => {
	const page = await openProfile();
	await postSignUp(page, 'Honorine Vidal', uniqueEmail('slow-page'));
	await page.goto(`/${await postCompany(page, 'Atelier Patient')}`);
	const bar = page.getByRole('progressbar', { name: 'Loading the page…' });

	// The documents page's data waits until the test has seen the bar, as on a slow connection.
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/documents/__data.json*', async (route) => {
		await released;
		await route.continue();
	});

	await page.getByRole('link', { name: 'Documents', exact: true }).click();
	await expect(bar).toBeVisible();
	release();
	await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
	await expect(bar).toHaveCount(0);
});
