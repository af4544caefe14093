import { expect, test } from './fixtures';
import { teamWithAHouse } from './presence-support';

// Most people reach for the mouse or a finger, not the arrow keys: a result clicked in the search
// box's list opens (it closed the list and stayed put). Without scripts, Enter opens the
// results page (it did nothing).
test('a result clicked in the search box opens, and Enter searches without scripts', async ({
	openProfile
}) => {
	const { manager, slug } = await teamWithAHouse(openProfile, {
		company: 'Coopérative d’Ambert',
		house: 'Maison d’Ambert',
		seats: '4',
		cost: '300'
	});
	await manager.goto(`/${slug}`);
	const box = manager.getByRole('combobox', { name: 'Search' });
	await box.click();
	await box.pressSequentially('bastien');
	await manager.getByRole('option', { name: 'Bastien Roux' }).click();
	await expect(manager).toHaveURL(new RegExp(`/${slug}/members#member-`));
	await expect(manager.locator('li:target')).toContainText('Bastien Roux');
	await expect(box).toHaveValue('');

	// "All results" is an option too.
	await box.click();
	await box.pressSequentially('ambert');
	await manager.getByRole('option', { name: /All results for “ambert”/ }).click();
	await expect(manager).toHaveURL(new RegExp(`/${slug}/search\\?q=ambert$`));

	const context = await manager
		.context()
		.browser()!
		.newContext({ javaScriptEnabled: false, storageState: await manager.context().storageState() });
	const plain = await context.newPage();
	await plain.goto(`/${slug}`);
	await plain.getByRole('combobox', { name: 'Search' }).fill('bastien');
	await plain.getByRole('combobox', { name: 'Search' }).press('Enter');
	await expect(plain).toHaveURL(new RegExp(`/${slug}/search\\?q=bastien$`));
	await expect(plain.getByTestId('search-count')).toHaveText('1 result for “bastien”.');
	await context.close();
});
