import type { Page } from '@playwright/test';
import { expect, test, waitForScripts } from './fixtures';
import { companyWith, setUpStandup } from './stand-up-support';

// On a village link a page is a plain form well before its scripts arrive, and people start
// writing. Svelte, hydrating the page, wrote back each field as the server drew it: a stand-up
// answer typed in that time was emptied, and "Submit" then refused it as empty (a browser test
// saw it under load); a day unticked or a radio chosen came back as it was.
test.describe.configure({ timeout: 120_000 });

/**
 * Opens `path` with the scripts matching `held` kept back until `release` is called: the whole
 * app's (nothing of it has run) or only the page's own (the app has started, the page not yet).
 */
async function openBeforeScripts(page: Page, path: string, held: string) {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route(held, async (route) => {
		await released;
		await route.continue();
	});
	await page.goto(path, { waitUntil: 'domcontentloaded' });
	return async () => {
		release();
		await waitForScripts(page);
	};
}

test('answers typed and choices made before the scripts run are kept and saved', async ({
	openProfile
}) => {
	const { slug, manager, members } = await companyWith(openProfile, 'Olivia Owner', ['Ana Martin']);
	const [ana] = members;
	const standupUrl = await setUpStandup(manager, slug, 'Point du matin');

	// Nothing of the app has run when Ana writes her answers.
	const hydrate = await openBeforeScripts(ana, standupUrl, '**/_app/immutable/**/*.js');
	await ana.getByLabel('What did you do yesterday?').fill('Relu le dossier');
	await ana.getByLabel('Is anything blocking you?').fill('Rien');
	await hydrate();
	await expect(ana.getByLabel('What did you do yesterday?')).toHaveValue('Relu le dossier');
	await expect(ana.getByLabel('Is anything blocking you?')).toHaveValue('Rien');
	await ana.getByRole('button', { name: 'Submit answers' }).click();
	await expect(ana.getByText('Answers submitted.')).toBeVisible();
	await expect(ana.getByText('1 of 2 answered')).toBeVisible();

	// The app has started, the edit page's own code is still on its way when the manager unticks
	// Sunday and lets any participant run the round.
	const editUrl = `${standupUrl}/edit`;
	const hydrateEdit = await openBeforeScripts(manager, editUrl, '**/_app/immutable/nodes/**');
	await manager.getByLabel('Sun').uncheck();
	await manager.getByLabel('Any participant').check();
	await hydrateEdit();
	await expect(manager.getByLabel('Sun')).not.toBeChecked();
	await expect(manager.getByLabel('Any participant')).toBeChecked();
	await manager.getByRole('button', { name: 'Save changes' }).click();
	await expect(manager.getByText('Changes saved.')).toBeVisible();

	await manager.unrouteAll();
	await manager.goto(editUrl);
	await expect(manager.getByLabel('Sat')).toBeChecked();
	await expect(manager.getByLabel('Sun')).not.toBeChecked();
	await expect(manager.getByLabel('Any participant')).toBeChecked();
});
