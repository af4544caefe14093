// Simulcast forwarding without a network: layers fed with RTP packets, subscribers' senders
// recording what they would send.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	Event,
	MediaStreamTrack,
	ProtectionProfileAes128CmHmacSha1_80,
	RtpHeader,
	RtpPacket,
	SrtpSession,
	type RTCRtpReceiver,
	type RTCRtpSender
} from 'werift';
import {
	DownTrack,
	ForwardedTrack,
	KEY_FRAME_RETRY_MS,
	PLI_INTERVAL_MS
} from '../../server/media/sfu/forwarder';
import { isVp8KeyFrame, readVp8Descriptor } from '../../server/media/sfu/vp8-descriptor';
import { recordingIceTransport, srtpEnds } from './srtp-support';

/** VP8 payloads: descriptor with a picture id, then the payload header's P bit. */
const vp8 = (keyFrame: boolean, start = true) =>
	Buffer.from([start ? 0x90 : 0x80, 0x80, 0x12, keyFrame ? 0x00 : 0x01, 0xaa, 0xbb]);

function fakeSender() {
	const sent: RtpPacket[] = [];
	const pli = new Event<[]>();
	const sender = {
		sendRtp: async (rtp: RtpPacket) => {
			sent.push(rtp);
		},
		onPictureLossIndication: pli
	} as unknown as RTCRtpSender;
	return { sender, sent, pli };
}

function fakeReceiver() {
	const plis: number[] = [];
	const receiver = {
		sendRtcpPLI: async (ssrc: number) => {
			plis.push(ssrc);
		}
	} as unknown as RTCRtpReceiver;
	return { receiver, plis };
}

function layer(rid: string, ssrc: number) {
	const track = new MediaStreamTrack({ kind: 'video', rid });
	let sequenceNumber = rid === 'q' ? 100 : 50_000;
	let timestamp = rid === 'q' ? 1_000 : 4_000_000_000;
	return {
		track,
		push(keyFrame: boolean, start = true) {
			sequenceNumber = (sequenceNumber + 1) & 0xffff;
			if (start) timestamp = (timestamp + 3000) >>> 0;
			const header = new RtpHeader({ ssrc, sequenceNumber, timestamp, payloadType: 96 });
			track.onReceiveRtp.execute(new RtpPacket(header, vp8(keyFrame, start)));
		}
	};
}

describe('VP8 key frames', () => {
	it('are told apart from other frames and from continuation packets', () => {
		expect(isVp8KeyFrame(vp8(true))).toBe(true);
		expect(isVp8KeyFrame(vp8(false))).toBe(false);
		expect(isVp8KeyFrame(vp8(true, false))).toBe(false);
		expect(isVp8KeyFrame(Buffer.from([0x10, 0x00]))).toBe(true);
		expect(isVp8KeyFrame(Buffer.alloc(0))).toBe(false);
	});
});

describe('VP8 payload descriptors', () => {
	it('give where the picture id, TL0PICIDX and KEYIDX are', () => {
		// X; I L T K; 15-bit picture id 0x5323; TL0PICIDX 6; TID 0, Y, KEYIDX 3; key frame.
		const chromium = Buffer.from([0x90, 0xf0, 0xd3, 0x23, 0x06, 0x23, 0x00, 0x9d]);
		expect(readVp8Descriptor(chromium)).toEqual({
			keyFrame: true,
			pictureIdAt: 2,
			longPictureId: true,
			pictureId: 0x5323,
			tl0PicIdxAt: 4,
			tl0PicIdx: 6,
			keyIdxAt: 5,
			keyIdx: 3
		});
		// T without K: the byte is there, KEYIDX is not.
		const noKeyIdx = readVp8Descriptor(Buffer.from([0x80, 0xe0, 0x12, 0x07, 0x40, 0x01]));
		expect(noKeyIdx).toMatchObject({ keyFrame: false, pictureId: 0x12, longPictureId: false });
		expect(noKeyIdx).toMatchObject({ tl0PicIdx: 7, keyIdxAt: -1 });
		// Cut short inside the descriptor.
		expect(readVp8Descriptor(Buffer.from([0x90, 0xf0, 0xd3]))).toBeUndefined();
	});
});

