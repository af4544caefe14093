// Two colleagues in a call: in speaker view the other person is the large tile; a shared screen
// is shown large to the other person; a quick reaction reaches the other person.
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { companyWithTwoHouses, expectVideoPlays, joinRoom, tileOf } from './video-support';

async function width(locator: Locator): Promise<number> {
	const box = await locator.boundingBox();
	return box?.width ?? 0;
}

test('speaker view, a shared screen shown large, and a reaction', async ({ openProfile }) => {
	test.setTimeout(180_000);
	const team = await companyWithTwoHouses(openProfile, {
		company: 'Scierie du Vercors',
		houses: ['Maison de Villard', 'Maison de Lans'],
		owner: 'Agathe Brun',
		colleagues: [{ name: 'Lucas Morel', house: 'Maison de Lans' }]
	});
	const { slug, owner: agathe } = team;
	const [lucas] = team.colleagues;
	await joinRoom(agathe, slug, 'All hands');
	await joinRoom(lucas, slug, 'All hands');
	await expectVideoPlays(lucas, 'Agathe Brun');

	// Speaker view: the other person fills the stage, his own tile is a thumbnail.
	await lucas.getByRole('button', { name: 'Speaker view' }).click();
	await expect(lucas.getByRole('button', { name: 'Grid view' })).toBeVisible();
	const agatheTile = tileOf(lucas, 'Agathe Brun');
	const ownTile = tileOf(lucas, 'Lucas Morel (you)');
	await expect
		.poll(async () => (await width(agatheTile)) / (await width(ownTile)))
		.toBeGreaterThan(2);
	await expectVideoPlays(lucas, 'Agathe Brun');
	// Back to the grid: both tiles the same size.
	await lucas.getByRole('button', { name: 'Grid view' }).click();
	await expect.poll(async () => (await width(agatheTile)) / (await width(ownTile))).toBe(1);

	// Agathe shares her screen: Lucas sees it, larger than her camera.
	await agathe.getByRole('button', { name: 'Share screen' }).click();
	// Capturing the screen and publishing it can take a while on a busy machine.
	await expect(agathe.getByRole('button', { name: 'Stop sharing' })).toBeVisible({
		timeout: 20_000
	});
	const screen = tileOf(lucas, 'Agathe Brun’s screen');
	await expect(screen).toBeVisible({ timeout: 20_000 });
	await expectVideoPlays(lucas, 'Agathe Brun’s screen');
	await expect
		.poll(async () => (await width(screen)) / (await width(agatheTile)))
		.toBeGreaterThan(1.5);
	// In the grid the screen comes first, above the people: below them it began under the
	// window's edge. The same on the presenter's side, below her own tile before.
	for (const [page, person] of [
		[lucas, 'Lucas Morel (you)'],
		[agathe, 'Agathe Brun (you)']
	] as const) {
		const shared = tileOf(page, 'Agathe Brun’s screen');
		await expect(shared).toBeVisible({ timeout: 20_000 });
		const [screenBox, personBox] = await Promise.all([
			shared.boundingBox(),
			tileOf(page, person).boundingBox()
		]);
		expect(screenBox!.y).toBeLessThan(personBox!.y);
	}
	// In speaker view the screen takes the stage, ahead of the person.
	await lucas.getByRole('button', { name: 'Speaker view' }).click();
	await expect
		.poll(async () => (await width(screen)) / (await width(agatheTile)))
		.toBeGreaterThan(2);
	await agathe.getByRole('button', { name: 'Stop sharing' }).click();
	await expect(screen).toHaveCount(0, { timeout: 15_000 });

	// A quick reaction reaches Lucas, with who sent it.
	await agathe.getByText('Reactions').click();
	await agathe.getByRole('button', { name: 'React with 👏' }).click();
	await expect(lucas.getByRole('listitem').filter({ hasText: 'Agathe Brun' })).toContainText('👏');
});
