// People meet in a call through the embedded media server with the unmodified livekit-client:
// they see and hear each other, mute, share a screen, send messages, leave, and come back by
// themselves when the media process dies.
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Fixtures } from './fixtures';
import { e2eDataDir } from './data-dir.mjs';
import { joinToken, livekitUrl, startHarness } from './media-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
test.beforeAll(async () => {
	harness = await startHarness();
});
test.afterAll(async () => {
	await harness.close();
});

async function join(
	openProfile: Fixtures['openProfile'],
	identity: string,
	room: string,
	adaptiveStream = false
): Promise<Page> {
	// Each person's profile is closed after the test (openProfile), so calls do not pile up.
	const page = await openProfile();
	await page.goto(harness.url);
	const token = await joinToken(identity, room);
	await page.evaluate(([url, jwt, adaptive]) => window.joinRoom(url, jwt, true, adaptive), [
		livekitUrl(),
		token,
		adaptiveStream
	] as const);
	await expect(page.locator('#state')).toHaveText('connected');
	return page;
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

/** Width of the remote video of `identity` as `page` shows it. */
const videoWidth = (page: Page, identity: string) =>
	page
		.locator(`video[data-identity="${identity}"][data-source="camera"]`)
		.evaluate((v: HTMLVideoElement) => v.videoWidth);

/** Audio samples of `identity`'s microphone (or other audio source) keep arriving in `page`. */
async function expectAudioOf(page: Page, identity: string, source = 'microphone') {
	const samples = () =>
		page.evaluate(
			async ([who, from]) => {
				const publication = window.room.remoteParticipants
					.get(who)
					?.getTrackPublication(from as import('livekit-client').Track.Source);
				const receiver = publication?.track?.receiver;
				if (!receiver) return 0;
				let total = 0;
				(await receiver.getStats()).forEach(
					(report: { type: string; totalSamplesReceived?: number }) => {
						if (report.type === 'inbound-rtp') total = report.totalSamplesReceived ?? 0;
					}
				);
				return total;
			},
			[identity, source] as const
		);
	await expect.poll(samples, { timeout: 20_000 }).toBeGreaterThan(0);
	const before = await samples();
	await expect.poll(samples, { timeout: 10_000 }).toBeGreaterThan(before);
}

const person = (page: Page, identity: string) =>
	page.locator(`#people li[data-identity="${identity}"]`);

test('three people in a call see and hear each other, mute, share, message and leave', async ({
	openProfile
}) => {
	test.setTimeout(150_000);
	const room = `call-${Date.now()}`;
	const alice = await join(openProfile, 'alice', room);
	const bob = await join(openProfile, 'bob', room);
	const carol = await join(openProfile, 'carol', room);
	const everyone = { alice, bob, carol };

	for (const [name, page] of Object.entries(everyone)) {
		for (const other of Object.keys(everyone)) {
			if (other === name) continue;
			await expectVideoOf(page, other);
			await expectAudioOf(page, other);
		}
	}

	// The beeping fake microphones make people active speakers; everyone's connection is rated.
	await expect(alice.locator('#speakers')).toContainText(/bob|carol/, { timeout: 20_000 });
	await expect(person(alice, 'bob')).toContainText('quality excellent', { timeout: 20_000 });

	// Alice watches Bob in low quality, then high again: the simulcast layer follows.
	const high = await videoWidth(alice, 'bob');
	await alice.evaluate(() => window.setVideoQuality('bob', 'LOW'));
	await expect.poll(() => videoWidth(alice, 'bob'), { timeout: 20_000 }).toBeLessThan(high);
	await alice.evaluate(() => window.setVideoQuality('bob', 'HIGH'));
	await expect.poll(() => videoWidth(alice, 'bob'), { timeout: 20_000 }).toBe(high);
	// Bob's picture for Carol did not change meanwhile.
	expect(await videoWidth(carol, 'bob')).toBe(high);

	// Carol stops receiving Alice's camera, then takes it again.
	await carol.evaluate(() => window.setSubscribed('alice', 'camera', false));
	await expect(carol.locator('video[data-identity="alice"]')).toHaveCount(0);
	await carol.evaluate(() => window.setSubscribed('alice', 'camera', true));
	await expectVideoOf(carol, 'alice');

	// Alice mutes her microphone: the others see it.
	await alice.getByRole('button', { name: 'Mute microphone', exact: true }).click();
	await expect(person(bob, 'alice')).toContainText('microphone muted');
	await expect(person(carol, 'alice')).toContainText('microphone muted');
	await alice.getByRole('button', { name: 'Unmute microphone' }).click();
	await expect(person(bob, 'alice')).not.toContainText('microphone muted');

	// Bob shares his screen: the others see it next to his camera.
	await bob.getByRole('button', { name: 'Share screen' }).click();
	await expectVideoOf(alice, 'bob', 'screen_share');
	await expectVideoOf(carol, 'bob', 'screen_share');

	// Bob stops sharing: the shared screen goes away for the others, his camera stays.
	await bob.getByRole('button', { name: 'Stop sharing' }).click();
	await expect(alice.locator('video[data-identity="bob"][data-source="screen_share"]')).toHaveCount(
		0
	);
	await expect(carol.locator('video[data-identity="bob"][data-source="screen_share"]')).toHaveCount(
		0
	);
	await expectVideoOf(alice, 'bob');

	// A message to Bob only reaches Bob; a message to everyone reaches both others.
	await alice.evaluate(() => window.sendText('just for bob', 'bob'));
	await alice.evaluate(() => window.sendText('hello everyone'));
	await expect(bob.locator('#messages')).toContainText('alice: just for bob');
	await expect(bob.locator('#messages')).toContainText('alice: hello everyone');
	// The reliable channel keeps order: once Carol has the second message, the first would be there.
	await expect(carol.locator('#messages')).toContainText('alice: hello everyone');
	await expect(carol.locator('#messages')).not.toContainText('just for bob');
	await expect(alice.locator('#messages li')).toHaveCount(0);

	// Carol leaves: she disappears for the others, with her video.
	await carol.getByRole('button', { name: 'Leave' }).click();
	await expect(person(alice, 'carol')).toHaveCount(0);
	await expect(person(bob, 'carol')).toHaveCount(0);
	await expect(alice.locator('video[data-identity="carol"]')).toHaveCount(0);
});

test('the sound of a shared screen reaches the others, and adaptive stream sends the layer a video needs', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const room = `adaptive-${Date.now()}`;
	const dora = await join(openProfile, 'dora', room);
	// Emil's page tells the server how large it shows each video (adaptive stream).
	const emil = await join(openProfile, 'emil', room, true);
	await expectVideoOf(dora, 'emil');

	// Dora's camera in Emil's small 160×120 tile comes in a lower layer than she sends.
	await expectVideoOf(emil, 'dora');
	await expect.poll(() => videoWidth(emil, 'dora'), { timeout: 20_000 }).toBeLessThan(640);
	// Emil enlarges the tile: the full layer follows.
	await emil
		.locator('video[data-identity="dora"][data-source="camera"]')
		.evaluate((v: HTMLVideoElement) => {
			v.style.width = '640px';
			v.style.height = '360px';
		});
	await expect.poll(() => videoWidth(emil, 'dora'), { timeout: 20_000 }).toBe(640);

	// Dora shares her screen's sound: Emil hears it as screen-share audio.
	await dora.getByRole('button', { name: 'Share sound' }).click();
	await expect(
		emil.locator('audio[data-identity="dora"][data-source="screen_share_audio"]')
	).toHaveCount(1, {
		timeout: 20_000
	});
	await expectAudioOf(emil, 'dora', 'screen_share_audio');
});

