import type { Route } from '@playwright/test';
import { expect, test } from './fixtures';
import { openBoard, teamWithAHouse } from './presence-support';
import { createInvitationLink, joinThroughLink } from './support';

test('an open board applies check-ins and statuses in place, and reads newcomers’ cards in one request per burst, never its whole data', async ({
	openProfile
}) => {
	test.slow();
	const { manager, member, slug } = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Vic',
		house: 'Maison de Vic',
		seats: '6',
		cost: '500'
	});
	const link = await createInvitationLink(manager, slug);
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
	await member.getByRole('button', { name: "I'm at Maison de Vic today" }).click();
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
	const joiner = async (name: string) =>
		joinThroughLink(await openProfile(), link, name, 'Coopérative de Vic');
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
