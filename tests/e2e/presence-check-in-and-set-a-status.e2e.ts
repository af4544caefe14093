import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addHouse, aZoneFarFromMidnight, openBoard, teamWithAHouse } from './presence-support';
import { openE2eDatabase } from './support';

test('a member checks in at a house and sets a status; a colleague’s open board shows it without reloading', async ({
	openProfile
}) => {
	const team = await teamWithAHouse(openProfile, {
		company: 'Coopérative du Cantal',
		house: 'Maison de Murat',
		seats: '6',
		cost: '600',
		// The member's status lives on the house's clock and ends at its midnight: a house where it
		// is far from midnight now, so a quiet time of 23:59 is still ahead whenever the test runs.
		timeZone: aZoneFarFromMidnight(['Europe/Paris', 'Asia/Tokyo'])
	});
	const { manager, member, slug } = team;
	await openBoard(manager, slug);
	await openBoard(member, slug);
	// Marks this page load: a reload would lose it.
	await manager.evaluate(() => ((window as unknown as { boardMark: number }).boardMark = 42));

	const houseCard = manager.getByTestId('house-card').filter({ hasText: 'Maison de Murat' });
	await expect(houseCard.getByText('Bastien Roux')).toHaveCount(0);
	// Both are online: each has the board open.
	await expect(
		manager.getByTestId('column-unset').getByTestId('person').filter({ hasText: 'Bastien Roux' })
	).toContainText('online');

	await member.getByRole('button', { name: 'I’m at Maison de Murat today' }).click();
	await expect(member.getByText('You’re at Maison de Murat today')).toBeVisible();

	await expect(houseCard.getByText('Bastien Roux')).toBeVisible();
	await expect(houseCard).toContainText('checked in');
	// Checked in for the day: his card of the house says so instead of offering it again.
	const hisHouseCard = member.getByTestId('house-card').filter({ hasText: 'Maison de Murat' });
	await expect(hisHouseCard.getByTestId('checked-in-here')).toHaveText(
		'You’re checked in here for the day'
	);
	await expect(member.getByRole('button', { name: 'I’m at Maison de Murat today' })).toHaveCount(0);
	// The manager, not checked in there, still has the button.
	await expect(manager.getByRole('button', { name: 'I’m at Maison de Murat today' })).toBeVisible();
	await expect(manager.getByTestId('column-unset')).not.toContainText('Bastien Roux');

	await member.getByText('My status').click();
	await member.getByLabel('Emoji').fill('🧀');
	await member.getByLabel('Status', { exact: true }).fill('Tasting the Salers');
	await member.getByLabel('Do not disturb', { exact: true }).check();
	await member.getByLabel('until').fill('23:59');
	await member.getByRole('button', { name: 'Set status' }).click();

	const card = houseCard.getByTestId('person').filter({ hasText: 'Bastien Roux' });
	await expect(card.getByTestId('status')).toHaveText('🧀Tasting the Salers');
	await expect(card).toContainText('Do not disturb until');
	expect(await manager.evaluate(() => (window as unknown as { boardMark: number }).boardMark)).toBe(
		42
	);

	// The filters: only this house, only people online.
	await manager.getByLabel('Show').selectOption({ label: 'Maison de Murat' });
	await expect(manager.getByTestId('house-card')).toHaveCount(1);
	await manager.getByLabel('Only people online').check();
	await expect(card).toBeVisible();
});

test('a status being written stays open while the board changes the writer’s own card', async ({
	openProfile
}) => {
	const { member, slug } = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Vic',
		house: 'Maison de Vic',
		seats: '6',
		cost: '500'
	});
	await openBoard(member, slug);
	await member.getByText('My status').click();
	await member.getByLabel('Status', { exact: true }).fill('Fixing the ro');

	// The same person checks in from their phone: the laptop's board moves their card.
	const phone = await openProfile({
		storageState: await member.context().storageState(),
		viewport: { width: 360, height: 740 }
	});
	await openBoard(phone, slug);
	await phone.getByRole('button', { name: 'I’m at Maison de Vic today' }).click();
	const houseCard = member.getByTestId('house-card').filter({ hasText: 'Maison de Vic' });
	await expect(houseCard.getByText('Bastien Roux')).toBeVisible();

	// What they were typing is still in front of them, and they finish it.
	await expect(member.getByLabel('Status', { exact: true })).toBeVisible();
	await expect(member.getByLabel('Status', { exact: true })).toHaveValue('Fixing the ro');
	await member.getByLabel('Status', { exact: true }).fill('Fixing the roof');
	await member.getByRole('button', { name: 'Set status' }).click();
	await expect(
		houseCard.getByTestId('person').filter({ hasText: 'Bastien Roux' }).getByTestId('status')
	).toHaveText('Fixing the roof');
});

