// The publisher answers as libwebrtc (LiveKit's native SDKs) takes them, on the offers
// @livekit/rtc-node 1.1.0 actually sent (candidates left out): first six receive-only
// audio/video sections and the data channel, then the same with the microphone and camera
// added as two new send-only sections.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import { answerOffer } from '../../server/media/answer';
import { sectionsOf, shapeAnswer } from '../../server/media/sdp';
import { createPeerConnection } from '../../server/media/sfu/peer';

function recorded(name: string): string {
	const text = readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
	return text.split(/\r?\n/).join('\r\n');
}
const firstOffer = recorded('rtc-node-publisher-offer-1.sdp');
const secondOffer = recorded('rtc-node-publisher-offer-2.sdp');

function bundleOf(sdp: string): string[] {
	const line = sdp.split(/\r?\n/).find((entry) => entry.startsWith('a=group:BUNDLE'));
	return line ? line.slice('a=group:BUNDLE '.length).split(' ') : [];
}

/** The offer with the section of that mid rejected (port 0), as an offerer stopping it writes. */
function rejecting(offer: string, mid: string): string {
	const blocks = offer.split(/\r\n(?=m=)/);
	return blocks
		.map((block) =>
			block.includes(`\r\na=mid:${mid}\r\n`) ? block.replace(/^(m=\S+) \d+/, '$1 0') : block
		)
		.join('\r\n');
}

describe('the publisher answer to a native SDK', () => {
	let pc: RTCPeerConnection | null = null;
	afterEach(async () => {
		await pc?.close();
		pc = null;
	});

	it('accepts the receive-only sections inactive on port 9 and keeps every section bundled', async () => {
		pc = createPeerConnection({});
		const answer = await answerOffer(pc, firstOffer);
		const sections = sectionsOf(answer);
		expect(sections.map((section) => section.mid)).toEqual(['7', '8', '9', '10', '11', '12', '13']);
		for (const section of sections.slice(0, 6)) {
			expect(section.port).toBe('9');
			expect(section.direction).toBe('inactive');
		}
		expect(sections[6]).toMatchObject({ kind: 'application', port: '9' });
		// The first mid is the BUNDLE tag: libwebrtc wants it accepted.
		expect(bundleOf(answer)).toEqual(['7', '8', '9', '10', '11', '12', '13']);
	});

	it('answers the renegotiation that adds the microphone and camera, keeping the old sections', async () => {
		pc = createPeerConnection({});
		await answerOffer(pc, firstOffer);
		const answer = await answerOffer(pc, secondOffer);
		const sections = sectionsOf(answer);
		expect(sections.map((section) => section.mid)).toEqual([
			'7',
			'8',
			'9',
			'10',
			'11',
			'12',
			'13',
			'14',
			'15'
		]);
		expect(sections.slice(7).map((section) => [section.kind, section.direction])).toEqual([
			['audio', 'recvonly'],
			['video', 'recvonly']
		]);
		expect(sections.every((section) => section.port === '9')).toBe(true);
		expect(bundleOf(answer)).toEqual(['7', '8', '9', '10', '11', '12', '13', '14', '15']);
		// Nothing was recycled: one transceiver per offered audio/video mid, of the offered kind.
		const transceivers = pc
			.getTransceivers()
			.map((transceiver) => [transceiver.mid, transceiver.kind]);
		expect(transceivers).toEqual(
			sectionsOf(secondOffer)
				.filter((section) => section.kind !== 'application')
				.map((section) => [section.mid, section.kind])
		);
	});

	it('rejects only what the offer rejected, and takes it out of the BUNDLE group', async () => {
		pc = createPeerConnection({});
		const answer = await answerOffer(pc, rejecting(firstOffer, '8'));
		const ports = sectionsOf(answer).map((section) => [section.mid, section.port]);
		expect(ports).toEqual([
			['7', '9'],
			['8', '0'],
			['9', '9'],
			['10', '9'],
			['11', '9'],
			['12', '9'],
			['13', '9']
		]);
		expect(bundleOf(answer)).toEqual(['7', '9', '10', '11', '12', '13']);
	});

	it('leaves an answer alone when werift already wrote it as it should be', () => {
		const answer = [
			'v=0',
			'o=- 1 0 IN IP4 0.0.0.0',
			's=-',
			't=0 0',
			'a=group:BUNDLE 0 1',
			'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
			'a=mid:0',
			'm=audio 9 UDP/TLS/RTP/SAVPF 111',
			'a=mid:1',
			'a=recvonly',
			''
		].join('\r\n');
		const offer = answer.replace('a=recvonly', 'a=sendonly');
		expect(shapeAnswer(offer, answer)).toBe(answer);
	});

	it('answers as the DTLS server, in every section and every answer after the first', async () => {
		// The browser then drives the handshake and resends a lost flight with new record numbers;
		// werift as the client resent the same bytes, which the browser drops as a replay (answer.ts).
		pc = createPeerConnection({});
		for (const offer of [firstOffer, secondOffer]) {
			expect(offer).toContain('a=setup:actpass');
			const answer = await answerOffer(pc, offer);
			const setups = answer.split('\r\n').filter((line) => line.startsWith('a=setup:'));
			expect(setups.length).toBeGreaterThan(0);
			expect(new Set(setups)).toEqual(new Set(['a=setup:passive']));
		}
		expect(pc.dtlsTransports.map((transport) => transport.role)).toEqual(['server']);
	});
});
