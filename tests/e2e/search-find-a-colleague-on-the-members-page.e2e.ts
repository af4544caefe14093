import { expect, test } from './fixtures';
import { teamWithAHouse } from './presence-support';

test('a colleague found by search opens at their row of the members page', async ({
	openProfile
}) => {
	const { manager, slug } = await teamWithAHouse(openProfile, {
		company: 'Coopérative d’Ambert',
		house: 'Maison d’Ambert',
		seats: '4',
		cost: '300'
	});
	await manager.goto(`/${slug}`);
	await manager.keyboard.press('/');
	await manager.keyboard.type('bastien');
	const option = manager.getByRole('option', { name: 'Bastien Roux' });
	await expect(option).toBeVisible();
	await manager.keyboard.press('ArrowDown');
	await expect(option).toHaveAttribute('aria-selected', 'true');
	await manager.keyboard.press('Enter');

	await expect(manager).toHaveURL(new RegExp(`/${slug}/members#member-`));
	// The row of the person found is the page's target (marked, and scrolled to).
	const found = manager.locator('li:target');
	await expect(found).toContainText('Bastien Roux');
	await expect(found).toBeInViewport();
});
