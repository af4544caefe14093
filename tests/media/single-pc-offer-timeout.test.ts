// On the single peer connection (/rtc/v1, single-pc.ts) the server never offers: a track to send
// waits for the client's next offer, asked for with a MediaSectionsRequirement. A client that
// never offered after such a request (its negotiation failed, or the request reached a connection
// it was replacing) stayed connected and received none of the tracks waiting, for ever: nothing
// asked again. Now the request is made again, and if no offer follows that either, the client is
// asked to rejoin, as for an offer unanswered on /rtc (subscriber-negotiation.test.ts).
import { MediaSectionsRequirement, SessionDescription } from '@livekit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RTCPeerConnection } from 'werift';
import type { TrackPublisher } from '../../server/media/subscriber';
import { publishedTrack } from './published-track';
import { singlePcParticipant } from './single-pc-support';

/** Short, so the test waits little; the product waits NEGOTIATION_TIMEOUT_MS. */
const TIMEOUT_MS = 300;

const anne: TrackPublisher = { sid: 'PA_anne', identity: 'anne', send: () => undefined };

describe('an offer asked for on the single peer connection that never comes', () => {
	const closing: Array<() => Promise<unknown> | void> = [];
	afterEach(async () => {
		for (const close of closing.splice(0)) await close();
	});

	function receiver(name: string) {
		const requests: MediaSectionsRequirement[] = [];
		const answers: SessionDescription[] = [];
		let failures = 0;
		const { single, publisher } = singlePcParticipant(name, {
			send: (message) => {
				if (message.case === 'mediaSectionsRequirement') requests.push(message.value);
				if (message.case === 'answer') answers.push(message.value);
			},
			negotiationFailed: () => (failures += 1),
			negotiationTimeoutMs: TIMEOUT_MS
		});
		closing.push(
			() => single.close(),
			() => publisher.close()
		);
		// The client's connection, offering as livekit-client does: receive-only sections.
		const client = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
		closing.push(() => client.close());
		const offer = async (audioSections: number) => {
			for (let index = 0; index < audioSections; index += 1) {
				client.addTransceiver('audio', { direction: 'recvonly' });
			}
			const before = answers.length;
			await client.setLocalDescription(await client.createOffer());
			publisher.offer(
				new SessionDescription({ type: 'offer', sdp: client.localDescription!.sdp, id: 1 })
			);
			await expect.poll(() => answers.length).toBe(before + 1);
			await client.setRemoteDescription({ type: 'answer', sdp: answers[before].sdp });
			return answers[before];
		};
		return { single, requests, offer, failures: () => failures };
	}

	it('asks again, and sends the track on the offer that finally comes', async () => {
		const { single, requests, offer, failures } = receiver('bruno');
		// The first offer (the join's) has no section to receive on.
		await offer(0);
		single.subscribe(anne, publishedTrack('TR_anne_mic', 'audio'));
		expect(requests.map((request) => request.numAudios)).toEqual([1]);
		// No offer came: the request is made again, still for the one section missing.
		await expect.poll(() => requests.length, { timeout: TIMEOUT_MS * 5 }).toBe(2);
		expect(requests[1].numAudios).toBe(1);
		// This time the client offers it: the microphone goes out on it, nobody is asked to rejoin.
		const answer = await offer(1);
		expect(Object.values(answer.midToTrackId)).toEqual(['TR_anne_mic']);
		await new Promise((done) => setTimeout(done, TIMEOUT_MS * 3));
		expect(requests).toHaveLength(2);
		expect(failures()).toBe(0);
	});

	it('asks the client to rejoin when no offer follows the request made again', async () => {
		const { single, requests, offer, failures } = receiver('chloe');
		await offer(0);
		single.subscribe(anne, publishedTrack('TR_anne_mic', 'audio'));
		await expect.poll(failures, { timeout: TIMEOUT_MS * 8 }).toBe(1);
		expect(requests).toHaveLength(2);
	});

	it('asks nothing again while the client is offering as asked', async () => {
		const { single, requests, offer, failures } = receiver('denis');
		await offer(0);
		single.subscribe(anne, publishedTrack('TR_anne_mic', 'audio'));
		await offer(1);
		await new Promise((done) => setTimeout(done, TIMEOUT_MS * 3));
		expect(requests).toHaveLength(1);
		expect(failures()).toBe(0);
	});
});
