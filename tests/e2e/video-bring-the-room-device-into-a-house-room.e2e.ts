// A house's room device (the meeting room's shared screen, camera and microphone) joins the house
// room. Whichever comes first, the people of that house end up with their microphones off and
// are told why: on the pre-join screen while they are about to join, and in the call itself.
import { expect, test } from './fixtures';
import { companyWithTwoHouses, joinRoom, tileOf } from './video-support';

test('the room device turns off the microphones of its house, before or after they join', async ({
	openProfile
}) => {
	test.setTimeout(180_000);
	const house = 'Maison de Conques';
	const team = await companyWithTwoHouses(openProfile, {
		company: 'Coutellerie de l’Aveyron',
		houses: [house, 'Maison de Rodez'],
		owner: 'Margot Delmas',
		// The device's account has no home house: it stands for the room's house all the same.
		colleagues: [{ name: 'Salle de Conques', house: null }]
	});
	const { slug, owner: margot } = team;
	const [device] = team.colleagues;

	// Margot is on the pre-join screen, microphone on, when the room device comes in.
	await margot.goto(`/${slug}/rooms`);
	await margot.getByRole('link', { name: `Join ${house}` }).click();
	const microphoneOn = margot.getByLabel('Microphone on');
	await expect(microphoneOn).toBeChecked();

	await device.goto(`/${slug}/rooms`);
	await device.getByRole('link', { name: `Join ${house}` }).click();
	await device.getByLabel('This device is the house’s room device').check();
	await device.getByRole('button', { name: 'Join now' }).click();
	await expect(device.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });

	await expect(margot.getByText(`A room device is carrying ${house}`)).toBeVisible({
		timeout: 15_000
	});
	await expect(microphoneOn).not.toBeChecked();
	await margot.getByRole('button', { name: 'Join now' }).click();
	await expect(margot.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });
	await expect(margot.getByRole('button', { name: 'Unmute microphone (M)' })).toBeVisible();
	await expect(tileOf(margot, 'Salle de Conques')).toContainText('Room device');

	// Now the other order: Margot is in the call with her microphone on, the device comes back.
	await device.getByRole('button', { name: 'Leave' }).click();
	await expect(tileOf(margot, 'Salle de Conques')).toHaveCount(0, { timeout: 15_000 });
	await margot.getByRole('button', { name: 'Unmute microphone (M)' }).click();
	await expect(margot.getByRole('button', { name: 'Mute microphone (M)' })).toBeVisible();

	await joinRoom(device, slug, house);
	await expect(margot.getByRole('button', { name: 'Unmute microphone (M)' })).toBeVisible({
		timeout: 15_000
	});
	await expect(margot.getByText(`The room device of ${house} is in this call`)).toBeVisible();
	await expect(tileOf(device, 'Margot Delmas')).toContainText('Microphone off');
});