/**
 * One simulcast layer as Chromium sends it: 15-bit picture ids and TL0PICIDX, the same picture
 * numbered alike on every layer (`picture` is shared), each layer with its own RTP numbers.
 */
function chromiumLayer(rid: string, ssrc: number, picture: { id: number; tl0: number }) {
	const track = new MediaStreamTrack({ kind: 'video', rid });
	let sequenceNumber = rid === 'q' ? 20_000 : 7_000;
	return {
		track,
		push(keyFrame: boolean) {
			sequenceNumber = (sequenceNumber + 1) & 0xffff;
			const header = new RtpHeader({
				ssrc,
				sequenceNumber,
				timestamp: picture.id * 3000,
				payloadType: 96
			});
			const descriptor = [0x90, 0xf0, 0x80 | (picture.id >> 8), picture.id & 0xff, picture.tl0];
			const payload = Buffer.from([...descriptor, 0x20, keyFrame ? 0x00 : 0x01, 0xaa]);
			track.onReceiveRtp.execute(new RtpPacket(header, payload));
		}
	};
}

describe('simulcast layer switches and picture numbers', () => {
	it('go on from the last picture the subscriber got, so its decoder takes the new key frame', () => {
		const source = new ForwardedTrack('video');
		const { receiver } = fakeReceiver();
		const picture = { id: 0x7ffe, tl0: 0xff };
		const low = chromiumLayer('q', 1111, picture);
		const high = chromiumLayer('h', 2222, picture);
		source.addLayer(low.track, receiver);
		source.addLayer(high.track, receiver);
		const switching = fakeSender();
		const staying = fakeSender();
		const downTrack = new DownTrack(source, switching.sender);
		const other = new DownTrack(source, staying.sender);
		const frame = (keyFrame: boolean) => {
			high.push(keyFrame);
			low.push(keyFrame);
			picture.id = (picture.id + 1) & 0x7fff;
			picture.tl0 = (picture.tl0 + 1) & 0xff;
		};
		frame(true);
		frame(false);
		// The first subscriber wants the low layer; the key frame that answers comes on both
		// layers with the same picture id, the high one first.
		downTrack.setPreference({ paused: false, maxRank: 0 });
		frame(true);
		frame(false);
		frame(false);

		const numbers = (sent: RtpPacket[]) =>
			sent.map((rtp) => readVp8Descriptor(rtp.payload)!).map((d) => [d.pictureId, d.tl0PicIdx]);
		// High key frame (0x7ffe), a frame, the high key frame of the switch (0x0000), then the low
		// key frame of the same picture as 0x0001, and the low frames after it.
		expect(numbers(switching.sent)).toEqual([
			[0x7ffe, 0xff],
			[0x7fff, 0x00],
			[0x0000, 0x01],
			[0x0001, 0x02],
			[0x0002, 0x03],
			[0x0003, 0x04]
		]);
		expect(isVp8KeyFrame(switching.sent[3].payload)).toBe(true);
		// The subscriber that stays on the high layer gets the publisher's own numbers: the
		// renumbering works on a copy of the shared payload.
		expect(numbers(staying.sent)).toEqual([
			[0x7ffe, 0xff],
			[0x7fff, 0x00],
			[0x0000, 0x01],
			[0x0001, 0x02],
			[0x0002, 0x03]
		]);
		downTrack.close();
		other.close();
		source.close();
	});
});

