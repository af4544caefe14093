// A French reader's documents: titles found and sorted as they read them (accents or not), and the
// editor's shortcuts named as their keyboard names its keys.
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

test('a French reader finds “Réunion” by typing “reunion”, and reads Maj in the shortcuts', async ({
	openProfile
}) => {
	const page = await openProfile({ locale: 'fr-FR' });
	await postSignUp(page, 'Hélène Petit', uniqueEmail('docs-fr'));
	const slug = await postCompany(page, 'Coopérative du Cantal');

	await page.goto(`/${slug}/documents`);
	for (const title of ['Réunion de rentrée', 'Été à Murat', 'Budget']) {
		await page.getByLabel('Titre', { exact: true }).fill(title);
		await page.getByRole('button', { name: 'Créer le document' }).click();
		await expect(page).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
		await page.goto(`/${slug}/documents`);
	}

	// Sorted by title, "Été" among the E, not after every other letter.
	await page.getByLabel('Trier par').selectOption('title');
	await expect(page).toHaveURL(/sort=title/);
	const titles = page
		.getByRole('list', { name: 'Documents', exact: true })
		.getByRole('listitem')
		.getByRole('link');
	await expect(titles).toHaveText(['Budget', 'Été à Murat', 'Réunion de rentrée']);

	await page.getByLabel('Chercher par titre').fill('reunion');
	await page.getByRole('button', { name: 'Chercher', exact: true }).click();
	await expect(titles).toHaveText(['Réunion de rentrée']);

	await titles.click();
	const strike = page.getByRole('button', { name: 'Barré' });
	await expect(strike).toBeEnabled();
	await expect(strike).toHaveAttribute('title', 'Barré (Ctrl+Maj+S)');
	await expect(strike).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+S');
});
