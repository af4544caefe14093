// On a weak village link someone switches the call to audio only: they stop sending their camera
// and stop receiving video (the other person sees their camera off), and get video back after.
import { expect, test } from './fixtures';
import { companyWithTwoHouses, expectVideoPlays, joinRoom, tileOf } from './video-support';

test('audio only stops sending and receiving video, normal video brings it back', async ({
	openProfile
}) => {
	test.setTimeout(180_000);
	const team = await companyWithTwoHouses(openProfile, {
		company: 'Laiterie du Jura',
		houses: ['Maison de Mouthe', 'Maison de Foncine'],
		owner: 'Claire Jacquet',
		colleagues: [{ name: 'Noé Girod', house: 'Maison de Foncine' }]
	});
	const { slug, owner: claire } = team;
	const [noe] = team.colleagues;
	await joinRoom(claire, slug, 'All hands');
	await joinRoom(noe, slug, 'All hands');
	await expectVideoPlays(noe, 'Claire Jacquet');
	await expectVideoPlays(claire, 'Noé Girod');

	await noe.getByLabel('Connection').selectOption('Audio only');
	// Noé sends no video: his camera is off, for him and for Claire.
	await expect(noe.getByRole('button', { name: 'Turn camera on (V)' })).toBeVisible();
	await expect(tileOf(noe, 'Noé Girod (you)').locator('video')).toHaveCount(0);
	await expect(tileOf(claire, 'Noé Girod').locator('video')).toHaveCount(0, { timeout: 15_000 });
	// ...and receives none: Claire is her initial on his page, still there with her name.
	await expect(tileOf(noe, 'Claire Jacquet').locator('video')).toHaveCount(0, { timeout: 15_000 });
	await expect(tileOf(noe, 'Claire Jacquet')).toBeVisible();

	// Back to normal video: Claire's video comes back (his camera stays off until he turns it on).
	await noe.getByLabel('Connection').selectOption('Normal video');
	await expectVideoPlays(noe, 'Claire Jacquet');
	await noe.getByRole('button', { name: 'Turn camera on (V)' }).click();
	await expectVideoPlays(claire, 'Noé Girod');
});
