import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures';
import { openBoard } from './presence-support';
import { trySignUp, uniqueEmail } from './support';

// Signing up hashes a password: on a busy machine it takes longer than the default wait.
const JOINED = { timeout: 30_000 };

async function join(page: Page, link: string, name: string) {
	await page.goto(link);
	await page.getByLabel('Your name').fill(name);
	await page.getByLabel('Email').fill(uniqueEmail(name.toLowerCase().replace(/\W+/g, '-')));
	await page.getByLabel('Password').fill('the bells of the village church');
	await page.getByRole('button', { name: 'Create account and join' }).click();
	await expect(page).not.toHaveURL(/\/invite\//, JOINED);
}

test('an open board applies check-ins and statuses in place, and reads newcomers’ cards in one request per burst, never its whole data', async ({
	openProfile
}) => {
	// Four people sign up: on a busy machine that alone takes minutes.
	test.setTimeout(360_000);
	const manager = await openProfile();
	await trySignUp(manager, 'Margaux Lefèvre', uniqueEmail('manager'));
	await expect(manager.getByRole('heading', { name: 'Your companies' })).toBeVisible(JOINED);
	await manager.getByLabel('Company name').fill('Coopérative de Vic');
	await manager.getByRole('button', { name: 'Create company' }).click();
	await expect(manager.getByRole('heading', { level: 1, name: 'Coopérative de Vic' })).toBeVisible(
		JOINED
	);
	const slug = new URL(manager.url()).pathname.slice(1);
	await manager.goto(`/${slug}/houses`);
	const houseForm = manager.locator('form', {
		has: manager.getByRole('button', { name: 'Create house' })
	});
	await houseForm.getByLabel('Name').fill('Maison de Vic');
	await houseForm.getByLabel('Commune').fill('Vic-sur-Cère');
	await houseForm.getByLabel('Seats').fill('6');
	await houseForm.getByLabel('Monthly running cost (€)').fill('500');
	await houseForm.getByRole('button', { name: 'Create house' }).click();
	await expect(manager.getByText('House “Maison de Vic” created.')).toBeVisible(JOINED);
	// One link for everyone who joins.
	await manager.goto(`/${slug}/invitations`);
	await manager.getByLabel('Role').selectOption('member');
	await manager.getByLabel('Several people, until it expires').check();
	await manager.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await manager.getByLabel('Invitation link').inputValue();
	const member = await openProfile();
	await join(member, link, 'Bastien Roux');
	await openBoard(manager, slug);
	await openBoard(member, slug);

	// Every data request the manager's board makes from now on.
	const dataReads: string[] = [];
	const boardReads: string[] = [];
	manager.on('request', (request) => {
		const url = new URL(request.url());
		if (url.pathname.endsWith('__data.json')) dataReads.push(url.pathname);
		if (url.pathname === `/${slug}/board`) boardReads.push(url.search);
	});

	// A check-in and a status come with their card: applied as they are, nothing read.
	await member.getByRole('button', { name: 'I’m at Maison de Vic today' }).click();
	const houseCard = manager.getByTestId('house-card').filter({ hasText: 'Maison de Vic' });
	await expect(houseCard.getByText('Bastien Roux')).toBeVisible();
	const setStatus = async (text: string) => {
		// The form stays open after a save: open it, never toggle it closed.
		await member
			.locator('details', { has: member.getByText('My status') })
			.evaluate((details) => ((details as HTMLDetailsElement).open = true));
		await member.getByLabel('Status', { exact: true }).fill(text);
		await member.getByRole('button', { name: 'Set status' }).click();
		await expect(
			houseCard.getByTestId('person').filter({ hasText: 'Bastien Roux' }).getByTestId('status')
		).toHaveText(text);
	};
	await setStatus('Fixing the roof');
	expect(boardReads).toEqual([]);

	// A newcomer's card is read alone. The first read is held until two more people have joined:
	// their events arrive meanwhile (the status after each is on the board, events come in order)
	// and make one more read, not two.
	let release: () => void = () => {};
	const held = new Promise<void>((done) => (release = done));
	let first = true;
	await manager.route(`**/${slug}/board?*`, async (route: Route) => {
		if (first) {
			first = false;
			await held;
		}
		await route.continue();
	});
	const joiner = async (name: string) => join(await openProfile(), link, name);
	await joiner('Chloé Vidal');
	await expect.poll(() => boardReads.length).toBe(1);
	expect(boardReads[0]).toMatch(/^\?people=[a-z0-9]+$/);
	await joiner('Damien Costes');
	await setStatus('Still on the roof');
	await joiner('Élise Marty');
	await setStatus('Roof done');
	release();

	const unset = manager.getByTestId('column-unset');
	for (const name of ['Chloé Vidal', 'Damien Costes', 'Élise Marty']) {
		await expect(unset.getByTestId('person').filter({ hasText: name })).toBeVisible();
	}
	expect(boardReads).toHaveLength(2);
	expect(boardReads[1]).toMatch(/^\?people=[a-z0-9]+,[a-z0-9]+$/);
	expect(dataReads).toEqual([]);
});
