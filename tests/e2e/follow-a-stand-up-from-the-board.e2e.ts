import { expect, test } from './fixtures';
import { answer, companyWith, roundCommand, setUpStandup } from './stand-up-support';

// Ana keeps her board open while the manager answers and starts the stand-up: its card follows
// (who has answered, then the round being live) without the board reloading its data.
test.describe.configure({ timeout: 90_000 });

test('the stand-up card on the board follows answers and the start', async ({ openProfile }) => {
	const { slug, manager, members } = await companyWith(openProfile, 'Marc Manager', ['Ana Martin']);
	const [ana] = members;
	const standupUrl = await setUpStandup(manager, slug, 'Morning round');

	await ana.goto(`/${slug}`);
	await expect(ana.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
	const card = ana.getByRole('listitem').filter({ hasText: 'Morning round' });
	await expect(card).toContainText('0 of 2 answered');
	await expect(card.getByRole('link', { name: 'Answer now' })).toBeVisible();
	// From here on, the board's own data must not be loaded again.
	const reloads: string[] = [];
	ana.on('request', (request) => {
		if (new URL(request.url()).pathname === `/${slug}/__data.json`) reloads.push(request.url());
	});

	await manager.goto(standupUrl);
	await answer(manager, ['Plan the week', 'Met the mayor', 'Nothing']);
	await expect(card).toContainText('1 of 2 answered');

	await roundCommand(manager, 'Start the stand-up');
	await expect(card.getByRole('link', { name: 'Join the stand-up' })).toBeVisible();
	expect(reloads).toEqual([]);
});
