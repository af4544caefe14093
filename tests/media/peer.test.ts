// Network settings of the werift peer connections: the UDP ports they bind and the address they
// announce; and where a picture loss indication goes on a connection that sends and receives.
import { describe, expect, it } from 'vitest';
import { PictureLossIndication, RtcpPayloadSpecificFeedback, type RtcpPacket } from 'werift';
import { announce, announcedCandidates, createPeerConnection } from '../../server/media/sfu/peer';

describe('peer connections', () => {
	it('bind their ICE sockets inside the configured UDP range', async () => {
		const pc = createPeerConnection({ udpPorts: { min: 52100, max: 52120 } });
		try {
			pc.createDataChannel('probe');
			await pc.setLocalDescription(await pc.createOffer());
			const ports = [
				...(pc.localDescription?.sdp ?? '').matchAll(
					/a=candidate:\S+ \d+ udp \d+ \S+ (\d+) typ host/g
				)
			].map((match) => Number(match[1]));
			expect(ports.length).toBeGreaterThan(0);
			for (const port of ports) {
				expect(port).toBeGreaterThanOrEqual(52100);
				expect(port).toBeLessThanOrEqual(52120);
			}
		} finally {
			await pc.close();
		}
	});

	it('announce the configured address in host candidates, and leave them alone without one', () => {
		const sdp =
			'a=candidate:1 1 udp 2130706431 10.0.0.5 50001 typ host\r\n' +
			'a=candidate:2 1 udp 2130706431 127.0.0.1 50002 typ host\r\n';
		expect(announce(sdp, { announcedIp: '203.0.113.7' })).toBe(
			'a=candidate:1 1 udp 2130706431 203.0.113.7 50001 typ host\r\n' +
				'a=candidate:2 1 udp 2130706431 203.0.113.7 50002 typ host\r\n'
		);
		expect(announce(sdp, { announcedIp: null })).toBe(sdp);
	});

	it('announce the ports a NAT forwards, and the announced address beside the host’s in "add" mode', () => {
		const network = {
			udpPorts: { min: 50000, max: 50099 },
			announcedIp: '203.0.113.7',
			announcedUdpPorts: { min: 40000, max: 40099 }
		};
		const host = 'candidate:1 1 udp 2130706431 10.0.0.5 50001 typ host generation 0';
		expect(announcedCandidates(host, network)).toEqual([
			'candidate:1 1 udp 2130706431 203.0.113.7 40001 typ host generation 0'
		]);
		expect(announcedCandidates(host, { ...network, announceMode: 'add' })).toEqual([
			host,
			'candidate:s1 1 udp 1694498815 203.0.113.7 40001 typ srflx raddr 10.0.0.5 rport 50001 generation 0'
		]);
		// A port outside MEDIA_UDP_PORTS (none here) keeps its number.
		expect(
			announcedCandidates(host, { announcedIp: '203.0.113.7', announceMode: 'add' })[1]
		).toContain('203.0.113.7 50001 typ srflx');
		const sdp = `v=0\r\na=candidate:${host.slice('candidate:'.length)}\r\na=end-of-candidates\r\n`;
		expect(announce(sdp, { ...network, announceMode: 'add' }).split('\r\n')).toEqual([
			'v=0',
			`a=${host}`,
			'a=candidate:s1 1 udp 1694498815 203.0.113.7 40001 typ srflx raddr 10.0.0.5 rport 50001 generation 0',
			'a=end-of-candidates',
			''
		]);
	});

	it('hand a picture loss to the sender it is about, whatever SSRC signs it', async () => {
		const pc = createPeerConnection({});
		try {
			const transceiver = pc.addTransceiver('video', { direction: 'sendonly' });
			const router = (
				pc as unknown as {
					router: {
						routeRtcp(packet: RtcpPacket): void;
						ssrcTable: Record<number, { handleRtcpPacket(packet: RtcpPacket): void }>;
					};
				}
			).router;
			// On /rtc/v1 the browser's own camera comes in on the same connection, and its SSRC
			// signs the feedback the browser sends about what it receives.
			const ownCamera: RtcpPacket[] = [];
			router.ssrcTable[1234] = { handleRtcpPacket: (packet) => ownCamera.push(packet) };
			let losses = 0;
			transceiver.sender.onPictureLossIndication.subscribe(() => (losses += 1));
			router.routeRtcp(
				new RtcpPayloadSpecificFeedback({
					feedback: new PictureLossIndication({
						senderSsrc: 1234,
						mediaSsrc: transceiver.sender.ssrc
					})
				})
			);
			expect(losses).toBe(1);
			expect(ownCamera).toHaveLength(0);
		} finally {
			await pc.close();
		}
	});
});
