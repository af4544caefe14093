// A house with more people than the board shows per house: its first twelve, everyone counted,
// and "Show all" (a link: the keyboard and a browser without JavaScript follow it too), which
// lists the rest. The counts stay right when someone shown comes in, and when someone not shown
// moves: their card comes with the event.
import { join } from 'node:path';
import { seedBoard } from '../helpers/board-seed';
import { e2eDataDir } from './data-dir.mjs';
import { expect, test } from './fixtures';
import { openBoard } from './presence-support';
import { postCompany, postInvitationLink, postJoin, postSignUp, uniqueEmail } from './support';

test('a full house shows its first twelve and "Show all", with and without JavaScript', async ({
	openProfile
}) => {
	const owner = await openProfile();
	await postSignUp(owner, 'Odile Ferrand', uniqueEmail('owner'));
	const slug = await postCompany(owner, 'Maison pleine');
	// 20 colleagues at the one house (Maison 01, 24 seats), 16 of them checked in today.
	seedBoard(join(e2eDataDir(), 'hameau.db'), slug, 21, 1);

	await openBoard(owner, slug);
	const house = owner.getByTestId('house-card');
	await expect(house.getByTestId('person')).toHaveCount(12);
	await expect(house).toContainText('16 of 24 seats');
	// Someone shown comes in: counted with those not shown.
	await owner.getByRole('button', { name: 'I’m at Maison 01 today' }).click();
	await expect(house).toContainText('17 of 24 seats');
	await expect(house.getByText('Odile Ferrand')).toBeVisible();
	// The check-in's answer moves the focus to its message; the count may come first, by the live
	// event, and a focus given before the answer would then be taken away before Enter.
	await expect(
		owner.getByRole('status').filter({ hasText: 'You’re at Maison 01 today' })
	).toBeFocused();

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

test('someone not shown who checks in is counted at the house, shown there, and no longer counted where they were', async ({
	openProfile
}) => {
	const owner = await openProfile();
	await postSignUp(owner, 'Odile Ferrand', uniqueEmail('owner'));
	const slug = await postCompany(owner, 'Maison comble');
	// 60 colleagues at Maison 01: 48 checked in, 12 with nothing set today.
	seedBoard(join(e2eDataDir(), 'hameau.db'), slug, 61, 1);
	const link = await postInvitationLink(owner, slug);
	// Zoé joins from a browser without JavaScript: she never shows as online, so on the board she
	// ranks after the others with nothing set and is not shown.
	const zoe = await openProfile({ javaScriptEnabled: false });
	await postJoin(zoe, link, 'Zoé Vidal');
	await zoe.goto(`/${slug}`);

	await openBoard(owner, slug);
	const house = owner.getByTestId('house-card');
	const unset = owner.getByTestId('column-unset');
	await expect(unset.getByRole('heading')).toHaveText('Not set yet (14)');
	await expect(unset.getByTestId('person')).toHaveCount(12);
	await expect(unset.getByText('Zoé Vidal')).toHaveCount(0);
	await expect(house).toContainText('48 of 24 seats');

	await zoe.getByRole('button', { name: 'I’m at Maison 01 today' }).click();
	await expect(house.getByText('Zoé Vidal')).toBeVisible();
	await expect(house).toContainText('49 of 24 seats');
	await expect(house.getByRole('link', { name: 'Show all 49 people' })).toBeVisible();
	await expect(unset.getByRole('heading')).toHaveText('Not set yet (13)');
});
