// livekit-client joins over /rtc/v1, the single peer connection (docs/media.md): one
// RTCPeerConnection per person, no fallback to /rtc (so none of the two console errors the 404
// of /rtc/v1 used to print), a microphone heard, and a screen shared to someone
// already connected keeps playing (a video bound to a section of a connection already up once
// showed its first frame and stalled).
import type { Page } from '@playwright/test';
import { expect, test, type Fixtures } from './fixtures';
import { joinToken, livekitUrl, startHarness } from './media-harness';
import { recordPeerConnections } from './village-support';

let harness: Awaited<ReturnType<typeof startHarness>>;
test.beforeAll(async () => {
	harness = await startHarness();
});
test.afterAll(async () => {
	await harness.close();
});

/** What a page's signalling and console said while it was open. */
type Watched = { page: Page; sockets: string[]; errors: string[] };

async function join(
	openProfile: Fixtures['openProfile'],
	identity: string,
	room: string
): Promise<Watched> {
	const page = await openProfile();
	const sockets: string[] = [];
	const errors: string[] = [];
	page.on('websocket', (socket) => sockets.push(new URL(socket.url()).pathname));
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	await recordPeerConnections(page);
	await page.goto(harness.url);
	const token = await joinToken(identity, room);
	await page.evaluate(([url, jwt]) => window.joinRoom(url, jwt), [livekitUrl(), token] as const);
	await expect(page.locator('#state')).toHaveText('connected');
	return { page, sockets, errors };
}

/** The inbound-rtp statistics of what `page` receives of `identity`'s `source`. */
function inbound(page: Page, identity: string, source: string) {
	return page.evaluate(
		async ([who, from]) => {
			const track = window.room.remoteParticipants
				.get(who)
				?.getTrackPublication(from as import('livekit-client').Track.Source)?.track;
			const result = { samples: 0, framesDecoded: 0 };
			if (!track?.receiver) return result;
			const report = await track.receiver.getStats();
			report.forEach((stats: Record<string, unknown>) => {
				if (stats.type !== 'inbound-rtp') return;
				result.samples = Number(stats.totalSamplesReceived ?? 0);
				result.framesDecoded = Number(stats.framesDecoded ?? 0);
			});
			return result;
		},
		[identity, source] as const
	);
}

/** `field` of what `page` receives of `identity`'s `source` grows, twice (it does not stall). */
async function expectKeepsGrowing(
	page: Page,
	identity: string,
	source: string,
	field: 'samples' | 'framesDecoded'
) {
	const value = async () => (await inbound(page, identity, source))[field];
	await expect.poll(value, { timeout: 20_000 }).toBeGreaterThan(0);
	for (let step = 0; step < 2; step += 1) {
		const before = await value();
		await expect.poll(value, { timeout: 10_000 }).toBeGreaterThan(before);
	}
}

/** Peer connections a page made that are still open. */
const openConnections = (page: Page) =>
	page.evaluate(
		() =>
			(
				(window as unknown as { peerConnections?: RTCPeerConnection[] }).peerConnections ?? []
			).filter((connection) => connection.connectionState !== 'closed').length
	);

test('two people join over one peer connection each, hear each other and watch a screen shared later', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const room = `single-${Date.now()}`;
	const alice = await join(openProfile, 'alice', room);
	const bob = await join(openProfile, 'bob', room);
	await expectKeepsGrowing(bob.page, 'alice', 'camera', 'framesDecoded');
	await expectKeepsGrowing(alice.page, 'bob', 'camera', 'framesDecoded');

	// Bob hears Alice. (Whether as RED the statistics cannot tell: Chrome names the codec it
	// decodes, Opus; tests/media/single-pc-red.test.ts checks the packets.)
	await expectKeepsGrowing(bob.page, 'alice', 'microphone', 'samples');

	// Alice shares her screen once both are connected: it goes on playing for Bob.
	await alice.page.getByRole('button', { name: 'Share screen' }).click();
	await expectKeepsGrowing(bob.page, 'alice', 'screen_share', 'framesDecoded');

	for (const person of [alice, bob]) {
		expect(person.errors).toEqual([]);
		expect(person.sockets).toEqual(['/rtc/v1']);
		expect(await openConnections(person.page)).toBe(1);
	}
});
