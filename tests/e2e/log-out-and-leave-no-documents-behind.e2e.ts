import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createDocumentNamed, postCompany, postSignUp, uniqueEmail } from './support';

// A house's computer is shared: logging out used to leave every document opened on it in the
// browser's IndexedDB (the editor's offline copy), readable by the next person at that desk.
// Now the logout answer clears the site's storage, and asks first when that would delete changes
// made offline that no server has yet.

const TITLE = 'Budget du tiers-lieu';

/** The offline copies and unconfirmed-change counts of documents this browser holds. */
const keptOnThisBrowser = (page: Page) =>
	page.evaluate(async () => ({
		copies: (await indexedDB.databases())
			.map((database) => database.name ?? '')
			.filter((name) => name.startsWith('hameau-doc-')),
		pending: Object.keys(localStorage).filter((key) => key.startsWith('hameau-doc-pending-'))
	}));

test('logging out deletes the documents kept on this browser, and asks first when some were not sent', async ({
	page
}) => {
	await postSignUp(page, 'Lucie Partage', uniqueEmail('lucie'));
	const slug = await postCompany(page, `Coop ${Date.now().toString(36)}`);
	await createDocumentNamed(page, slug, TITLE);
	const documentId = page.url().split('/').at(-1)!;
	await page.getByRole('textbox', { name: `Content of ${TITLE}` }).click();
	await page.keyboard.type('Loyer : 400 €.');
	await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Saved');
	expect((await keptOnThisBrowser(page)).copies).toEqual([`hameau-doc-${documentId}`]);

	// Another document was edited offline here and not opened since: its changes are only here.
	await page.evaluate(() => localStorage.setItem('hameau-doc-pending-another', '4'));
	const logOut = async () => {
		await page.getByRole('button', { name: 'Lucie Partage: account menu' }).click();
		await page.getByRole('menuitem', { name: 'Log out' }).click();
	};

	// Asked first; "Cancel" keeps the person signed in, with everything where it was.
	const asked: string[] = [];
	page.once('dialog', (dialog) => {
		asked.push(dialog.message());
		void dialog.dismiss();
	});
	await logOut();
	await expect.poll(() => asked).toHaveLength(1);
	expect(asked[0]).toContain(
		'A document has changes made on this device (offline) that have not reached the server yet'
	);
	await expect(page).toHaveURL(new RegExp(`/${slug}/documents/${documentId}$`));
	expect((await keptOnThisBrowser(page)).pending).toEqual(['hameau-doc-pending-another']);

	page.once('dialog', (dialog) => void dialog.accept());
	await logOut();
	await expect(page).toHaveURL(/\/login$/);
	expect(await keptOnThisBrowser(page)).toEqual({ copies: [], pending: [] });

	// The next person at this desk signs in: the document is not readable from the browser, and
	// logging out with nothing unsent asks nothing.
	await postSignUp(page, 'Marc Suivant', uniqueEmail('marc'));
	await page.goto(`/${await postCompany(page, `Autre ${Date.now().toString(36)}`)}`);
	expect(await keptOnThisBrowser(page)).toEqual({ copies: [], pending: [] });
	page.once('dialog', () => {
		throw new Error('nothing to ask about');
	});
	await page.getByRole('button', { name: 'Marc Suivant: account menu' }).click();
	await page.getByRole('menuitem', { name: 'Log out' }).click();
	await expect(page).toHaveURL(/\/login$/);
});
