// On a house's weak link the connection may drop as someone goes to another page: that page's code
// never comes. The page says so — not "Something went wrong" with an empty reference — and loads
// when they try again, or by itself once the browser is back online. (The service worker is
// blocked: it keeps the code of pages already fetched, which a first visit does not have yet.)
import { expect, test } from './fixtures';
import { postCompany, postSignUp, signUpInFrench, uniqueEmail } from './support';

/** The pages' own code, fetched as a page comes to life. */
const PAGE_CODE = '**/_app/immutable/nodes/**';

test('a page whose code could not load says the connection dropped, and loads when tried again', async ({
	openProfile
}) => {
	const page = await openProfile({ serviceWorkers: 'block' });
	await postSignUp(page, 'Solange Mercier', uniqueEmail('link-drops'));
	await page.goto(`/${await postCompany(page, 'Atelier Coupé')}`);

	// The link drops as they open the documents.
	await page.route(PAGE_CODE, (route) => route.abort('internetdisconnected'));
	await page.getByRole('link', { name: 'Documents', exact: true }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'The page could not load' })
	).toBeVisible();
	await expect(page.getByText('Something went wrong')).toHaveCount(0);

	// It comes back; trying again opens the page.
	await page.unroute(PAGE_CODE);
	await page.getByRole('link', { name: 'Try again' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Create document' })).toBeEnabled();
});

test('in French, the page says so in French and loads by itself once back online', async ({
	openProfile
}) => {
	const page = await openProfile({ locale: 'fr-FR', serviceWorkers: 'block' });
	await signUpInFrench(page, 'Solange Mercier', uniqueEmail('link-drops-fr'));
	await page.getByLabel('Nom de l’entreprise').fill('Atelier Coupé');
	await page.getByRole('button', { name: 'Créer l’entreprise' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Atelier Coupé' })).toBeVisible();

	await page.route(PAGE_CODE, (route) => route.abort('internetdisconnected'));
	await page.getByRole('link', { name: 'Documents', exact: true }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'La page n’a pas pu se charger' })
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'Réessayer' })).toBeVisible();

	// Offline, then online again: the page loads by itself.
	await page.unroute(PAGE_CODE);
	await page.context().setOffline(true);
	await page.context().setOffline(false);
	await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Créer le document' })).toBeEnabled();
});
