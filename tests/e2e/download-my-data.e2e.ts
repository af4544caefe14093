import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { addHouse } from './presence-support';
import { postCompany, postSignUp, uniqueEmail } from './support';

test('a person downloads their data from the profile, and the file holds their plan', async ({
	page
}) => {
	await postSignUp(page, 'Inès Marty', uniqueEmail('my-data'));
	const slug = await postCompany(page, 'Fromagerie du Lioran');
	await addHouse(page, slug, 'Maison du Lioran', '4', '300');

	await page.goto(`/${slug}/plan`);
	await page.getByRole('link', { name: 'Next week' }).click();
	// Hydrating after the choice below would put the select back as the server rendered it.
	await expect(page).toHaveURL(/week=/);
	await page.waitForLoadState('networkidle');
	const wednesday = page.getByRole('form', { name: /^Wednesday/ });
	await wednesday.getByLabel('Where').selectOption({ label: 'Maison du Lioran' });
	await wednesday.getByLabel('Note').fill('Atelier affinage');
	await wednesday.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText(/^Saved: Wednesday/)).toBeVisible();

	await page.goto('/profile');
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download my data' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^hameau-\d{4}-\d{2}-\d{2}\.json$/);
	const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
	expect(data.account).toMatchObject({ name: 'Inès Marty' });
	expect(data.companies).toEqual([expect.objectContaining({ company: 'Fromagerie du Lioran' })]);
	expect(data.dayPlans).toEqual([
		expect.objectContaining({
			company: 'Fromagerie du Lioran',
			house: 'Maison du Lioran',
			note: 'Atelier affinage'
		})
	]);
	expect(JSON.stringify(data)).not.toMatch(/passwordHash|tokenHash|p256dh|"auth"/i);

	// Signed out, the address leads to the log-in page, not to anyone's data.
	await page.context().clearCookies();
	const answer = await page.request.get('/profile/my-data.json', { maxRedirects: 0 });
	expect(answer.status()).toBe(303);
	expect(answer.headers().location).toMatch(/^\/login\?next=/);
});
