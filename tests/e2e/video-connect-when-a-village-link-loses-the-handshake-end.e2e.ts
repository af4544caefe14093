// Two people call over the village link (village-link.ts), and the link loses the datagram that
// ends each browser's DTLS handshake (the one with its ChangeCipherSpec). Each still hears the
// other: the lost flight is sent again and the handshake completes. Before, the browser's
// handshake ended with the server's last flight already in hand, so the lost datagram was the
// browser's own last one; the server resent its flight as the very same bytes, which the browser
// drops as a replay, and the server's side stayed "connecting" for good — connected pages, no
// sound, no picture (issue 22; server/media/answer.ts).
import { carriesChangeCipherSpec } from './link-relay';
import { startHarness } from './media-harness';
import { expect, joinWithMicrophone, received, test } from './village-support';

test('a call connects when the village link loses the end of each browser’s DTLS handshake', async ({
	openProfile,
	link
}) => {
	test.setTimeout(120_000);
	const harness = await startHarness();
	const harnessPort = Number(new URL(harness.url).port);
	await link.relay(harnessPort);
	const room = `village-handshake-${Date.now()}`;
	// Once per connection (each is one source address on the house's side).
	const lostFrom = new Set<string>();
	const lift = link.directions.up.loseWhere((datagram, sender) => {
		if (lostFrom.has(sender) || !carriesChangeCipherSpec(datagram)) return false;
		lostFrom.add(sender);
		return true;
	});
	try {
		const [anne, bruno] = await Promise.all([openProfile(), openProfile()]);
		await joinWithMicrophone(anne, harnessPort, 'Anne Vialard', room);
		await joinWithMicrophone(bruno, harnessPort, 'Bruno Cayrou', room);
		for (const page of [anne, bruno]) {
			await expect
				.poll(async () => (await received(page)).audio.some((stream) => stream.energy > 0), {
					message: 'sound from the other person',
					timeout: 45_000
				})
				.toBe(true);
		}
		// The loss did happen, for each page's connection.
		expect(lostFrom.size).toBeGreaterThanOrEqual(2);
	} finally {
		lift();
		await harness.close();
	}
});
