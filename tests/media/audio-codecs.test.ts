// Audio that survives loss, on packets: the answer asks the publisher for FEC, DTX and RED; a
// subscriber that negotiated RED receives RED carrying the frames before each one, and one that
// did not receives the plain Opus frames — the ones werift takes out of a RED publisher's packets,
// a lost packet's frame included.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	MediaStreamTrack,
	ProtectionProfileAes128CmHmacSha1_80,
	Red,
	RedHandler,
	RtpHeader,
	RtpPacket,
	type RTCRtpReceiver
} from 'werift';
import {
	OPUS_PAYLOAD_TYPE,
	RED_PAYLOAD_TYPE,
	encodeRed,
	shapeAudioAnswer
} from '../../server/media/audio-codecs';
import { DownTrack, ForwardedTrack } from '../../server/media/sfu/forwarder';
import { connectedSender } from './srtp-support';

/** 20 ms of Opus at 48 kHz. */
const FRAME = 960;

const answer = [
	'v=0',
	'a=group:BUNDLE 0 1 2',
	'm=audio 9 UDP/TLS/RTP/SAVPF 111 63',
	'a=mid:0',
	'a=rtpmap:111 opus/48000/2',
	'a=fmtp:111 minptime=10;useinbandfec=1',
	'a=rtpmap:63 red/48000/2',
	'a=fmtp:63 111/111',
	'm=audio 9 UDP/TLS/RTP/SAVPF 111 63',
	'a=mid:1',
	'a=rtpmap:111 opus/48000/2',
	'a=rtpmap:63 red/48000/2',
	'a=fmtp:63 111/111',
	'm=video 9 UDP/TLS/RTP/SAVPF 96',
	'a=mid:2',
	'a=rtpmap:96 VP8/90000',
	''
].join('\r\n');

describe('the answer to a publisher', () => {
	it('asks for in-band FEC and DTX in every audio section, and puts RED first where wanted', () => {
		const shaped = shapeAudioAnswer(answer, new Map([['0', { red: true }]]), true).split('\r\n');
		expect(shaped.filter((line) => line.startsWith('a=fmtp:111'))).toEqual([
			'a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1',
			'a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1'
		]);
		expect(shaped.filter((line) => line.startsWith('m='))).toEqual([
			'm=audio 9 UDP/TLS/RTP/SAVPF 63 111',
			'm=audio 9 UDP/TLS/RTP/SAVPF 111 63',
			'm=video 9 UDP/TLS/RTP/SAVPF 96'
		]);
		// The fmtp added to the second section sits after its rtpmap, inside that section.
		expect(shaped.indexOf('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1', 9)).toBe(
			shaped.indexOf('a=rtpmap:111 opus/48000/2', 9) + 1
		);
		expect(shaped.at(-1)).toBe('');
	});

	it('leaves DTX out when a microphone turned it off, and RED second when not asked for', () => {
		const shaped = shapeAudioAnswer(answer, new Map([['0', { red: false }]]), false);
		expect(shaped).toContain('a=fmtp:111 minptime=10;useinbandfec=1\r\n');
		expect(shaped).not.toContain('usedtx');
		expect(shaped).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111 63\r\na=mid:0');
	});
});

