// Connection quality from measured loss, jitter and round-trip time, mapped as LiveKit maps it;
// fed by werift's own objects: the receiver reports a subscriber's browser sends (RtcpRrPacket on
// the sender's onRtcp) and the receive statistics of a published stream with holes in it.
import { ConnectionQuality } from '@livekit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
	Event,
	MediaStreamTrack,
	RTCPeerConnection,
	RtcpReceiverInfo,
	RtcpRrPacket,
	RtpHeader,
	RtpPacket,
	useOPUS,
	type RTCRtpReceiver,
	type RTCRtpSender,
	type RtcpPacket
} from 'werift';
import {
	ParticipantQuality,
	StreamScorer,
	packetLossWeight,
	packetScore,
	scoreToMos,
	scoreToQuality,
	type QualityWindow
} from '../../server/media/quality';

const window = (lossPercent: number, rest: Partial<QualityWindow> = {}): QualityWindow => ({
	expected: 250,
	lost: (250 * lossPercent) / 100,
	jitterMs: 0,
	rttMs: 0,
	durationMs: 5_000,
	...rest
});

const qualityOf = (kind: 'audio' | 'video', red: boolean, lossPercent: number) =>
	scoreToQuality(packetScore(window(lossPercent), packetLossWeight(kind, red)));

describe('the quality mapping', () => {
	it("falls as LiveKit's does: Opus with FEC at 3.75% and 11.25%, RED at 15% and 45%, video at 2% and 6%", () => {
		expect(qualityOf('audio', false, 0)).toBe(ConnectionQuality.EXCELLENT);
		expect(qualityOf('audio', false, 3)).toBe(ConnectionQuality.EXCELLENT);
		expect(qualityOf('audio', false, 5)).toBe(ConnectionQuality.GOOD);
		expect(qualityOf('audio', false, 12)).toBe(ConnectionQuality.POOR);
		expect(qualityOf('audio', true, 12)).toBe(ConnectionQuality.EXCELLENT);
		expect(qualityOf('audio', true, 20)).toBe(ConnectionQuality.GOOD);
		expect(qualityOf('audio', true, 50)).toBe(ConnectionQuality.POOR);
		expect(qualityOf('video', false, 1)).toBe(ConnectionQuality.EXCELLENT);
		expect(qualityOf('video', false, 4)).toBe(ConnectionQuality.GOOD);
		expect(qualityOf('video', false, 7)).toBe(ConnectionQuality.POOR);
	});

	it('counts delay: a 300 ms round trip alone stays excellent, a second and more is poor', () => {
		const weight = packetLossWeight('audio', false);
		expect(scoreToQuality(packetScore(window(0, { rttMs: 300, jitterMs: 20 }), weight))).toBe(
			ConnectionQuality.EXCELLENT
		);
		expect(scoreToQuality(packetScore(window(0, { rttMs: 1_200 }), weight))).toBe(
			ConnectionQuality.GOOD
		);
		expect(scoreToQuality(packetScore(window(0, { rttMs: 2_000, jitterMs: 100 }), weight))).toBe(
			ConnectionQuality.POOR
		);
	});

	it('gives a MOS estimate between 1 and 4.5', () => {
		expect(scoreToMos(100)).toBe(4.5);
		expect(scoreToMos(0)).toBe(1);
		expect(scoreToMos(80)).toBeCloseTo(4.02, 2);
		expect(scoreToMos(50)).toBeCloseTo(2.58, 2);
	});

	it('falls quickly, recovers slowly, and weighs loss less during DTX silence', () => {
		const scorer = new StreamScorer(packetLossWeight('video', false));
		scorer.update(window(10));
		expect(scorer.quality).toBe(ConnectionQuality.POOR);
		scorer.update(window(0));
		expect(scorer.quality).not.toBe(ConnectionQuality.EXCELLENT);
		for (let i = 0; i < 5; i++) scorer.update(window(0));
		expect(scorer.quality).toBe(ConnectionQuality.EXCELLENT);

		const audio = new StreamScorer(packetLossWeight('audio', false));
		audio.update(window(0));
		// A twentieth of the packets (silence): 10% of them lost barely counts.
		audio.update(window(10, { expected: 12.5 / 1, lost: 1.25 }));
		expect(audio.quality).toBe(ConnectionQuality.EXCELLENT);
	});
});

