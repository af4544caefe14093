// The subscriber connection's offers keep each section's kind: a section a video no longer uses is
// never handed to a microphone. A browser refuses an offer whose section changed kind (Chrome: the
// m-line's media type may not change), and the subscriber connection then stays stuck on an offer
// nobody answers: every track subscribed after it is never received. On a 300 ms round trip a
// video unsubscribed before its first offer was answered (the house's link leaves no room for it)
// left such a section, and a colleague's microphone coming next took it.
import { SessionDescription } from '@livekit/protocol';
import pino from 'pino';
import { RTCPeerConnection } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import { Subscriber, type TrackPublisher } from '../../server/media/subscriber';
import { publishedTrack } from './published-track';

/** The kind of each section of an SDP, by mid. */
function sectionKinds(sdp: string): Map<string, string> {
	const kinds = new Map<string, string>();
	for (const section of sdp.split(/\r\nm=/).slice(1)) {
		const mid = /a=mid:(\S+)/.exec(section)?.[1];
		if (mid) kinds.set(mid, section.split(' ')[0]);
	}
	return kinds;
}

describe('subscriber connection offers', () => {
	const closing: Array<() => Promise<unknown> | void> = [];
	afterEach(async () => {
		for (const close of closing.splice(0)) await close();
	});

	it('never give a section another kind of track', async () => {
		const offers: SessionDescription[] = [];
		const subscriber = new Subscriber(
			'denis',
			{
				send: (message) => {
					if (message.case === 'offer') offers.push(message.value);
				},
				candidate: () => undefined,
				subscribed: () => undefined,
				negotiationFailed: () => undefined,
				connectionFailed: () => undefined
			},
			{ network: {}, log: pino({ level: 'silent' }) }
		);
		closing.push(() => subscriber.close());
		// The browser's side: it answers each offer, as livekit-client does.
		const browser = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
		closing.push(() => browser.close());
		const kindsSeen = new Map<string, string>();
		const answerNext = async () => {
			await expect.poll(() => offers.length).toBeGreaterThan(0);
			const offer = offers.shift()!;
			for (const [mid, kind] of sectionKinds(offer.sdp)) {
				expect(kind, `section ${mid}'s kind`).toBe(kindsSeen.get(mid) ?? kind);
				kindsSeen.set(mid, kind);
			}
			// A browser answering never moves a section: werift, answering, would recycle an
			// inactive one for a new mid, so none of its own is offered for that.
			for (const transceiver of browser.getTransceivers()) transceiver.usedForSender = true;
			await browser.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
			await browser.setLocalDescription(await browser.createAnswer());
			expect(
				subscriber.answer(
					new SessionDescription({ type: 'answer', sdp: browser.localDescription!.sdp })
				)
			).toBe(true);
		};
		const bruno: TrackPublisher = { sid: 'PA_bruno', identity: 'bruno', send: () => undefined };
		const chloe: TrackPublisher = { sid: 'PA_chloe', identity: 'chloe', send: () => undefined };

		// Bruno's camera comes, and goes before the browser answered its offer.
		subscriber.subscribe(bruno, publishedTrack('TR_bruno_video', 'video'));
		subscriber.unsubscribe('TR_bruno_video');
		await answerNext();
		await answerNext();
		// Chloé's microphone next: it gets a section of its own kind.
		subscriber.subscribe(chloe, publishedTrack('TR_chloe_audio', 'audio'));
		await answerNext();
		expect([...kindsSeen.values()].filter((kind) => kind === 'audio')).toHaveLength(1);
		// And the video section can still carry a video.
		subscriber.subscribe(bruno, publishedTrack('TR_bruno_video_2', 'video'));
		await answerNext();
	});
});
