import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

// Choosing what notifies you, on a phone. Found on a tour: 35 checkboxes of 16 px in a table at
// 360 px, each to be hit exactly; a tap beside the box did nothing.

test('a tap anywhere in a notification choice’s cell ticks it, on a phone', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await postSignUp(page, 'Noé Notif', uniqueEmail('noe'));
	await postCompany(page, `Coop ${Date.now().toString(36)}`);
	await page.goto('/notifications/settings');
	await page.waitForLoadState('networkidle');

	const onScreen = page.getByRole('checkbox', { name: 'Mentioned in a document: On screen' });
	await expect(onScreen).toBeChecked();
	// Every choice has a target of at least 44 px by 44 px around its box.
	const targets = await page.locator('td label:has(input[type="checkbox"])').all();
	expect(targets.length).toBe(await page.locator('td input[type="checkbox"]').count());
	for (const target of targets) {
		const box = await target.boundingBox();
		expect(box?.width).toBeGreaterThanOrEqual(44);
		expect(box?.height).toBeGreaterThanOrEqual(44);
	}
	// A tap in the corner of the target, off the box itself, unticks it.
	const target = page.locator('td label', { has: onScreen });
	await target.click({ position: { x: 3, y: 3 } });
	await expect(onScreen).not.toBeChecked();

	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Your choices are saved.')).toBeVisible();
	await page.reload();
	await expect(
		page.getByRole('checkbox', { name: 'Mentioned in a document: On screen' })
	).not.toBeChecked();
});

test('with “In Hameau” off for a kind, its other ways are greyed, and come back as they were', async ({
	page
}) => {
	await postSignUp(page, 'Inès Hameau', uniqueEmail('ines'));
	await postCompany(page, `Coop ${Date.now().toString(36)}`);
	await page.goto('/notifications/settings');
	await page.waitForLoadState('networkidle');
	const inHameau = page.getByRole('checkbox', { name: 'Mentioned in a document: In Hameau' });
	const onScreen = page.getByRole('checkbox', { name: 'Mentioned in a document: On screen' });
	await expect(onScreen).toBeEnabled();
	await inHameau.uncheck();
	await expect(onScreen).toBeDisabled();
	await expect(onScreen).toBeChecked();
	await expect(onScreen).toHaveAccessibleDescription(/only of what is on in Hameau/);

	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Your choices are saved.')).toBeVisible();
	await page.reload();
	await expect(onScreen).toBeDisabled();
	await inHameau.check();
	await expect(onScreen).toBeEnabled();
	await expect(onScreen).toBeChecked();
});
