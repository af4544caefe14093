// A house with more people than the board shows per house: its first twelve, everyone counted,
// and "Show all" (a link: the keyboard and a browser without JavaScript follow it too), which
// lists the rest. The count stays right when someone shown comes in.
import { join } from 'node:path';
import { seedBoard } from '../helpers/board-seed';
import { e2eDataDir } from './data-dir.mjs';
import { expect, test } from './fixtures';
import { openBoard } from './presence-support';
import { createCompany, signUp, uniqueEmail } from './support';

test('a full house shows its first twelve and "Show all", with and without JavaScript', async ({
	openProfile
}) => {
	const owner = await openProfile();
	await signUp(owner, 'Odile Ferrand', uniqueEmail('owner'));
	await createCompany(owner, 'Maison pleine');
	const slug = new URL(owner.url()).pathname.slice(1);
	// 20 colleagues at the one house (Maison 01, 24 seats), 16 of them checked in today.
	seedBoard(join(e2eDataDir(), 'hameau.db'), slug, 21, 1);

	await openBoard(owner, slug);
	const house = owner.getByTestId('house-card');
	await expect(house.getByTestId('person')).toHaveCount(12);
	await expect(house).toContainText('16 of 24 seats');
	// Someone shown comes in: counted with those not shown.
	await owner.getByRole('button', { name: "I'm at Maison 01 today" }).click();
	await expect(house).toContainText('17 of 24 seats');
	await expect(house.getByText('Odile Ferrand')).toBeVisible();

	// From the keyboard: the link, Enter, and the house lists everyone.
	await house.getByRole('link', { name: 'Show all 17 people' }).focus();
	await owner.keyboard.press('Enter');
	await expect(house.getByTestId('person')).toHaveCount(17);
	await expect(house.getByRole('link', { name: /Show all/ })).toHaveCount(0);
	await expect(owner.getByTestId('live-state')).toHaveAttribute('data-state', 'live');

	// The same person on a browser that runs no script.
	const plain = await openProfile({
		javaScriptEnabled: false,
		storageState: await owner.context().storageState()
	});
	await plain.goto(`/${slug}`);
	const plainHouse = plain.getByTestId('house-card');
	// Read anew: twelve again, the viewer among them.
	await expect(plainHouse.getByTestId('person')).toHaveCount(12);
	await expect(plainHouse.getByText('Odile Ferrand')).toBeVisible();
	await plainHouse.getByRole('link', { name: 'Show all 17 people' }).click();
	await expect(plainHouse.getByTestId('person')).toHaveCount(17);
	await expect(plain).toHaveURL(/\?all=house%3A[a-z0-9]+#house-[a-z0-9]+$/);
});
