import { expect, test } from './fixtures';
import { teamWithAHouse } from './presence-support';

test('an owner removes a member with the keyboard alone and goes on from the answer', async ({
	openProfile
}) => {
	const { manager: owner, slug } = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Thiers',
		house: 'Maison de Thiers',
		seats: '4',
		cost: '300'
	});
	await owner.goto(`/${slug}/members`);
	const row = owner.getByRole('listitem').filter({ hasText: 'Bastien Roux' });
	await row.getByRole('button', { name: 'Remove Bastien Roux' }).focus();
	await owner.keyboard.press('Enter');
	const dialog = owner.getByRole('alertdialog', { name: 'Remove Bastien Roux?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Remove from company' }).focus();
	await owner.keyboard.press('Enter');

	const answer = owner.getByRole('status').filter({ hasText: 'Member removed.' });
	await expect(answer).toBeVisible();
	await expect(row).toHaveCount(0);
	// The row and its button are gone: the focus is on the answer, not lost on the page.
	await expect(owner.locator(':focus')).toContainText('Member removed.');
	// And the next Tab goes on from there, into the list, not back to the top of the page.
	await owner.keyboard.press('Tab');
	await expect(owner.locator(':focus')).not.toHaveText('Skip to content');
	expect(await owner.evaluate(() => document.activeElement?.closest('ul') !== null)).toBe(true);
});
