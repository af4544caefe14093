// Heard alone, the time field beside “Do not disturb” must say what it is, not just “until”.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postSignUp, signUpInFrench, uniqueEmail } from './support';

async function ownerOfACompany(page: Page, name: string, company: string): Promise<string> {
	await postSignUp(page, name, uniqueEmail(name.toLowerCase().replace(/\W+/g, '-')));
	return postCompany(page, company);
}

test('the do-not-disturb time is named “Do not disturb until”, not “until”, in English and French', async ({
	openProfile
}) => {
	const page = await openProfile();
	const slug = await ownerOfACompany(page, 'Lucie Vidal', 'Scierie du Lioran');
	await page.goto(`/${slug}`);
	await page.getByText('My status').click();
	const until = page.getByLabel('Do not disturb until', { exact: true });
	await expect(until).toHaveAttribute('type', 'time');
	await expect(until).toHaveAccessibleName('Do not disturb until');

	const french = await openProfile({ locale: 'fr-FR' });
	await signUpInFrench(french, 'Odile Fabre', uniqueEmail('odile'));
	await french.goto('/companies');
	await french.getByLabel('Nom de l’entreprise').fill('Scop des Volcans');
	await french.getByRole('button', { name: 'Créer l’entreprise' }).click();
	await expect(french.getByRole('heading', { level: 1, name: 'Scop des Volcans' })).toBeVisible();
	await french.getByText('Mon statut').click();
	await expect(french.getByLabel('Ne pas déranger jusqu’à', { exact: true })).toHaveAttribute(
		'type',
		'time'
	);
});
