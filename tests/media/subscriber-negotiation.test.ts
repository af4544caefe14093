// A subscriber offer the browser never answers (it could not apply it: livekit-client then says
// nothing) no longer leaves the subscriber connection waiting for ever: the offer is made again,
// and if that one goes unanswered too the browser is asked to join again, as LiveKit does.
import { SessionDescription } from '@livekit/protocol';
import pino from 'pino';
import { RTCPeerConnection } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import { Subscriber, type TrackPublisher } from '../../server/media/subscriber';
import { publishedTrack } from './published-track';

/** Short, so the test waits little; the product waits NEGOTIATION_TIMEOUT_MS. */
const TIMEOUT_MS = 300;

const bruno: TrackPublisher = { sid: 'PA_bruno', identity: 'bruno', send: () => undefined };

describe('subscriber offers nobody answers', () => {
	const closing: Array<() => Promise<unknown> | void> = [];
	afterEach(async () => {
		for (const close of closing.splice(0)) await close();
	});

	function subscriberOf(name: string) {
		const offers: SessionDescription[] = [];
		let failed = 0;
		const subscriber = new Subscriber(
			name,
			{
				send: (message) => {
					if (message.case === 'offer') offers.push(message.value);
				},
				candidate: () => undefined,
				subscribed: () => undefined,
				negotiationFailed: () => (failed += 1),
				connectionFailed: () => undefined
			},
			{ network: {}, log: pino({ level: 'silent' }), negotiationTimeoutMs: TIMEOUT_MS }
		);
		closing.push(() => subscriber.close());
		return { subscriber, offers, failures: () => failed };
	}

	/** The browser's answer to `offer`, numbered as livekit-client numbers it. */
	async function answerOf(offer: SessionDescription): Promise<SessionDescription> {
		const browser = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
		closing.push(() => browser.close());
		await browser.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
		await browser.setLocalDescription(await browser.createAnswer());
		return new SessionDescription({
			type: 'answer',
			sdp: browser.localDescription!.sdp,
			id: offer.id
		});
	}

	const received = (subscriber: Subscriber) =>
		subscriber.measuredStreams().map((stream) => stream.trackSid);

	it('offers again, takes the answer to the new offer and ignores the old one', async () => {
		const { subscriber, offers, failures } = subscriberOf('alice');
		subscriber.subscribe(bruno, publishedTrack('TR_bruno_audio', 'audio'));
		await expect.poll(() => offers.length).toBe(1);
		// The browser refused offer 1: it says nothing. The same tracks are offered again.
		await expect.poll(() => offers.length, { timeout: TIMEOUT_MS * 5 }).toBe(2);
		expect(offers[1].id).toBeGreaterThan(offers[0].id);
		expect(offers[1].sdp).toContain('m=audio');

		expect(subscriber.answer(await answerOf(offers[1]))).toBe(true);
		await expect.poll(() => received(subscriber)).toEqual(['TR_bruno_audio']);
		// A late answer to the first offer is no protocol error, and changes nothing.
		const late = new SessionDescription({ ...(await answerOf(offers[1])), id: offers[0].id });
		expect(subscriber.answer(late)).toBe(true);
		// Answered: nothing more is offered, nobody is asked to rejoin.
		await new Promise((done) => setTimeout(done, TIMEOUT_MS * 2));
		expect(offers).toHaveLength(2);
		expect(failures()).toBe(0);
	});

	it('asks the browser to rejoin when the offer made again goes unanswered too', async () => {
		const { subscriber, offers, failures } = subscriberOf('chloe');
		subscriber.subscribe(bruno, publishedTrack('TR_bruno_audio', 'audio'));
		await expect.poll(failures, { timeout: TIMEOUT_MS * 8 }).toBe(1);
		expect(offers).toHaveLength(2);
		expect(received(subscriber)).toEqual([]);
	});
});
