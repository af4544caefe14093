// The forwarding fast path encrypts RTP itself; werift's SRTP implementation (what every
// subscriber connection of a werift peer decrypts with, and a reference for the RFCs) must read
// back exactly what was sent, for both profiles a browser may negotiate, across a sequence wrap.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	ProtectionProfileAeadAes128Gcm,
	ProtectionProfileAes128CmHmacSha1_80,
	type RTCRtpSender
} from 'werift';
import { SrtpForwardSender } from '../../server/media/sfu/srtp-sender';
import { connectedSender } from './srtp-support';

describe.each([
	['AES_CM_128_HMAC_SHA1_80', ProtectionProfileAes128CmHmacSha1_80],
	['AEAD_AES_128_GCM', ProtectionProfileAeadAes128Gcm]
])('the forwarding fast path with %s', (_name, profile) => {
	it('sends packets werift decrypts to the same header and payload, across a sequence wrap', () => {
		const { sender, internals, wire, decrypt } = connectedSender(profile);
		const fast = new SrtpForwardSender(sender);
		const payloads = [1, 17, 1100, 1200, 160].map((length) => randomBytes(length));
		const sequences = [65533, 65534, 65535, 0, 1];
		for (const [i, payload] of payloads.entries()) {
			expect(fast.send(i === 2, sequences[i], 90_000 * (i + 1), payload)).toBe(true);
		}
		expect(wire).toHaveLength(payloads.length);
		for (const [i, packet] of wire.entries()) {
			const rtp = decrypt(packet);
			expect(rtp.header.ssrc).toBe(0x1234abcd);
			expect(rtp.header.payloadType).toBe(96);
			expect(rtp.header.sequenceNumber).toBe(sequences[i]);
			expect(rtp.header.timestamp).toBe(90_000 * (i + 1));
			expect(rtp.header.marker).toBe(i === 2);
			expect(rtp.payload.equals(payloads[i])).toBe(true);
			const mid = rtp.header.extensions.find((extension) => extension.id === 4);
			expect(mid?.payload.toString()).toBe('3');
			expect(rtp.header.extensions.find((extension) => extension.id === 3)?.payload).toHaveLength(
				3
			);
		}
		// Sender reports are made of these.
		expect(internals.packetCount).toBe(payloads.length);
		expect(internals.octetCount).toBe(payloads.reduce((sum, p) => sum + p.length, 0));
		expect(internals.ntpTimestamp).toBeGreaterThan(0n);
	});

	it('answers a NACK with the very packet sent, and a tampered packet does not decrypt', () => {
		const { sender, wire, nack, decrypt } = connectedSender(profile);
		const fast = new SrtpForwardSender(sender);
		fast.send(false, 100, 1000, randomBytes(500));
		fast.send(true, 101, 1000, randomBytes(500));
		nack.execute({ lost: [100, 7] });
		expect(wire).toHaveLength(3);
		expect(wire[2].equals(wire[0])).toBe(true);
		const tampered = Buffer.from(wire[1]);
		tampered[tampered.length - 20] ^= 1;
		expect(() => decrypt(tampered)).toThrow();
		fast.close();
	});
});

describe('the forwarding fast path', () => {
	it('leaves senders it cannot drive (no DTLS transport of werift) to werift', () => {
		const fake = { sendRtp: async () => undefined } as unknown as RTCRtpSender;
		expect(new SrtpForwardSender(fake).send(false, 1, 1, Buffer.alloc(10))).toBe(false);
	});
});