describe('RED (RFC 2198)', () => {
	it('is read back by werift as the same frames, and a lost packet is rebuilt from the next', () => {
		const frames = [0, 1, 2, 3].map((i) => ({
			timestamp: 1_000 + i * FRAME,
			payload: randomBytes(40 + i)
		}));
		const packets = frames.map((frame, i) => {
			const payload = encodeRed(frame, frames.slice(Math.max(0, i - 2), i), OPUS_PAYLOAD_TYPE);
			const header = new RtpHeader({
				payloadType: RED_PAYLOAD_TYPE,
				sequenceNumber: 500 + i,
				timestamp: frame.timestamp,
				ssrc: 7
			});
			return new RtpPacket(header, payload);
		});
		const red = Red.deSerialize(packets[3].payload);
		expect(red.blocks.map((block) => block.block)).toEqual([
			frames[1].payload,
			frames[2].payload,
			frames[3].payload
		]);
		expect(red.blocks.map((block) => block.timestampOffset ?? 0)).toEqual([2 * FRAME, FRAME, 0]);
		// What werift's receiver hands a RED publisher's track: packet 502 never arrives.
		const handler = new RedHandler();
		const received = [packets[0], packets[1], packets[3]].flatMap((packet) =>
			handler.push(Red.deSerialize(packet.payload), packet)
		);
		expect(received.map((packet) => packet.header.sequenceNumber)).toEqual([500, 501, 502, 503]);
		expect(received.map((packet) => packet.header.timestamp)).toEqual(
			frames.map((frame) => frame.timestamp)
		);
		expect(received.map((packet) => packet.payload)).toEqual(frames.map((frame) => frame.payload));
		expect(received.every((packet) => packet.header.payloadType === OPUS_PAYLOAD_TYPE)).toBe(true);
	});

	it('leaves out a frame too old for its 14-bit timestamp offset (after DTX silence)', () => {
		const old = { timestamp: 0, payload: Buffer.from([1, 2, 3]) };
		const primary = { timestamp: 20 * FRAME, payload: Buffer.from([4, 5]) };
		const red = Red.deSerialize(encodeRed(primary, [old], OPUS_PAYLOAD_TYPE));
		expect(red.blocks).toHaveLength(1);
		expect(red.blocks[0].block).toEqual(primary.payload);
	});
});

describe('forwarding audio', () => {
	function audioCall() {
		const source = new ForwardedTrack('audio');
		const track = new MediaStreamTrack({ kind: 'audio' });
		source.addLayer(track, {} as RTCRtpReceiver);
		let sequenceNumber = 100;
		let timestamp = 48_000;
		const frames: Buffer[] = [];
		return {
			source,
			frames,
			push() {
				const payload = randomBytes(30);
				frames.push(payload);
				const header = new RtpHeader({ payloadType: 111, sequenceNumber, timestamp, ssrc: 9 });
				track.onReceiveRtp.execute(new RtpPacket(header, payload));
				sequenceNumber += 1;
				timestamp += FRAME;
			}
		};
	}

	it('sends RED to a subscriber that negotiated it, plain Opus to one that did not', () => {
		const call = audioCall();
		const withRed = connectedSender(ProtectionProfileAes128CmHmacSha1_80);
		const plain = connectedSender(ProtectionProfileAes128CmHmacSha1_80);
		const redDown = new DownTrack(call.source, withRed.sender);
		redDown.setAudioCodecs({ opus: 109, red: 121 });
		const plainDown = new DownTrack(call.source, plain.sender);
		plainDown.setAudioCodecs({ opus: 109 });
		for (let i = 0; i < 4; i++) call.push();

		const redPackets = withRed.wire.map(withRed.decrypt);
		expect(redPackets.map((packet) => packet.header.payloadType)).toEqual([121, 121, 121, 121]);
		const last = Red.deSerialize(redPackets[3].payload);
		expect(last.blocks.map((block) => block.blockPT)).toEqual([109, 109, 109]);
		expect(last.blocks.map((block) => block.block)).toEqual(call.frames.slice(1, 4));
		expect(Red.deSerialize(redPackets[0].payload).blocks.map((block) => block.block)).toEqual([
			call.frames[0]
		]);

		const plainPackets = plain.wire.map(plain.decrypt);
		expect(plainPackets.map((packet) => packet.header.payloadType)).toEqual([109, 109, 109, 109]);
		expect(plainPackets.map((packet) => packet.payload)).toEqual(call.frames);
		expect(redDown.sendsRed).toBe(true);
		expect(plainDown.sendsRed).toBe(false);
	});
});
