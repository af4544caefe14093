import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

const TITLE = 'Compte rendu';
const editorOf = (page: Page) => page.getByRole('textbox', { name: `Content of ${TITLE}` });

test('find a word typed in a document from the search box, and open the document at it', async ({
	openProfile
}) => {
	const page = await openProfile();
	await postSignUp(page, 'Inès Carpentier', uniqueEmail('search'));
	const slug = await postCompany(page, 'Atelier Métairie');

	await page.goto(`/${slug}/documents`);
	await page.getByLabel('Title', { exact: true }).fill(TITLE);
	await page.getByRole('button', { name: 'Create document' }).click();
	await expect(page).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
	const documentPath = new URL(page.url()).pathname;
	await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Saved');
	await editorOf(page).click();
	// Lines enough for the match to sit below the fold at the test's window size.
	for (let line = 1; line <= 25; line++) {
		await page.keyboard.type(`Ligne ${line}`);
		await page.keyboard.press('Enter');
	}
	await page.keyboard.type("Notre équipe prépare le séminaire d'automne.");
	await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Saved');

	// The index takes the text once the edits settle: wait for it through the endpoint itself.
	await page.goto(`/${slug}/documents`);
	await expect
		.poll(async () => {
			const response = await page.request.get(`/${slug}/search/suggest?q=equipe`);
			const body = (await response.json()) as { results: { documents: unknown[] } };
			return body.results.documents.length;
		})
		.toBe(1);

	// `/` from the page opens the search; an accent-less word finds the text.
	await page.locator('body').click({ position: { x: 1, y: 1 } });
	await page.keyboard.press('/');
	const box = page.getByRole('combobox', { name: 'Search' });
	await expect(box).toBeFocused();
	await page.keyboard.type('equipe');
	await expect(box).toHaveAttribute('aria-expanded', 'true');
	const listbox = page.getByRole('listbox', { name: 'Search' });
	const documents = listbox.getByRole('group', { name: 'Documents' });
	const hit = documents.getByRole('option').filter({ hasText: TITLE });
	await expect(hit).toContainText('Notre équipe prépare');
	await expect(hit.locator('mark')).toHaveText('équipe');

	// Arrow down to it (aria-activedescendant follows), Enter opens the document at the text.
	await page.keyboard.press('ArrowDown');
	await expect(hit).toHaveAttribute('aria-selected', 'true');
	await expect(box).toHaveAttribute('aria-activedescendant', (await hit.getAttribute('id'))!);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(`${documentPath}?find=%C3%A9quipe`);
	const mark = editorOf(page).locator('mark.search-hit');
	await expect(mark).toHaveText('équipe');
	await expect(mark).toBeInViewport();

	// Another hit in the document already open: the same page, another place in the text.
	await page.keyboard.press('Control+k');
	await page.keyboard.type('ligne');
	const again = documents.getByRole('option').filter({ hasText: TITLE });
	await expect(again.locator('mark').first()).toHaveText('Ligne');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(`${documentPath}?find=Ligne`);
	await expect(mark).toHaveText('Ligne');
	await expect(mark).toBeInViewport();

	// Escape closes the list; Ctrl+K brings the box back from anywhere but the editor's text.
	await page.keyboard.press('Control+k');
	await expect(box).toBeFocused();
	await page.keyboard.type('metairie');
	await expect(listbox).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(box).toHaveAttribute('aria-expanded', 'false');
	await expect(listbox).toBeHidden();
});