describe('simulcast forwarding', () => {
	it('starts on a key frame, switches layers on the next one, and keeps numbering continuous', () => {
		const source = new ForwardedTrack('video');
		const { receiver, plis } = fakeReceiver();
		const low = layer('q', 1111);
		const high = layer('h', 2222);
		source.addLayer(low.track, receiver);
		source.addLayer(high.track, receiver);
		low.push(false);
		high.push(false);

		const { sender, sent } = fakeSender();
		const downTrack = new DownTrack(source, sender);
		// Highest layer wanted by default: a key frame is asked of it, nothing is sent before.
		expect(plis).toContain(2222);
		high.push(false);
		low.push(true);
		expect(sent).toHaveLength(0);
		high.push(true);
		high.push(false, false);
		high.push(false);
		expect(sent).toHaveLength(3);

		// The subscriber wants the low layer: still high until the low key frame.
		downTrack.setPreference({ paused: false, maxRank: 0 });
		expect(plis).toContain(1111);
		low.push(false);
		high.push(false);
		expect(sent).toHaveLength(4);
		low.push(true);
		low.push(false);
		high.push(false);
		expect(sent).toHaveLength(6);

		const sequence = sent.map((rtp) => rtp.header.sequenceNumber);
		for (let i = 1; i < sequence.length; i++) {
			expect(sequence[i]).toBe((sequence[i - 1] + 1) & 0xffff);
		}
		const timestamps = sent.map((rtp) => rtp.header.timestamp);
		// After the switch the timestamps go on rising, a little, not back by 4 billion.
		const jump = (timestamps[4] - timestamps[3]) >>> 0;
		expect(jump).toBeGreaterThan(0);
		expect(jump).toBeLessThan(90_000);

		// Paused (video hidden): nothing at all.
		downTrack.setPreference({ paused: true, maxRank: 0 });
		low.push(true);
		expect(sent).toHaveLength(6);
		downTrack.close();
		source.close();
	});

	it('asks again while the key frame it waits for does not come (a lost request or first packet)', () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			const source = new ForwardedTrack('video');
			const { receiver, plis } = fakeReceiver();
			const low = layer('q', 1111);
			const high = layer('h', 2222);
			source.addLayer(low.track, receiver);
			source.addLayer(high.track, receiver);
			low.push(false);
			high.push(false);
			const { sender, sent } = fakeSender();
			const downTrack = new DownTrack(source, sender);
			const asked = () => plis.filter((ssrc) => ssrc === 2222).length;
			expect(asked()).toBe(1);
			// The key frame that answered it was lost on the way: frames after it only.
			high.push(false);
			high.push(false);
			expect(asked()).toBe(1);
			vi.advanceTimersByTime(KEY_FRAME_RETRY_MS);
			high.push(false);
			expect(asked()).toBe(2);
			high.push(true);
			expect(sent).toHaveLength(1);

			// The subscriber now wants the low layer, and its publisher stops sending the high one
			// (held to a lower layer by the house's link): only low frames come, none a key frame.
			downTrack.setPreference({ paused: false, maxRank: 0 });
			const askedLow = () => plis.filter((ssrc) => ssrc === 1111).length;
			const before = askedLow();
			expect(before).toBeGreaterThanOrEqual(1);
			vi.advanceTimersByTime(KEY_FRAME_RETRY_MS);
			low.push(false);
			expect(askedLow()).toBe(before + 1);
			low.push(true);
			low.push(false);
			expect(sent).toHaveLength(3);
			// Locked on the low layer: no more asking, whatever else comes.
			vi.advanceTimersByTime(KEY_FRAME_RETRY_MS * 3);
			low.push(false);
			expect(askedLow()).toBe(before + 1);
			downTrack.close();
			source.close();
		} finally {
			vi.useRealTimers();
		}
	});

	it('holds an unbound down track back: no packet, no key frame asked, until bound', () => {
		// The single peer connection binds a track while answering the client's offer, on a
		// connection already up: nothing may go out before the answer has.
		const source = new ForwardedTrack('video');
		const { receiver, plis } = fakeReceiver();
		const only = layer('', 4444);
		source.addLayer(only.track, receiver);
		only.push(true);
		const { sender, sent } = fakeSender();
		const downTrack = new DownTrack(source, sender, 'bob <- alice', { bound: false });
		only.push(true);
		only.push(false);
		expect(sent).toHaveLength(0);
		expect(plis).toHaveLength(0);

		downTrack.bind();
		expect(plis).toEqual([4444]);
		only.push(false);
		expect(sent).toHaveLength(0);
		only.push(true);
		only.push(false);
		expect(sent).toHaveLength(2);
		downTrack.close();
		source.close();
	});

	it('asks the publisher for a key frame when the subscriber reports a lost picture', () => {
		const source = new ForwardedTrack('video');
		const { receiver, plis } = fakeReceiver();
		const only = layer('', 3333);
		source.addLayer(only.track, receiver);
		only.push(true);
		const { sender, pli } = fakeSender();
		const downTrack = new DownTrack(source, sender);
		only.push(true);
		const before = plis.length;
		pli.execute();
		// Throttled: within the first few hundred milliseconds one more request at most.
		expect(plis.length).toBeLessThanOrEqual(before + 1);
		expect(plis.every((ssrc) => ssrc === 3333)).toBe(true);
		downTrack.close();
		source.close();
	});

	it('continues the numbering when a sender is reused for another track (same SSRC)', () => {
		const { receiver } = fakeReceiver();
		const { sender, sent } = fakeSender();
		const first = new ForwardedTrack('video');
		const before = layer('h', 4444);
		first.addLayer(before.track, receiver);
		const oldDownTrack = new DownTrack(first, sender);
		before.push(true);
		before.push(false);
		oldDownTrack.close();
		first.close();

		// The next track's own numbers are far behind: the browser would drop them as replays.
		const second = new ForwardedTrack('video');
		const after = layer('q', 5555);
		second.addLayer(after.track, receiver);
		const newDownTrack = new DownTrack(second, sender);
		after.push(true);
		after.push(false);
		expect(sent).toHaveLength(4);
		const sequence = sent.map((rtp) => rtp.header.sequenceNumber);
		for (let i = 1; i < sequence.length; i++) {
			expect(sequence[i]).toBe((sequence[i - 1] + 1) & 0xffff);
		}
		const jump = (sent[2].header.timestamp - sent[1].header.timestamp) >>> 0;
		expect(jump).toBeGreaterThan(0);
		expect(jump).toBeLessThan(90_000);
		newDownTrack.close();
		second.close();
	});
});

