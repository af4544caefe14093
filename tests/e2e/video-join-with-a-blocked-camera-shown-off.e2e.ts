// The pre-join screen's ticks say what the call will get. Found on a tour: with the camera
// blocked by the browser (or none plugged in), "Camera on" stayed ticked beside "Camera access is
// blocked", and the same for the microphone. Now a device the browser refuses is shown off, ticking
// it again asks the browser again, and joining then starts with it off, as shown.
import { expect, test, type Fixtures } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

/** At the pre-join screen, on a phone whose browser fails every capture with `failure`
 * until the test allows the devices (localStorage 'devices-allowed'). */
async function preJoinWithDevicesFailing(
	openProfile: Fixtures['openProfile'],
	failure: string,
	name: string
) {
	const page = await openProfile({ permissions: [], viewport: { width: 360, height: 740 } });
	await page.context().addInitScript((errorName) => {
		const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
		navigator.mediaDevices.getUserMedia = (constraints) =>
			localStorage.getItem('devices-allowed')
				? real(constraints)
				: Promise.reject(new DOMException('The test browser refuses', errorName));
	}, failure);
	await postSignUp(page, name, uniqueEmail('blocked'));
	const slug = await postCompany(page, `Atelier ${Date.now().toString(36)}`);
	await page.goto(`/${slug}/rooms`);
	await page.getByRole('link', { name: 'Join All hands' }).click();
	return page;
}

test('a blocked camera and microphone are shown off, and ticking them asks again', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const page = await preJoinWithDevicesFailing(openProfile, 'NotAllowedError', 'Alix Bloquée');
	const camera = page.getByRole('checkbox', { name: 'Camera on' });
	const microphone = page.getByRole('checkbox', { name: 'Microphone on' });
	await expect(page.getByText('Camera access is blocked.')).toBeVisible();
	await expect(camera).not.toBeChecked();
	await expect(camera).toHaveAccessibleDescription(/Camera access is blocked/);
	await expect(page.getByText('Microphone access is blocked.')).toBeVisible();
	await expect(microphone).not.toBeChecked();
	await expect(microphone).toHaveAccessibleDescription(/Microphone access is blocked/);

	// Still blocked: ticking asks the browser again, which refuses again; the tick says so.
	await camera.click();
	await expect(page.getByText('Camera access is blocked.')).toBeVisible();
	await expect(camera).not.toBeChecked();

	// Allowed in the browser: ticking the camera brings its preview; "Try the microphone again"
	// still brings the microphone.
	await page.evaluate(() => localStorage.setItem('devices-allowed', 'yes'));
	await camera.click();
	await expect(camera).toBeChecked();
	await expect(page.getByText('Camera access is blocked.')).toBeHidden();
	await expect
		.poll(() =>
			page.getByLabel('Camera preview').evaluate((video: HTMLVideoElement) => video.videoWidth)
		)
		.toBeGreaterThan(0);
	await page.getByRole('button', { name: 'Try the microphone again' }).click();
	await expect(microphone).toBeChecked();
	await expect(page.getByText('Microphone access is blocked.')).toBeHidden();
});

test('with no camera or microphone, both are shown off and the call starts with them off', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const page = await preJoinWithDevicesFailing(openProfile, 'NotFoundError', 'Jules Sansfil');
	const camera = page.getByRole('checkbox', { name: 'Camera on' });
	const microphone = page.getByRole('checkbox', { name: 'Microphone on' });
	await expect(page.getByText('No camera found.')).toBeVisible();
	await expect(camera).not.toBeChecked();
	await expect(page.getByText('No microphone found.')).toBeVisible();
	await expect(microphone).not.toBeChecked();

	// "Audio only" leaves no camera to tick: it is shown off, and cannot be ticked meanwhile.
	await page.getByLabel('Audio only (weak connection: no video sent or received)').check();
	await expect(camera).toBeDisabled();
	await page.getByLabel('Audio only (weak connection: no video sent or received)').uncheck();
	await expect(camera).toBeEnabled();
	await expect(camera).not.toBeChecked();

	await page.getByRole('button', { name: 'Join now' }).click();
	await expect(page.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });
	// The call says off, as the ticks did, without an alarm on arrival.
	await expect(page.getByRole('button', { name: 'Turn camera on (V)' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Unmute microphone (M)' })).toBeVisible();
	await expect(page.getByRole('alert')).toHaveCount(0);
	// Trying the camera in the call still says why it cannot.
	await page.getByRole('button', { name: 'Turn camera on (V)' }).click();
	await expect(page.getByRole('alert')).toContainText('No camera found.');
});
