// Someone whose browser blocks the camera and microphone, and someone with none plugged in: the
// pre-join screen and the call say what is wrong and what to do, and they can still join.
import type { Locator } from '@playwright/test';
import { expect, test, type Fixtures } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

/** A browser where every camera and microphone request fails the way `failure` says. */
async function personWhoseDevicesFail(
	openProfile: Fixtures['openProfile'],
	failure: string,
	name: string,
	colorScheme: 'light' | 'dark' = 'light'
) {
	const page = await openProfile({
		permissions: [],
		colorScheme,
		viewport: { width: 1280, height: 800 }
	});
	// On the profile, so that every page it navigates to gets the failing devices.
	await page.context().addInitScript((errorName) => {
		navigator.mediaDevices.getUserMedia = () =>
			Promise.reject(new DOMException('The test browser refuses', errorName));
	}, failure);
	await postSignUp(page, name, uniqueEmail('devices'));
	const slug = await postCompany(page, `Atelier de ${name}`);
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

/** The lightness, 0 (black) to 1 (white), of a colour the browser computed for the element. */
function lightness(element: Locator, property: 'color' | 'backgroundColor'): Promise<number> {
	return element.evaluate((node, which) => {
		const probe = document.createElement('canvas').getContext('2d')!;
		probe.fillStyle = getComputedStyle(node)[which];
		probe.fillRect(0, 0, 1, 1);
		const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
		return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
	}, property);
}

test('on a dark device the call stays dark, with names readable on it, and the chat in the window', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const page = await personWhoseDevicesFail(openProfile, 'NotFoundError', 'Noé Vidal', 'dark');
	const preview = page.getByText('Camera off', { exact: true }).locator('..');
	expect(await lightness(preview, 'backgroundColor')).toBeLessThan(0.25);
	expect(await lightness(preview, 'color')).toBeGreaterThan(0.7);

	await page.getByRole('button', { name: 'Join now' }).click();
	await expect(page.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });
	const tile = page.getByRole('figure', { name: 'Noé Vidal (you)' });
	expect(await lightness(tile, 'backgroundColor')).toBeLessThan(0.25);
	// The name under the picture, and the initial shown with the camera off.
	expect(await lightness(tile.locator('figcaption'), 'color')).toBeGreaterThan(0.7);
	expect(await lightness(tile.getByText('N', { exact: true }), 'color')).toBeGreaterThan(0.7);

	// On a laptop's window the chat beside the tiles is no taller than they are: its message box
	// does not run on under the sticky controls.
	const messageBox = await page.getByRole('textbox', { name: 'Message' }).boundingBox();
	const tileBox = await tile.boundingBox();
	expect(messageBox!.y + messageBox!.height).toBeLessThanOrEqual(tileBox!.y + tileBox!.height);
});
