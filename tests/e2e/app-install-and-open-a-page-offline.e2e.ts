// Hameau can be installed: its manifest is linked and complete, a service worker takes the page
// over, and a page opened without a network shows Hameau's offline page (in the person's
// language, with nothing of theirs in it) instead of the browser's error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

/** Waits until a service worker controls the page (registered, installed, claimed it). */
function takenOverByTheWorker(page: Page): Promise<boolean> {
	return page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (navigator.serviceWorker.controller) return true;
		await new Promise((resolve) =>
			navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
		);
		return navigator.serviceWorker.controller !== null;
	});
}

test('someone installs Hameau, loses the network and sees the offline page', async ({
	openProfile
}) => {
	const page = await openProfile();
	const context = page.context();
	await postSignUp(page, 'Perrine Lagarde', uniqueEmail('offline'));
	await page.goto(`/${await postCompany(page, 'Atelier Hors Ligne')}`);
	const companyUrl = page.url();

	const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifest = await (await page.request.get(new URL(manifestHref!, page.url()).href)).json();
	// In the reader's language: this profile's is English.
	expect(manifest).toMatchObject({
		start_url: '/',
		display: 'standalone',
		name: 'Hameau',
		lang: 'en',
		description: expect.stringMatching(/^Work together/)
	});
	for (const icon of manifest.icons as { src: string }[]) {
		expect((await page.request.get(icon.src)).status(), icon.src).toBe(200);
	}

	// The worker registers by itself, installs (the app and the offline page in its cache) and
	// takes this page over without a reload.
	expect(await takenOverByTheWorker(page)).toBe(true);

	// A page two levels down: the offline page's styles must not depend on where it stands in.
	const documentsUrl = `${companyUrl}/documents`;
	await context.setOffline(true);
	await page.goto(documentsUrl);
	await expect(page.getByRole('heading', { level: 1, name: 'You are offline' })).toBeVisible();
	await expect(page).toHaveURL(documentsUrl);
	const retry = page.getByRole('button', { name: 'Try again' });
	await expect(retry).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
	// Kept for anyone on this device: no name, no company, no header.
	await expect(page.getByText('Perrine Lagarde')).toHaveCount(0);
	await expect(page.getByText('Atelier Hors Ligne')).toHaveCount(0);

	// Back online, "Try again" brings the page that was asked for.
	await context.setOffline(false);
	await retry.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
});

test('Chromium itself finds Hameau installable', async ({ baseURL }, testInfo) => {
	// Lighthouse's installability audit asked Chromium this very question (DevTools'
	// Page.getInstallabilityErrors). It needs a profile on disk: the tests' usual profiles are
	// off the record, and Chromium never offers to install from an incognito window.
	const profileDir = await mkdtemp(join(tmpdir(), 'hameau-install-'));
	const profile = await chromium.launchPersistentContext(profileDir, {
		...testInfo.project.use.launchOptions,
		baseURL
	});
	try {
		const page = await profile.newPage();
		await page.goto('/login');
		await page.evaluate(() => navigator.serviceWorker.ready);
		const devtools = await profile.newCDPSession(page);
		const manifest = await devtools.send('Page.getAppManifest');
		expect(manifest.url).toMatch(/manifest/);
		expect(manifest.errors).toEqual([]);
		const { installabilityErrors } = await devtools.send('Page.getInstallabilityErrors');
		expect(installabilityErrors).toEqual([]);
	} finally {
		await profile.close();
		await rm(profileDir, { recursive: true, force: true });
	}
});

test('when the link drops the install, the offline page is kept on the next try', async ({
	openProfile
}) => {
	const page = await openProfile();
	// The worker's first fetch of the offline page fails, as on a village link that drops.
	let offlinePageFetches = 0;
	await page.context().route('**/offline', async (route) => {
		offlinePageFetches += 1;
		if (offlinePageFetches === 1) await route.abort('connectionreset');
		else await route.continue();
	});
	await page.goto('/login');
	expect(await takenOverByTheWorker(page)).toBe(true);
	expect(offlinePageFetches).toBeGreaterThanOrEqual(2);

	await page.context().setOffline(true);
	await page.goto('/signup');
	await expect(page.getByRole('heading', { level: 1, name: 'You are offline' })).toBeVisible();
});
