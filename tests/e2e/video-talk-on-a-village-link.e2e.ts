// Four people of one house in a call behind the village link (512 kbit/s up shared by the four,
// 2 Mbit/s down, 300 ms round trip, 5% loss in bursts: village-link.ts), microphones on: each
// still hears the other three — sound energy keeps arriving from every microphone — and their
// browsers measure the link's round trip and loss.
import type { Page } from '@playwright/test';
import { startHarness } from './media-harness';
import { VILLAGE } from './village-link';
import { expect, joinWithMicrophone, measuredLink, received, test } from './village-support';

const PEOPLE = ['Anne Vialard', 'Bruno Cayrou', 'Chloé Bouquet', 'Denis Mazars'];

test('on a village link everyone in a four-person call hears the other three', async ({
	openProfile,
	link
}) => {
	test.setTimeout(240_000);
	const harness = await startHarness();
	const harnessPort = Number(new URL(harness.url).port);
	await link.relay(harnessPort);
	const room = `village-${Date.now()}`;
	const pages: Page[] = [];
	try {
		for (const person of PEOPLE) {
			const page = await openProfile();
			await joinWithMicrophone(page, harnessPort, person, room);
			pages.push(page);
		}
		for (const page of pages) {
			await expect
				.poll(async () => (await received(page)).audio.filter((a) => a.samples > 0).length, {
					timeout: 60_000
				})
				.toBe(3);
		}
		const before = await Promise.all(pages.map(received));
		for (const [index, page] of pages.entries()) {
			// Every microphone's sound keeps coming: energy and samples grow for all three.
			await expect
				.poll(
					async () =>
						(await received(page)).audio.filter((stream) => {
							const earlier = before[index].audio.find((entry) => entry.ssrc === stream.ssrc);
							return (
								earlier !== undefined &&
								stream.energy > earlier.energy &&
								stream.samples > earlier.samples
							);
						}).length,
					{ timeout: 30_000 }
				)
				.toBe(3);
		}

		// The media really crossed the relays: what the browsers measured, printed for the record.
		const measured = await measuredLink(pages);
		console.log(
			`village link measured: RTCP round trip ${measured.rtcpRttMs.toFixed(0)} ms, ICE round trip ` +
				`${measured.iceRttMs.toFixed(0)} ms, audio packets lost ${measured.audioLossPercent.toFixed(1)}%`
		);
		// The relays hold each packet half the round trip each way: less is a path round them.
		expect(measured.iceRttMs).toBeGreaterThanOrEqual(VILLAGE.rttMs * 0.95);
		expect(measured.rtcpRttMs).toBeGreaterThanOrEqual(VILLAGE.rttMs * 0.95);
		// 5% on average, in bursts: a few thousand packets land within a few points of it.
		expect(measured.audioLossPercent).toBeGreaterThan(VILLAGE.lossPercent / 3);
		expect(measured.audioLossPercent).toBeLessThan(VILLAGE.lossPercent * 3);
	} finally {
		await harness.close();
	}
});