test('the board works on a phone', async ({ openProfile }) => {
	const team = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Salers',
		house: 'Maison de Salers',
		seats: '4',
		cost: '300'
	});
	const page = await openProfile({ viewport: { width: 390, height: 844 } });
	await page.context().addCookies(await team.member.context().cookies());
	await openBoard(page, team.slug);
	await page.getByRole('button', { name: /Maison de Salers today/ }).click();
	await expect(
		page.getByTestId('house-card').filter({ hasText: 'Maison de Salers' }).getByText('Bastien Roux')
	).toBeVisible();
	// Nothing wider than the screen.
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - window.innerWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await page.screenshot({ path: test.info().outputPath('board-390.png'), fullPage: true });

	// A name of 80 letters with no space (the longest a name may be) wraps on the card, on the
	// board, the members page and in a search for it: nothing wider than the screen.
	const longName = 'Bastien' + 'x'.repeat(73);
	const db = openE2eDatabase();
	try {
		db.prepare("update users set name = ? where name = 'Bastien Roux'").run(longName);
	} finally {
		db.close();
	}
	for (const path of [
		`/${team.slug}`,
		`/${team.slug}/members`,
		`/${team.slug}/search?q=${longName}`
	]) {
		await page.goto(path);
		await expect(page.getByRole('main').getByText(longName).first()).toBeVisible();
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
			path
		).toBeLessThanOrEqual(0);
	}
});

/**
 * The company's board in a fresh page of `signedIn`'s (another profile would need a log-in), as it
 * is before its scripts run: the worker blocked (it would serve the scripts it kept) and the page's
 * scripts held, as on a slow link, until `release`.
 */
async function boardBeforeScripts(signedIn: Page, slug: string) {
	const context = await signedIn
		.context()
		.browser()!
		.newContext({ serviceWorkers: 'block', storageState: await signedIn.context().storageState() });
	const manager = await context.newPage();
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await manager.route('**/_app/immutable/nodes/**', async (route) => {
		await released;
		await route.continue();
	});
	// Not waiting for the scripts (held above) to run.
	await manager.goto(`/${slug}`, { waitUntil: 'domcontentloaded' });
	return { manager, release, close: () => context.close() };
}

test('a house chosen in "Show" before the page’s scripts have run is kept once they run', async ({
	openProfile
}) => {
	const team = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Chalinargues',
		house: 'Maison de Chalinargues',
		seats: '4',
		cost: '300'
	});
	const { slug } = team;
	// A second house, so that the filter has something to hide.
	await addHouse(team.manager, slug, 'Maison de Dienne', '2', '100');
	const { manager, release, close } = await boardBeforeScripts(team.manager, slug);
	await expect(manager.getByTestId('house-card')).toHaveCount(2);
	await manager.getByLabel('Show').selectOption({ label: 'Maison de Dienne' });
	release();

	// The scripts ran (the live channel connects): the choice holds, and the board follows it.
	await expect(manager.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
	await expect(manager.getByLabel('Show')).toHaveValue(/^house:/);
	await expect(manager.getByTestId('house-card')).toHaveCount(1);
	await expect(manager.getByTestId('house-card')).toContainText('Maison de Dienne');
	await close();
});

test('"My status" opened before the page’s scripts have run stays open once they run', async ({
	openProfile
}) => {
	const team = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Vebret',
		house: 'Maison de Vebret',
		seats: '4',
		cost: '300'
	});
	const { manager, release, close } = await boardBeforeScripts(team.manager, team.slug);
	await manager.getByText('My status').click();
	await expect(manager.getByLabel('Status', { exact: true })).toBeVisible();
	release();

	await expect(manager.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
	await expect(manager.getByLabel('Status', { exact: true })).toBeVisible();
	await close();
});

test('a colleague on another clock reads their do-not-disturb on that clock, beside their local time', async ({
	openProfile
}) => {
	const team = await teamWithAHouse(openProfile, {
		company: 'Coopérative des Andes',
		house: 'Maison de Riom',
		seats: '4',
		cost: '300'
	});
	const { manager, member, slug } = team;
	// The manager in Paris, the member far from Paris, on a clock far from midnight: a status ends
	// at the member's midnight, so a quiet time of 23:59 must still be ahead of them.
	const memberZone = aZoneFarFromMidnight(['America/La_Paz', 'Asia/Tokyo']);
	const db = openE2eDatabase();
	try {
		db.prepare(
			`update users set time_zone = case name when 'Bastien Roux' then ? else 'Europe/Paris' end
			 where id in (select user_id from memberships join companies on companies.id = company_id
			              where companies.slug = ?)`
		).run(memberZone, slug);
	} finally {
		db.close();
	}
	await openBoard(member, slug);
	await member.getByText('My status').click();
	await member.getByLabel('Do not disturb', { exact: true }).check();
	await member.getByLabel('until').fill('23:59');
	await member.getByRole('button', { name: 'Set status' }).click();
	await expect(member.getByText('Do not disturb until 23:59')).toBeVisible();

	await openBoard(manager, slug);
	const card = manager.getByTestId('person').filter({ hasText: 'Bastien Roux' });
	// Both lines on the member's clock, and said so: not Paris's time of their 23:59 beside their
	// local time.
	await expect(card).toContainText('Do not disturb until 23:59 their time');
	await expect(card).toContainText('Local time');
});
