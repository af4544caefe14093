import { expect, test } from './fixtures';
import { signUpInFrench, uniqueEmail } from './support';

// French contracts "à le" into "au" and "à les" into "aux": the board offered "Je suis à Le
// Fournil aujourd’hui". On a phone, in French, with the page's scripts on.
test('on a phone in French, an owner checks in “au Fournil” from the board and reads the QR code’s title “aux Tilleuls”', async ({
	openProfile
}) => {
	const page = await openProfile({ locale: 'fr-FR', viewport: { width: 360, height: 780 } });
	await signUpInFrench(page, 'Odile Fabre', uniqueEmail('odile'));
	await page.goto('/companies');
	await page.getByLabel('Nom de l’entreprise').fill('Scop des Volcans');
	await page.getByRole('button', { name: 'Créer l’entreprise' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Scop des Volcans' })).toBeVisible();
	const slug = new URL(page.url()).pathname.slice(1);

	for (const house of ['Le Fournil', 'Les Tilleuls']) {
		await page.goto(`/${slug}/houses`);
		const form = page.locator('form', {
			has: page.getByRole('button', { name: 'Créer la maison' })
		});
		await form.getByLabel('Nom', { exact: true }).fill(house);
		await form.getByLabel('Commune').fill('Murat');
		await form.getByLabel('Places', { exact: true }).fill('4');
		await form.getByLabel('Coût de fonctionnement mensuel (€)').fill('0');
		await form.getByRole('button', { name: 'Créer la maison' }).click();
		await expect(page.getByText(`Maison « ${house} » créée.`)).toBeVisible();
	}

	await page.goto(`/${slug}`);
	await expect(
		page.getByRole('button', { name: 'Je suis aux Tilleuls aujourd’hui' })
	).toBeVisible();
	await page.getByRole('button', { name: 'Je suis au Fournil aujourd’hui' }).click();
	await expect(page.getByText('Vous êtes au Fournil aujourd’hui')).toBeVisible();
	await expect(page.getByText(/à Le Fournil|à Les Tilleuls/)).toHaveCount(0);

	await page.goto(`/${slug}/check-in`);
	await page
		.getByRole('listitem')
		.filter({ hasText: 'Les Tilleuls' })
		.getByRole('link', { name: 'Imprimer le QR code' })
		.click();
	await expect(page).toHaveTitle('Pointer aux Tilleuls · Hameau');
	await expect(page.getByRole('img', { name: 'QR code pour pointer aux Tilleuls' })).toBeVisible();
});
