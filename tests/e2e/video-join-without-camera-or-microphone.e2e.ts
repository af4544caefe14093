// Someone whose browser blocks the camera and microphone, and someone with none plugged in: the
// pre-join screen and the call say what is wrong and what to do, and they can still join.
import { expect, test, type Fixtures } from './fixtures';
import { createCompany, signUp, uniqueEmail } from './support';

/** A browser where every camera and microphone request fails the way `failure` says. */
async function personWhoseDevicesFail(
	openProfile: Fixtures['openProfile'],
	failure: string,
	name: string
) {
	const page = await openProfile({ permissions: [] });
	// On the profile, so that every page it navigates to gets the failing devices.
	await page.context().addInitScript((errorName) => {
		navigator.mediaDevices.getUserMedia = () =>
			Promise.reject(new DOMException('The test browser refuses', errorName));
	}, failure);
	await signUp(page, name, uniqueEmail('devices'));
	await createCompany(page, `Atelier de ${name}`);
	const slug = new URL(page.url()).pathname.slice(1);
	await page.goto(`/${slug}/rooms`);
	await page.getByRole('link', { name: 'Join All hands' }).click();
	return page;
}

test('blocked camera and microphone: the person is told how to allow them', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const page = await personWhoseDevicesFail(openProfile, 'NotAllowedError', 'Élise Roche');
	await expect(
		page.getByText('Camera access is blocked. Allow the camera for this site')
	).toBeVisible();
	await expect(
		page.getByText('Microphone access is blocked. Allow the microphone for this site')
	).toBeVisible();

	// She joins anyway, to listen; trying the camera in the call says the same.
	await page.getByRole('button', { name: 'Join now' }).click();
	await expect(page.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });
	await page.getByRole('button', { name: 'Turn camera on (V)' }).click();
	await expect(page.getByRole('alert')).toContainText('Camera access is blocked.');
	await expect(page.getByRole('button', { name: 'Turn camera on (V)' })).toBeVisible();
});

test('no camera or microphone plugged in: the person is told to plug one in', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const page = await personWhoseDevicesFail(openProfile, 'NotFoundError', 'Jules Perrin');
	await expect(
		page.getByText('No camera found. Plug one in, or join with the camera off.')
	).toBeVisible();
	await expect(
		page.getByText('No microphone found. Plug one in, or join with the microphone off.')
	).toBeVisible();
});
