// After a save the focus stays where the person was (SvelteKit moved it to the top of the page),
// and the page says it was saved.
import { expect, test } from './fixtures';
import { signUp, uniqueEmail } from './support';

test('saving the profile with Enter leaves the focus in its field and says it was saved', async ({
	openProfile
}) => {
	const page = await openProfile();
	await signUp(page, 'Armand Delpeuch', uniqueEmail('armand'));
	await page.goto('/profile');
	const name = page.getByLabel('Your name');
	await name.fill('Armand Delpeuch-Roux');
	await name.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
	await expect(name).toBeFocused();
	await expect(name).toHaveValue('Armand Delpeuch-Roux');
});

test('choosing the dark theme from the keyboard keeps the focus on the choice and says it was saved', async ({
	openProfile
}) => {
	const page = await openProfile();
	await signUp(page, 'Rose Malbec', uniqueEmail('rose'));
	await page.goto('/profile');
	const dark = page.getByRole('radio', { name: 'Dark' });
	await dark.focus();
	await page.keyboard.press('Space');
	await expect(dark).toBeChecked();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Appearance saved.' })).toBeVisible();
	await expect(dark).toBeFocused();
});

test('saving notification choices from the keyboard keeps the focus on the box just changed', async ({
	openProfile
}) => {
	const page = await openProfile();
	await signUp(page, 'Paul Ternant', uniqueEmail('paul'));
	await page.goto('/notifications/settings');
	const mention = page.getByRole('checkbox', { name: 'Mentioned in a document: In Hameau' });
	const was = await mention.isChecked();
	await mention.focus();
	await page.keyboard.press('Space');
	await page.keyboard.press('Enter');
	await expect(
		page.getByRole('status').filter({ hasText: 'Your choices are saved.' })
	).toBeVisible();
	await expect(mention).toBeChecked({ checked: !was });
	await expect(mention).toBeFocused();
});
