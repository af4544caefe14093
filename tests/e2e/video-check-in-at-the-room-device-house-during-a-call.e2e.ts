// Someone in a call from elsewhere walks into the house whose room device is in the call, and
// checks in there from the board: from then on they stand for that house in the call (their tile
// says so to the others), and their microphone turns off, saying why, as it would had they joined
// from there: the room's microphone already carries them.
import { expect, test } from './fixtures';
import { companyWithTwoHouses, joinRoom, tileOf } from './video-support';

test('checking in at the room device’s house during a call turns the microphone off and says why', async ({
	openProfile
}) => {
	test.setTimeout(180_000);
	const conques = 'Maison de Conques';
	const team = await companyWithTwoHouses(openProfile, {
		company: 'Coutellerie du Rouergue',
		houses: [conques, 'Maison de Rodez'],
		owner: 'Margot Delmas',
		colleagues: [
			{ name: 'Salle de Conques', house: null },
			{ name: 'Hugo Bernard', house: 'Maison de Rodez' }
		]
	});
	const { slug } = team;
	const [device, hugo] = team.colleagues;
	await team.owner.close();

	await device.goto(`/${slug}/rooms`);
	await device.getByRole('link', { name: `Join ${conques}` }).click();
	await device.getByLabel('This device is the house’s room device').check();
	await device.getByRole('button', { name: 'Join now' }).click();
	await expect(device.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });

	// Hugo joins Conques' call from Rodez: another house, so his microphone stays on.
	await joinRoom(hugo, slug, conques);
	await expect(hugo.getByRole('button', { name: 'Mute microphone (M)' })).toBeVisible();
	await expect(tileOf(device, 'Hugo Bernard')).toContainText('Maison de Rodez', {
		timeout: 15_000
	});

	// He drives over, and checks in at Conques from the board in another tab, the call still on.
	const board = await hugo.context().newPage();
	await board.goto(`/${slug}`);
	await board.getByRole('button', { name: `I’m at ${conques} today` }).click();
	await expect(board.getByRole('status').filter({ hasText: conques })).toBeVisible();

	await expect(hugo.getByRole('button', { name: 'Unmute microphone (M)' })).toBeVisible({
		timeout: 15_000
	});
	await expect(hugo.getByText(`The room device of ${conques} is in this call`)).toBeVisible();
	await expect(tileOf(device, 'Hugo Bernard')).toContainText(conques);
	await expect(tileOf(device, 'Hugo Bernard')).toContainText('Microphone off');
	// Still in the call: nothing else changed for him.
	await expect(hugo.locator('[data-call-phase]')).toHaveText('Connected');
});
