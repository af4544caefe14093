import { expect, test } from '@playwright/test';
import { PASSWORD, signUp, uniqueEmail } from './support';

// On a slow village link the form is on screen well before the page's scripts have arrived; what
// a person types in that time must survive the scripts taking over the page.
test('what is typed before the page has finished loading is kept and logs in', async ({
	page,
	context
}) => {
	const email = uniqueEmail('early');
	await signUp(page, 'Aurélie Petit', email);
	await context.clearCookies();

	let releaseScripts!: () => void;
	const scriptsHeld = new Promise<void>((resolve) => (releaseScripts = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await scriptsHeld;
		await route.continue();
	});
	await page.goto('/login', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);

	releaseScripts();
	// Every module is in and the page has been quiet for a while: hydration has run.
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Email')).toHaveValue(email);
	await expect(page.getByLabel('Password')).toHaveValue(PASSWORD);

	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('heading', { name: 'Your companies' })).toBeVisible();
});
