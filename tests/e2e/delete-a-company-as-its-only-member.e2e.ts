import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

// Someone alone in a company (made to try Hameau, or the last one left) could neither leave it
// ("make someone else an owner first", with no one else) nor delete it. Leaving it is now
// deleting it, said as such and asked first.

test('the only member of a company deletes it from the members page, and lands on their companies', async ({
	page
}) => {
	await postSignUp(page, 'Solène Seule', uniqueEmail('solene'));
	const name = `Essai ${Date.now().toString(36)}`;
	const slug = await postCompany(page, name);
	await page.goto(`/${slug}/members`);

	await expect(page.getByRole('heading', { name: `Delete ${name}` })).toBeVisible();
	await expect(
		page.getByText('You are its only member, so leaving it means deleting it')
	).toBeVisible();
	await page.getByRole('button', { name: 'Delete the company' }).click();
	const dialog = page.getByRole('alertdialog', { name: `Delete ${name} for good?` });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Delete the company' }).click();

	await expect(page).toHaveURL(/\/companies$/);
	await expect(page.getByText('The company is deleted.')).toBeVisible();
	await expect(page.getByRole('link', { name })).toHaveCount(0);
	expect((await page.request.get(`/${slug}`)).status()).toBe(404);
});
