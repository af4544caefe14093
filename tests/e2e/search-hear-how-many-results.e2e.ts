// A screen reader user types in the search box and hears what it found, once.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

async function ownerOfACompany(page: Page, name: string, company: string): Promise<string> {
	await postSignUp(page, name, uniqueEmail(name.toLowerCase().replace(/\W+/g, '-')));
	return postCompany(page, company);
}

/** Records everything a live region says from now on, in order; the returned function reads it. */
async function recordWhatIsSaid(region: Locator): Promise<() => Promise<string[]>> {
	await region.evaluate((element) => {
		const heard: string[] = [];
		(window as unknown as { heard: string[] }).heard = heard;
		new MutationObserver(() => {
			const text = element.textContent?.trim() ?? '';
			if (text) heard.push(text);
		}).observe(element, { childList: true, subtree: true, characterData: true });
	});
	return () => region.page().evaluate(() => (window as unknown as { heard: string[] }).heard);
}

test('the search box says how many results a query found, once typing pauses', async ({
	openProfile
}) => {
	const page = await openProfile();
	const slug = await ownerOfACompany(page, 'Inès Carpentier', 'Atelier Métairie');
	await page.goto(`/${slug}`);
	const box = page.getByRole('combobox', { name: 'Search' });
	const said = page.getByRole('search').getByRole('status');
	// Everything the live region says while the person types, in order.
	const heard = await recordWhatIsSaid(said);

	// Slower than the box asks the server (each letter gets its own answer), as many people type.
	await box.pressSequentially('carpen', { delay: 250 });
	await expect(said).toHaveText('1 result');
	expect(await heard()).toEqual(['1 result']);

	await box.fill('zzqx');
	await expect(said).toHaveText('Nothing found for “zzqx”.');
	expect(await heard()).toEqual(['1 result', 'Nothing found for “zzqx”.']);

	// Closed, it says nothing more.
	await box.press('Escape');
	await expect(said).toHaveText('');
});

test('the search page says how many results a search sent from it found', async ({
	openProfile
}) => {
	const page = await openProfile();
	const slug = await ownerOfACompany(page, 'Inès Carpentier', 'Atelier Métairie');
	await page.goto(`/${slug}/search?q=carpen`);
	const main = page.getByRole('main');
	// The page's own live region (the header's search box has another).
	const said = page.getByTestId('search-count');
	await expect(said).toHaveRole('status');
	await expect(said).toHaveText('1 result for “carpen”.');
	// Everything the live region says from now on, in order.
	const heard = await recordWhatIsSaid(said);

	// Another search from the page's own field: the page stays, and says what it found.
	const field = main.getByRole('searchbox', { name: 'Search' });
	await field.fill('zzqx');
	await field.press('Enter');
	await expect(page).toHaveURL(/q=zzqx/);
	await expect(said).toHaveText('Nothing found for “zzqx”.');
	await field.fill('inès');
	await main.getByRole('button', { name: 'Search' }).click();
	await expect(said).toHaveText('1 result for “inès”.');
	expect(await heard()).toEqual(['Nothing found for “zzqx”.', '1 result for “inès”.']);
});
