// A commune officer signs up, creates the operator that runs the commune's house, adds the house
// with its opening days and hours, and finds it in the network view (on a laptop and a phone).
import { expect, test } from './fixtures';
import { postSignUp, uniqueEmail } from './support';

test('a commune officer sets up an operator and its house', async ({ page }) => {
	await postSignUp(page, 'Claire Officer', uniqueEmail('claire'));
	await page.goto('/companies');

	// /companies offers to create an operator beside the companies.
	await page.getByRole('link', { name: 'Create an operator' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Create an operator' })).toBeVisible();
	await page.getByLabel('Name', { exact: true }).fill('Commune de Murat');
	await page.getByRole('button', { name: 'Create the operator' }).click();
	await expect(page).toHaveURL(/\/operators\/commune-de-murat(-\d+)?$/);
	const networkUrl = page.url();
	await expect(page.getByRole('heading', { level: 1, name: 'Network' })).toBeVisible();
	await expect(page.getByText('Commune de Murat runs no house yet.')).toBeVisible();

	await page.getByRole('link', { name: 'Add a house' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Houses' })).toBeVisible();
	const form = page.locator('form[action="?/create"]');
	await form.getByLabel('Name', { exact: true }).fill('Maison des entreprises');
	await form.getByLabel('Commune').fill('Murat');
	await form.getByLabel('Address').fill('2 place de la Mairie');
	await form.getByLabel('Seats').fill('14');
	await form.getByLabel('Saturday').check();
	await form.getByLabel('Friday').uncheck();
	await form.getByLabel('Opens at').fill('09:00');
	await form.getByLabel('Closes at').fill('08:00');
	await form.getByRole('button', { name: 'Add the house' }).click();
	// Closing before opening: refused, with the reason beside the closing time.
	await expect(page.getByText('The closing time must come after the opening time.')).toBeVisible();
	await form.getByLabel('Closes at').fill('17:30');
	await form.getByRole('button', { name: 'Add the house' }).click();
	await expect(page.getByText('House added: Maison des entreprises.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Maison des entreprises' })).toBeVisible();
	await expect(page.getByText('Monday to Thursday and Saturday, 09:00–17:30')).toBeVisible();

	// The form is back as it first was for the next house (the page came by a link, so the browser
	// built it: nothing of the server's defaults to fall back on), not emptied: a second house with
	// only its name, commune and seats opens on weekdays, 08:30–18:30, on the default clock.
	await expect(form.getByLabel('Name', { exact: true })).toHaveValue('');
	for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
		await expect(form.getByLabel(day)).toBeChecked();
	}
	await expect(form.getByLabel('Saturday')).not.toBeChecked();
	await expect(form.getByLabel('Opens at')).toHaveValue('08:30');
	await expect(form.getByLabel('Time zone')).toHaveValue('Europe/Paris');
	await form.getByLabel('Name', { exact: true }).fill('Tiers-lieu de la gare');
	await form.getByLabel('Commune').fill('Murat');
	await form.getByLabel('Seats').fill('6');
	await form.getByRole('button', { name: 'Add the house' }).click();
	await expect(page.getByText('House added: Tiers-lieu de la gare.')).toBeVisible();
	await expect(page.getByText('Monday to Friday, 08:30–18:30')).toBeVisible();

	// The network view: one line per house, counts only.
	await page.getByRole('link', { name: 'Network' }).click();
	const table = page.getByTestId('network-table');
	const row = table.getByRole('row', { name: /Maison des entreprises/ });
	await expect(row).toContainText('14');
	// No agreement yet: last month has nothing to close.
	await expect(row).toContainText('nothing to close');

	// The house's own page, with the ways into what the house needs.
	await row.getByRole('link', { name: 'Maison des entreprises' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Maison des entreprises' })
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'Running costs' })).toBeVisible();
	await expect(page.getByTestId('on-site-today')).toHaveText('0');

	// The switcher lists it under "Houses you run"; on a phone the network shows cards.
	await page.setViewportSize({ width: 360, height: 740 });
	await page.goto(networkUrl);
	await expect(table).toBeHidden();
	// The header names the officer's role, which wraps whole to a line of its own.
	const role = page.getByText('Your role: Admin', { exact: true });
	await expect(role).toBeVisible();
	expect((await role.boundingBox())!.height).toBeLessThan(30);
	await expect(page.getByRole('link', { name: 'Maison des entreprises' })).toBeVisible();
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	// Named for what it holds: companies and the operators the person works for.
	await page.getByRole('button', { name: 'Commune de Murat: switch company or operator' }).click();
	await expect(page.getByRole('menuitem', { name: 'Commune de Murat' })).toBeVisible();
});
