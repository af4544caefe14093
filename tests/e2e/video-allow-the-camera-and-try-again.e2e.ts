// Someone whose browser blocked the camera and microphone allows them and tries again from the
// pre-join screen. Found on a tour: the message said "then try again" and nothing on the screen
// did (unticking and ticking the box again was the only way).
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

test('after allowing the camera and microphone, “Try again” brings the preview', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const page = await openProfile({ permissions: [], viewport: { width: 360, height: 740 } });
	// Blocked until the person allows them (the flag stands for the browser's site settings).
	await page.context().addInitScript(() => {
		const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
		navigator.mediaDevices.getUserMedia = (constraints) =>
			localStorage.getItem('devices-allowed')
				? real(constraints)
				: Promise.reject(new DOMException('The test browser refuses', 'NotAllowedError'));
	});
	await postSignUp(page, 'Alix Retry', uniqueEmail('alix'));
	const slug = await postCompany(page, `Atelier ${Date.now().toString(36)}`);
	await page.goto(`/${slug}/rooms`);
	await page.getByRole('link', { name: 'Join All hands' }).click();

	const cameraBlocked = page.getByText('Camera access is blocked.');
	const microphoneBlocked = page.getByText('Microphone access is blocked.');
	await expect(cameraBlocked).toBeVisible();
	await expect(microphoneBlocked).toBeVisible();
	await expect(page.getByText('Camera off')).toBeVisible();

	await page.evaluate(() => localStorage.setItem('devices-allowed', 'yes'));
	await page.getByRole('button', { name: 'Try the camera again' }).click();
	await expect(cameraBlocked).toBeHidden();
	await expect(page.getByText('Camera off')).toBeHidden();
	await expect
		.poll(() =>
			page.getByLabel('Camera preview').evaluate((video: HTMLVideoElement) => video.videoWidth)
		)
		.toBeGreaterThan(0);
	await expect(page.getByRole('button', { name: 'Try the camera again' })).toHaveCount(0);

	await page.getByRole('button', { name: 'Try the microphone again' }).click();
	await expect(microphoneBlocked).toBeHidden();
	await expect(page.getByRole('button', { name: 'Try the microphone again' })).toHaveCount(0);
});
