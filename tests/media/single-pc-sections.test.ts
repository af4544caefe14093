// The single peer connection's receive-only sections (/rtc/v1, single-pc.ts) pass from one track
// to another only through an answer that leaves them inactive: a section whose msid alone changes
// hands the new track the old one's MediaStreamTrack (single-pc.ts says why that is not enough;
// the Rust core reads the track of each section in midToTrackId only). A track released while
// an answer was being written (werift had written the SDP, it had not gone yet: someone leaving
// the room as a rejoin after a cut is answered) was still sent in that answer, yet its section
// counted as free, and the next track took it with nothing inactive in between.
import { SessionDescription, type SignalResponse } from '@livekit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RTCPeerConnection } from 'werift';
import { sectionsOf, splitSdp } from '../../server/media/sdp';
import type { TrackPublisher } from '../../server/media/subscriber';
import { publishedTrack } from './published-track';
import { singlePcParticipant } from './single-pc-support';

function person(sid: string, identity: string): TrackPublisher {
	return { sid, identity, send: () => undefined };
}

/** What each audio section sends in an answer: its stream id (`PA_…|TR_…`), or '' (nothing). */
function carried(answer: string): Map<string, string> {
	const lines = splitSdp(answer).sections;
	const sections = new Map<string, string>();
	sectionsOf(answer).forEach(({ mid, kind, direction }, index) => {
		if (!mid || kind !== 'audio') return;
		const msid = lines[index].find((line) => line.startsWith('a=msid:'));
		const sending = direction === 'sendonly' || direction === 'sendrecv';
		sections.set(mid, sending ? (msid?.slice(7).split(' ')[0] ?? '?') : '');
	});
	return sections;
}

describe('single peer connection sections', () => {
	const closing: Array<() => Promise<unknown> | void> = [];
	afterEach(async () => {
		for (const close of closing.splice(0)) await close();
	});

	it('free a section only once an answer that left it inactive has gone', async () => {
		const answers: SessionDescription[] = [];
		/** Offers the server asked for (MediaSectionsRequirement) since the client last offered. */
		let asked = 0;
		const send = (message: SignalResponse['message']) => {
			if (message.case === 'answer') answers.push(message.value);
			if (message.case === 'mediaSectionsRequirement') asked += 1;
		};
		const { single, publisher } = singlePcParticipant('bruno', { send });
		closing.push(
			() => single.close(),
			() => publisher.close()
		);
		// The client: two receive-only audio sections, as livekit-client offers (it has three).
		const client = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
		closing.push(() => client.close());
		client.addTransceiver('audio', { direction: 'recvonly' });
		client.addTransceiver('audio', { direction: 'recvonly' });
		// What arrives between werift writing an answer and the answer going out.
		let whileAnswering: (() => void) | null = null;
		const server = (publisher as unknown as { pc: RTCPeerConnection }).pc;
		const createAnswer = server.createAnswer.bind(server);
		server.createAnswer = async () => {
			const answer = await createAnswer();
			whileAnswering?.();
			whileAnswering = null;
			return answer;
		};
		const history: Array<Map<string, string>> = [];
		const offerAndApply = async () => {
			const before = answers.length;
			asked = 0;
			await client.setLocalDescription(await client.createOffer());
			publisher.offer(
				new SessionDescription({ type: 'offer', sdp: client.localDescription!.sdp, id: 1 })
			);
			await expect.poll(() => answers.length).toBe(before + 1);
			const answer = answers[before];
			await client.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
			history.push(carried(answer.sdp));
			return answer;
		};

		const anneBefore = person('PA_anne1', 'anne');
		const micBefore = publishedTrack('TR_mic1', 'audio');
		single.subscribe(anneBefore, micBefore);
		const first = await offerAndApply();
		expect(Object.values(first.midToTrackId)).toEqual(['TR_mic1']);

		// Anne comes back after a cut: her old session leaves, her new microphone arrives, both
		// while bruno's next offer is being answered.
		const micAfter = publishedTrack('TR_mic2', 'audio');
		whileAnswering = () => {
			single.unsubscribe('TR_mic1');
			single.subscribe(person('PA_anne2', 'anne'), micAfter);
		};
		const racing = await offerAndApply();
		// That answer was written before she left: it still sends her old microphone, and says so.
		expect(history[1].get('0')).toBe('PA_anne1|TR_mic1');
		expect(racing.midToTrackId['0']).toBe('TR_mic1');
		// The client offers whenever the server asks, as livekit-client and the Rust core do.
		for (let offers = 0; asked > 0 && offers < 3; offers += 1) await offerAndApply();

		// The new microphone ends up received...
		expect([...history[history.length - 1].values()]).toContain('PA_anne2|TR_mic2');
		// ...and no section went from one track to another without an inactive answer between.
		for (const mid of history[0].keys()) {
			const carriedByMid = history.map((sections) => sections.get(mid) ?? '');
			for (let index = 1; index < carriedByMid.length; index += 1) {
				const [was, now] = [carriedByMid[index - 1], carriedByMid[index]];
				expect(
					was === '' || now === '' || was === now,
					`section ${mid}: ${carriedByMid.join(' → ')}`
				).toBe(true);
			}
		}
	});
});
