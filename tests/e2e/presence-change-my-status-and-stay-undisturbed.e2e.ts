import { expect, test } from './fixtures';
import { aZoneFarFromMidnight, openBoard, teamWithAHouse } from './presence-support';
import { postInvitationLink, postJoin } from './support';

test('a member changes their status twice without reloading and stays “do not disturb”', async ({
	openProfile
}) => {
	const { member, slug } = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Riom',
		house: 'Maison de Riom',
		seats: '6',
		cost: '400',
		// A quiet time of 23:59 must still be ahead on the house's clock while the test runs.
		timeZone: aZoneFarFromMidnight(['Europe/Paris', 'Asia/Tokyo'])
	});
	await openBoard(member, slug);
	const myCard = member.getByTestId('person').filter({ hasText: 'Bastien Roux' });
	const dnd = member.getByLabel('Do not disturb', { exact: true });
	const until = member.getByLabel('until');
	const text = member.getByLabel('Status', { exact: true });

	await member.getByText('My status').click();
	await text.fill('Writing the grant file');
	await dnd.check();
	await until.fill('23:59');
	// From the keyboard: Enter in the last field sends the form, and the page says it was saved.
	await until.press('Enter');
	await expect(member.getByRole('status').filter({ hasText: 'Status saved.' })).toBeVisible();
	await expect(myCard).toContainText('Do not disturb until');
	// Where they were, not sent back to the top of the page.
	await expect(until).toBeFocused();

	// A second change, the page not reloaded: the form still shows the quiet time as saved.
	await text.fill('Writing the grant file, page 3');
	await member.getByRole('button', { name: 'Set status' }).click();
	await expect(myCard.getByTestId('status')).toContainText('page 3');
	await expect(dnd).toBeChecked();
	await expect(until).toHaveValue('23:59');

	// And a third: nobody untouched the quiet time, so it is still on. On a weak link the board's
	// live event comes before the save's own answer: held here until the card has changed.
	let answer = (): void => undefined;
	const answerHeld = new Promise<void>((resolve) => (answer = resolve));
	await member.route(
		(url) => url.search.includes('/setStatus'),
		async (route) => {
			const response = await route.fetch();
			await answerHeld;
			await route.fulfill({ response });
		}
	);
	await text.fill('Writing the grant file, page 4');
	await member.getByRole('button', { name: 'Set status' }).click();
	await expect(myCard.getByTestId('status')).toContainText('page 4');
	await expect(myCard).toContainText('Do not disturb until');
	await expect(dnd).toBeChecked();
	// Meanwhile "Clear status" cannot be pressed: pressed, it would have been dropped unseen.
	const clear = member.getByRole('button', { name: 'Clear status' });
	await expect(clear).toBeDisabled();
	answer();
	await expect(clear).toBeEnabled();
	await member.unrouteAll();

	await clear.click();
	await expect(member.getByRole('status').filter({ hasText: 'Status cleared.' })).toBeVisible();
	await expect(myCard).not.toContainText('Do not disturb until');
	await expect(dnd).not.toBeChecked();
	await expect(text).toHaveValue('');
	// The button pressed is gone with the status: the focus waits in the form for a new one.
	await expect(text).toBeFocused();

	// A quiet time typed with the box left unticked is what the person wants: the box ticks itself,
	// so the save keeps the time instead of dropping it unseen.
	await until.fill('23:58');
	await expect(dnd).toBeChecked();
	await member.getByRole('button', { name: 'Set status' }).click();
	await expect(member.getByRole('status').filter({ hasText: 'Status saved.' })).toBeVisible();
	await expect(myCard).toContainText('Do not disturb until');
});

test('without JavaScript, a quiet time typed without ticking “Do not disturb” is asked about, not dropped', async ({
	openProfile
}) => {
	const zone = aZoneFarFromMidnight(['Europe/Paris', 'Asia/Tokyo']);
	const { manager, slug } = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Thiézac',
		house: 'Maison de Thiézac',
		seats: '6',
		cost: '400',
		timeZone: zone
	});
	const page = await openProfile({ javaScriptEnabled: false, timezoneId: zone });
	await postJoin(page, await postInvitationLink(manager, slug), 'Chloé Martin');
	await page.goto(`/${slug}`);
	const until = page.getByLabel('until');

	// With scripts, typing the time ticks the box; without, nothing does.
	await page.getByText('My status').click();
	await until.fill('23:59');
	await page.getByRole('button', { name: 'Set status' }).click();
	await expect(
		page.getByText('Tick “Do not disturb” to be left alone until this time.')
	).toBeVisible();
	await expect(until).toHaveValue('23:59');
	await expect(page.getByText('Status saved.')).toHaveCount(0);

	await page.getByLabel('Do not disturb', { exact: true }).check();
	await page.getByRole('button', { name: 'Set status' }).click();
	await expect(page.getByText('Status saved.')).toBeVisible();
	const myCard = page.getByTestId('person').filter({ hasText: 'Chloé Martin' });
	await expect(myCard).toContainText('Do not disturb until');
});