// Tagged: killing the media process would break the calls of tests running beside it, so
// playwright.config.ts runs this one alone, after all the others.
test(
	'after the media process dies, people come back to the call by themselves',
	{ tag: '@restarts-media' },
	async ({ openProfile }) => {
		test.setTimeout(120_000);
		const room = `restart-${Date.now()}`;
		const alice = await join(openProfile, 'alice', room);
		const bob = await join(openProfile, 'bob', room);
		await expectVideoOf(alice, 'bob');
		await expectVideoOf(bob, 'alice');

		const pid = Number(readFileSync(joinPath(e2eDataDir(), 'media.pid'), 'utf8'));
		process.kill(pid, 'SIGKILL');

		// Each page notices, reconnects through the restarted media process and sees the other again.
		await expect(alice.locator('#history')).toContainText('reconnecting', { timeout: 30_000 });
		await expect(alice.locator('#state')).toHaveText('connected', { timeout: 60_000 });
		await expect(bob.locator('#state')).toHaveText('connected', { timeout: 60_000 });
		await expectVideoOf(alice, 'bob');
		await expectVideoOf(bob, 'alice');
		await expect(person(alice, 'bob')).toHaveCount(1);
		await expect(person(bob, 'alice')).toHaveCount(1);
		expect(Number(readFileSync(joinPath(e2eDataDir(), 'media.pid'), 'utf8'))).not.toBe(pid);
	}
);