/** A forwarded track's sender, as werift gives it: its SSRC, its RTCP, its stats. */
function forwardingSender(ssrc: number) {
	const onRtcp = new Event<[RtcpPacket]>();
	const sender = {
		ssrc,
		onRtcp,
		collectStats: () => [{ type: 'remote-inbound-rtp', roundTripTime: 0.3 }]
	} as unknown as RTCRtpSender;
	let highestSequence = 1_000;
	let packetsLost = 0;
	return {
		sender,
		/** The browser's receiver report after `sent` more packets, `lost` of them lost. */
		report(sent: number, lost: number) {
			highestSequence += sent;
			packetsLost += lost;
			const report = new RtcpReceiverInfo({ ssrc, highestSequence, packetsLost, jitter: 480 });
			onRtcp.execute(new RtcpRrPacket({ ssrc: 1, reports: [report] }));
		}
	};
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A werift receiver of a published Opus stream, fed packets directly (no network). */
function publishedStream(ssrc: number) {
	const pc = new RTCPeerConnection({ codecs: { audio: [useOPUS()], video: [] } });
	const transceiver = pc.addTransceiver('audio', { direction: 'recvonly' });
	const receiver = transceiver.receiver;
	const opus = useOPUS({ payloadType: 111 });
	receiver.prepareReceive({ codecs: [opus], encodings: [], headerExtensions: [] } as never);
	receiver.addTrack(new MediaStreamTrack({ kind: 'audio', ssrc }));
	cleanups.push(async () => {
		receiver.stop();
		await pc.close();
	});
	let sequenceNumber = 0;
	return {
		receiver: receiver as RTCRtpReceiver,
		/** `count` packets sent by the browser, every `dropEvery`-th lost on the way. */
		send(count: number, dropEvery = 0) {
			for (let i = 0; i < count; i++) {
				sequenceNumber += 1;
				if (dropEvery > 0 && sequenceNumber % dropEvery === 0) continue;
				const header = new RtpHeader({
					payloadType: 111,
					ssrc,
					sequenceNumber,
					timestamp: sequenceNumber * 960
				});
				receiver.handleRtpBySsrc(new RtpPacket(header, Buffer.alloc(40)), {});
			}
		}
	};
}

describe('a participant measured', () => {
	it('receiving a lossy stream scores POOR; a clean one EXCELLENT', () => {
		const lossy = forwardingSender(11);
		const clean = forwardingSender(22);
		const quality = new ParticipantQuality();
		const received = (sender: RTCRtpSender) => ({
			published: [],
			received: [{ trackSid: 'TR_a', kind: 'video' as const, red: false, sender }]
		});
		const cleanQuality = new ParticipantQuality();
		let now = 0;
		for (let i = 0; i < 4; i++) {
			lossy.report(500, 60);
			clean.report(500, 0);
			now += 5_000;
			quality.measure(received(lossy.sender), now);
			cleanQuality.measure(received(clean.sender), now);
		}
		expect(scoreToQuality(quality.score)).toBe(ConnectionQuality.POOR);
		expect(scoreToQuality(cleanQuality.score)).toBe(ConnectionQuality.EXCELLENT);
		quality.close();
		cleanQuality.close();
	});

	it('publishing a stream that arrives with one packet in eight missing scores POOR', () => {
		const lossy = publishedStream(33);
		const clean = publishedStream(44);
		const quality = new ParticipantQuality();
		const cleanQuality = new ParticipantQuality();
		const published = (receiver: RTCRtpReceiver) => ({
			published: [{ trackSid: 'TR_m', kind: 'audio' as const, red: false, receiver }],
			received: []
		});
		let now = 0;
		for (let i = 0; i < 4; i++) {
			lossy.send(250, 8);
			clean.send(250);
			now += 5_000;
			quality.measure(published(lossy.receiver), now);
			cleanQuality.measure(published(clean.receiver), now);
		}
		expect(scoreToQuality(quality.score)).toBe(ConnectionQuality.POOR);
		expect(scoreToQuality(cleanQuality.score)).toBe(ConnectionQuality.EXCELLENT);
	});
});
