// A manager opens a meeting room for one chosen colleague: only that colleague sees and enters it;
// the colleague joins with the camera off, and the next visit remembers that choice.
import { expect, test } from './fixtures';
import { companyWithTwoHouses, roomCard, tileOf } from './video-support';

test('a meeting for chosen people, joined with the camera off', async ({ openProfile }) => {
	test.setTimeout(120_000);
	const team = await companyWithTwoHouses(openProfile, {
		company: 'Atelier du Cantal',
		houses: ['Maison de Murat', 'Maison de Salers'],
		owner: 'Inès Garnier',
		colleagues: [
			{ name: 'Paul Besse', house: 'Maison de Salers' },
			{ name: 'Zoé Vidal', house: null }
		]
	});
	const { slug, owner: ines } = team;
	const [paul, zoe] = team.colleagues;

	await ines.goto(`/${slug}/rooms`);
	await ines.getByLabel('Name', { exact: true }).fill('Point budget');
	await ines.getByLabel('Description').fill('Les chiffres du trimestre');
	await ines.getByLabel('Chosen people', { exact: true }).check();
	// Nobody chosen yet: the form says what is missing.
	await ines.getByRole('button', { name: 'Create the room' }).click();
	await expect(
		ines.getByText('Choose at least one person, or open the room to every member.')
	).toBeVisible();
	await ines.getByLabel('Paul Besse').check();
	await ines.getByRole('button', { name: 'Create the room' }).click();
	await expect(ines.getByText('The room “Point budget” is ready.')).toBeVisible();
	await expect(roomCard(ines, 'Point budget')).toContainText('Les chiffres du trimestre');
	// The form is back as it first was, open to every member (the choice was left empty, and the
	// next room refused): a second room is made at once.
	await expect(ines.getByLabel('Every member', { exact: true })).toBeChecked();
	await expect(ines.getByLabel('Paul Besse')).toHaveCount(0);
	await ines.getByLabel('Name', { exact: true }).fill('Café du lundi');
	await ines.getByRole('button', { name: 'Create the room' }).click();
	await expect(ines.getByText('The room “Café du lundi” is ready.')).toBeVisible();

	await zoe.goto(`/${slug}/rooms`);
	await expect(zoe.getByRole('heading', { name: 'All hands' })).toBeVisible();
	await expect(zoe.getByText('Point budget')).toHaveCount(0);

	// Paul joins with his camera off.
	await paul.goto(`/${slug}/rooms`);
	await paul.getByRole('link', { name: 'Join Point budget' }).click();
	const cameraOn = paul.getByLabel('Camera on');
	await expect(cameraOn).toBeChecked();
	await cameraOn.uncheck();
	await expect(paul.getByText('Camera off')).toBeVisible();
	await paul.getByRole('button', { name: 'Join now' }).click();
	await expect(paul.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });
	await expect(paul.getByRole('button', { name: 'Turn camera on (V)' })).toBeVisible();
	await expect(tileOf(paul, 'Paul Besse (you)').locator('video')).toHaveCount(0);
	// The keyboard shortcut turns it on.
	await paul.keyboard.press('v');
	await expect(tileOf(paul, 'Paul Besse (you)').locator('video')).toHaveCount(1);
	await paul.getByRole('button', { name: 'Leave' }).click();
	await expect(paul.getByText('You left the room.')).toBeVisible();

	// Next visit: the pre-join screen starts with the camera off, as he chose it before joining.
	await paul.reload();
	await expect(paul.getByLabel('Camera on')).not.toBeChecked();
});
