import { expect, test } from './fixtures';
import { signUp, uniqueEmail } from './support';

test('switching to French changes the interface, and the choice sticks to the account', async ({
	page,
	openProfile
}) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Work near home, together.' })).toBeVisible();
	await page.getByRole('button', { name: 'Français' }).click();
	await expect(
		page.getByRole('heading', { name: 'Travailler près de chez soi, ensemble.' })
	).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

	// Signed up in French, the account keeps French in a fresh browser with English preferred.
	const email = uniqueEmail('fr');
	await page.goto('/signup');
	await page.getByLabel('Votre nom').fill('Hélène Petit');
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Mot de passe').fill('une longue phrase secrète');
	await page.getByRole('button', { name: 'Créer le compte' }).click();
	await expect(page.getByRole('heading', { name: 'Vos entreprises' })).toBeVisible();

	const other = await openProfile({ locale: 'en-GB' });
	await other.goto('/login');
	await expect(other.getByRole('heading', { name: 'Log in to Hameau' })).toBeVisible();
	await other.getByLabel('Email').fill(email);
	await other.getByLabel('Password').fill('une longue phrase secrète');
	await other.getByRole('button', { name: 'Log in' }).click();
	await expect(other.getByRole('heading', { name: 'Vos entreprises' })).toBeVisible();
});

test('the browser’s language is used until someone chooses', async ({ openProfile }) => {
	const page = await openProfile({ locale: 'fr-FR' });
	await page.goto('/login');
	await expect(page.getByRole('heading', { name: 'Se connecter à Hameau' })).toBeVisible();
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { name: 'Log in to Hameau' })).toBeVisible();
	await signUp(page, 'Paul', uniqueEmail('en'));
	await expect(page.getByRole('heading', { name: 'Your companies' })).toBeVisible();
});