/**
 * A subscriber's sender as werift has it before its connection is ready: DTLS not connected, the
 * m-line not negotiated (no codec). `connect()` makes it ready, with real SRTP keys; `received()`
 * is what the subscriber decrypts from the wire, in order.
 */
function subscriberSender() {
	const profile = ProtectionProfileAes128CmHmacSha1_80;
	const { keys, remote } = srtpEnds(profile);
	const wire: Buffer[] = [];
	const pli = new Event<[]>();
	const transport: Record<string, unknown> = {
		state: 'new',
		iceTransport: recordingIceTransport(wire, async () => undefined)
	};
	const internals: Record<string, unknown> = {
		ssrc: 0x5eed,
		mid: '1',
		codec: undefined,
		headerExtensions: [],
		packetCount: 0,
		octetCount: 0,
		ntpTimestamp: 0n,
		rtpTimestamp: 0,
		runRtcp: async () => undefined,
		onGenericNack: new Event<[{ lost: number[] }]>(),
		onPictureLossIndication: pli,
		sendRtp: async () => {
			throw new Error('a negotiated, connected sender takes the fast path');
		},
		dtlsTransport: transport
	};
	return {
		sender: internals as unknown as RTCRtpSender,
		pli,
		connect() {
			transport.state = 'connected';
			transport.dtls = { srtp: { srtpProfile: profile } };
			transport.srtp = new SrtpSession({ keys, profile });
			internals.codec = { payloadType: 96 };
		},
		received: () => wire.map((packet) => RtpPacket.deSerialize(remote.decrypt(packet)))
	};
}

