import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

// A version's preview shows the document as the editor did. Found on a tour: a done task was
// struck through in the editor but read as still to do in the version's preview.

/** What the text of a task looks like: struck through, or not. */
const decoration = (task: Locator) =>
	task.evaluate((element) => getComputedStyle(element).textDecorationLine);

test('a done task reads as done in a version’s preview too', async ({ page }) => {
	await postSignUp(page, 'Vera Version', uniqueEmail('vera'));
	const slug = await postCompany(page, `Coop ${Date.now().toString(36)}`);
	await page.goto(`/${slug}/documents`);
	await page.getByLabel('Title', { exact: true }).fill('Plan de la semaine');
	await page.getByLabel('Start from').selectOption({ label: 'Weekly plan' });
	await page.getByRole('button', { name: 'Create document' }).click();
	await expect(page).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
	const documentUrl = page.url();

	// The template's done task, in the editor.
	const inEditor = page.locator('.ProseMirror li[data-checked="true"] > div');
	await expect(inEditor).toHaveText('Plan the week together');
	expect(await decoration(inEditor)).toBe('line-through');

	await page.goto(`${documentUrl}/history`);
	await page.getByLabel('Version name').fill('Lundi');
	await page.getByRole('button', { name: 'Save a named version' }).click();
	await expect(page.getByText('Version “Lundi” saved.')).toBeVisible();
	await page.getByRole('link', { name: 'View “Lundi”' }).click();

	const done = page.locator('article li', { hasText: 'Plan the week together' });
	await expect(done.getByRole('checkbox')).toBeChecked();
	expect(await decoration(done.locator('div'))).toBe('line-through');
	// The task still to do is not.
	const toDo = page.locator('article li', { hasText: 'A task — @someone, due Friday' });
	await expect(toDo.getByRole('checkbox')).not.toBeChecked();
	expect(await decoration(toDo.locator('div'))).toBe('none');
});
