// Someone's connection drops in the middle of a call (the village link goes down): the call says
// so honestly, comes back by itself when the link returns, and each person sees the other once
// (no ghost tile of the old connection). The browser goes offline rather than the media server
// being killed: the server is shared with the other browser tests running at the same time.
import { expect, test } from './fixtures';
import { companyWithTwoHouses, expectVideoPlays, joinRoom, tileOf } from './video-support';

test('a call comes back by itself after the connection drops', async ({ openProfile }) => {
	test.setTimeout(180_000);
	const team = await companyWithTwoHouses(openProfile, {
		company: 'Ferme du Larzac',
		houses: ['Maison de Millau', 'Maison de Nant'],
		owner: 'Rose Fabre',
		colleagues: [{ name: 'Hugo Puech', house: 'Maison de Nant' }]
	});
	const { slug, owner: rose } = team;
	const [hugo] = team.colleagues;
	await joinRoom(rose, slug, 'All hands');
	await joinRoom(hugo, slug, 'All hands');
	await expectVideoPlays(rose, 'Hugo Puech');

	await rose.context().setOffline(true);

	// Honest states: first the loss, then the way back.
	const phase = rose.locator('[data-call-phase]');
	await expect(phase).toHaveAttribute('data-call-phase', /reconnecting|rejoining/, {
		timeout: 30_000
	});
	await rose.context().setOffline(false);
	await expect(phase).toHaveAttribute('data-call-phase', /rejoined|connected/, {
		timeout: 60_000
	});
	await expect(hugo.locator('[data-call-phase]')).toHaveAttribute(
		'data-call-phase',
		/rejoined|connected/,
		{ timeout: 60_000 }
	);
	await expectVideoPlays(rose, 'Hugo Puech');
	await expectVideoPlays(hugo, 'Rose Fabre');
	await expect(tileOf(rose, 'Hugo Puech')).toHaveCount(1);
	await expect(tileOf(hugo, 'Rose Fabre')).toHaveCount(1);
});
