// Someone already in a call sees the video of a person who joins after them, and again when that
// person leaves and comes back — the moment a subscriber's connection is still being set up while
// the newcomer's first key frames arrive (issue 4: the tile stayed black on a busy machine).
import type { Page } from '@playwright/test';
import { expect, test, type Fixtures } from './fixtures';
import { joinToken, livekitUrl, startHarness } from './media-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
test.beforeAll(async () => {
	harness = await startHarness();
});
test.afterAll(async () => {
	await harness.close();
});

/** Opens the call page and joins as a call UI does: adaptive stream and dynacast on. */
async function join(
	openProfile: Fixtures['openProfile'],
	identity: string,
	room: string
): Promise<Page> {
	const page = await openProfile();
	await page.goto(harness.url);
	await rejoin(page, identity, room);
	return page;
}

async function rejoin(page: Page, identity: string, room: string): Promise<void> {
	const token = await joinToken(identity, room);
	await page.evaluate(([url, jwt]) => window.joinRoom(url, jwt, true, true, true), [
		livekitUrl(),
		token
	] as const);
	await expect(page.locator('#state')).toHaveText('connected');
}

/** What the receiving browser knows of `identity`'s video, for the failure message. */
const receiveStats = (page: Page, identity: string) =>
	page.evaluate(async (who) => {
		const publication = window.room.remoteParticipants
			.get(who)
			?.getTrackPublication(window.LivekitClient.Track.Source.Camera);
		const receiver = publication?.track?.receiver;
		if (!receiver) return 'no receiver';
		const found: Record<string, unknown>[] = [];
		(await receiver.getStats()).forEach((report: Record<string, unknown>) => {
			if (report.type === 'inbound-rtp') found.push(report);
		});
		return JSON.stringify(
			found.map((r) => ({
				packetsReceived: r.packetsReceived,
				packetsLost: r.packetsLost,
				framesReceived: r.framesReceived,
				framesDecoded: r.framesDecoded,
				keyFramesDecoded: r.keyFramesDecoded,
				framesDropped: r.framesDropped,
				frameWidth: r.frameWidth,
				pliCount: r.pliCount,
				firCount: r.firCount,
				nackCount: r.nackCount
			}))
		);
	}, identity);

/** The remote video of `identity` plays in `page`: it has a size and its frames advance. */
async function expectVideoOf(page: Page, identity: string) {
	const video = page.locator(`video[data-identity="${identity}"][data-source="camera"]`);
	await expect(video).toHaveCount(1, { timeout: 20_000 });
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), {
			timeout: 20_000,
			message: `video of ${identity}`
		})
		.toBeGreaterThan(0)
		.catch(async (error: Error) => {
			throw new Error(`${error.message}\nreceiver stats: ${await receiveStats(page, identity)}`);
		});
	const before = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 })
		.toBeGreaterThan(before);
}

test('someone in a call sees a person who joins after them, and again when they come back', async ({
	openProfile
}) => {
	test.setTimeout(120_000);
	const room = `later-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
	const first = await join(openProfile, 'first', room);
	const newcomer = await join(openProfile, 'newcomer', room);
	await expectVideoOf(first, 'newcomer');
	await expectVideoOf(newcomer, 'first');

	// The newcomer leaves and comes back on the same page.
	await newcomer.getByRole('button', { name: 'Leave' }).click();
	await expect(newcomer.locator('#state')).toHaveText('disconnected');
	await expect(first.locator('video[data-identity="newcomer"]')).toHaveCount(0);
	await rejoin(newcomer, 'newcomer', room);
	await expectVideoOf(first, 'newcomer');
	await expectVideoOf(newcomer, 'first');
});