describe('a subscriber that cannot take every packet', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('starts on a key frame it receives, asked for once its connection is ready', () => {
		vi.useFakeTimers();
		const source = new ForwardedTrack('video');
		const { receiver, plis } = fakeReceiver();
		const only = layer('', 6666);
		source.addLayer(only.track, receiver);
		only.push(true);

		const subscriber = subscriberSender();
		const downTrack = new DownTrack(source, subscriber.sender);
		// Still connecting: a key frame sent now would be lost to it, so none is asked for yet
		// (and no request holds the one it will need back by a throttle interval).
		expect(plis).toHaveLength(0);
		only.push(true);
		only.push(false);
		expect(subscriber.received()).toHaveLength(0);

		// Connected and negotiated: the next packet is not a key frame, so one is asked for at
		// once and nothing goes out before it.
		subscriber.connect();
		only.push(false);
		expect(plis).toHaveLength(1);
		only.push(false, false);
		expect(subscriber.received()).toHaveLength(0);
		only.push(true);
		only.push(false);
		const received = subscriber.received();
		expect(received).toHaveLength(2);
		expect(isVp8KeyFrame(received[0].payload)).toBe(true);
		expect(received[1].header.sequenceNumber).toBe(
			(received[0].header.sequenceNumber + 1) & 0xffff
		);
		downTrack.close();
		source.close();
	});

	it('goes on after a pause from a key frame asked for at once, with no gap in the numbering', () => {
		vi.useFakeTimers();
		const source = new ForwardedTrack('video');
		const { receiver, plis } = fakeReceiver();
		const only = layer('', 7777);
		source.addLayer(only.track, receiver);
		const { sender, sent } = fakeSender();
		const downTrack = new DownTrack(source, sender);
		only.push(true);
		only.push(false);
		expect(sent).toHaveLength(2);

		// Hidden, then shown again at once: nothing was skipped, nothing changes.
		downTrack.setPreference({ paused: true, maxRank: 2 });
		downTrack.setPreference({ paused: false, maxRank: 2 });
		only.push(false);
		expect(sent).toHaveLength(3);

		// Hidden while frames went by: they are skipped, and the picture restarts on a key frame.
		vi.advanceTimersByTime(PLI_INTERVAL_MS);
		const before = plis.length;
		downTrack.setPreference({ paused: true, maxRank: 2 });
		only.push(false);
		only.push(false);
		downTrack.setPreference({ paused: false, maxRank: 2 });
		expect(plis).toHaveLength(before + 1);
		only.push(false);
		expect(sent).toHaveLength(3);
		only.push(true);
		only.push(false);
		expect(sent).toHaveLength(5);
		expect(isVp8KeyFrame(sent[3].payload)).toBe(true);
		const sequence = sent.map((rtp) => rtp.header.sequenceNumber);
		for (let i = 1; i < sequence.length; i++) {
			expect(sequence[i]).toBe((sequence[i - 1] + 1) & 0xffff);
		}
		downTrack.close();
		source.close();
	});

	it('sends a key frame request that came too soon after another when the interval ends', () => {
		vi.useFakeTimers();
		const source = new ForwardedTrack('video');
		const { receiver, plis } = fakeReceiver();
		const only = layer('', 8888);
		source.addLayer(only.track, receiver);
		only.push(false);
		source.requestKeyFrame('');
		source.requestKeyFrame('');
		source.requestKeyFrame('');
		expect(plis).toHaveLength(1);
		vi.advanceTimersByTime(PLI_INTERVAL_MS);
		expect(plis).toHaveLength(2);
		vi.advanceTimersByTime(PLI_INTERVAL_MS * 3);
		expect(plis).toHaveLength(2);
		source.close();
	});
});
