// Three people join one call through the embedded media server with the unmodified
// livekit-client: each sees and hears the other two.
import { expect, test, type Page } from '@playwright/test';
import { joinToken, livekitUrl, startHarness } from './media-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
test.beforeAll(async () => {
	harness = await startHarness();
});
test.afterAll(async () => {
	await harness.close();
});

async function join(page: Page, identity: string, room: string) {
	await page.goto(harness.url);
	const token = await joinToken(identity, room);
	await page.evaluate(([url, jwt]) => window.joinRoom(url, jwt), [livekitUrl(), token] as const);
	await expect(page.locator('#state')).toHaveText('connected');
}

/** The remote video of `identity` plays: it has a size and its frames advance. */
async function expectVideoOf(page: Page, identity: string, source = 'camera') {
	const video = page.locator(`video[data-identity="${identity}"][data-source="${source}"]`);
	await expect(video).toHaveCount(1, { timeout: 20_000 });
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 20_000 })
		.toBeGreaterThan(0);
	const before = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 })
		.toBeGreaterThan(before);
}

test('two people in a call see each other', async ({ browser }) => {
	test.setTimeout(90_000);
	const room = `see-${Date.now()}`;
	const alice = await (await browser.newContext()).newPage();
	const bob = await (await browser.newContext()).newPage();
	await join(alice, 'alice', room);
	await join(bob, 'bob', room);
	await expectVideoOf(alice, 'bob');
	await expectVideoOf(bob, 'alice');
});
