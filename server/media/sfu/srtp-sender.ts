// The forwarding fast path: one subscriber sender's RTP, built, encrypted and sent in one pass.
//
// werift's RTCRtpSender.sendRtp does per packet: an RtpHeader and RtpPacket object, a rebuilt and
// sorted extension list, an NTP time through number→string→number, a bandwidth-estimator update,
// an SRTP encryption that creates a new node:crypto cipher (and HMAC) object and concatenates
// three buffers, and four nested promises down to the UDP socket. Profiled at load, that was over
// half of the media process's CPU. Here the same packet costs one buffer and one socket write:
//
// - AES_CM_128_HMAC_SHA1_80 (RFC 3711): the key stream comes from one AES-ECB cipher object kept
//   for the whole session (ECB of the counter blocks is CTR mode), and the HMAC is two one-shot
//   SHA-1 hashes over precomputed pads, with no per-packet object at all.
// - AEAD_AES_128_GCM (RFC 7714): node:crypto has no way to change a GCM cipher's IV, so a cipher
//   object per packet remains, but nothing else does.
//
// werift keeps the DTLS handshake, the session keys, RTCP (sender reports are fed from here) and
// everything the sender receives (PLI, NACK). Retransmissions asked by NACK are answered from the
// encrypted packets already sent: same sequence number, same SRTP index, same bytes.
import { createCipheriv, hash, type Cipher } from 'node:crypto';
import type { RTCRtpSender } from 'werift';

const PROFILE_AES128_CM_HMAC_SHA1_80 = 0x0001;
const PROFILE_AEAD_AES_128_GCM = 0x0007;
const MID_URI = 'urn:ietf:params:rtp-hdrext:sdes:mid';
const ABS_SEND_TIME_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time';
/** Packets kept for retransmission (a power of two); 512 ≈ 2 s of 720p. */
const HISTORY = 512;
/** Sender reports carry an NTP/RTP timestamp pair; refreshed this often, not per packet. */
const REPORT_CLOCK_MS = 100;
/** Seconds from 1900 (NTP) to 1970 (Unix). */
const NTP_EPOCH_OFFSET_S = 2_208_988_800;
/** Largest payload a counter-block buffer is prepared for (more falls back to werift). */
const MAX_PAYLOAD = 1500;

/** The parts of werift's transport objects this module reads (not in werift's public types). */
type DtlsTransportInternals = {
	state: string;
	dtls?: { srtp: { srtpProfile?: number } };
	srtp?: {
		localContext: {
			cipher: { srtpSessionKey: Buffer; srtpSessionSalt: Buffer; srtpSessionAuthTag?: Buffer };
		};
	};
	iceTransport: {
		connection: {
			canSendApplicationData(): boolean;
			nominated?: {
				remoteAddr: [string, number];
				protocol: { transport?: { socket?: UdpSocket; closed?: boolean } };
			};
			send(data: Buffer): Promise<void>;
		};
	};
};
type UdpSocket = { send(data: Buffer, port: number, address: string): void };
type SenderInternals = {
	ssrc: number;
	mid?: string;
	codec?: { payloadType: number };
	headerExtensions: Array<{ id: number; uri: string }>;
	dtlsTransport?: DtlsTransportInternals;
	packetCount: number;
	octetCount: number;
	ntpTimestamp: bigint;
	rtpTimestamp: number;
	runRtcp(): Promise<void>;
};

/** NTP time as werift's sender reports want it: 32.32 fixed point in a bigint. */
function ntpNow(): bigint {
	const seconds = (performance.timeOrigin + performance.now()) / 1000 + NTP_EPOCH_OFFSET_S;
	const whole = Math.floor(seconds);
	const fraction = Math.floor((seconds - whole) * 0x1_0000_0000);
	return (BigInt(whole) << 32n) | BigInt(fraction);
}

/** abs-send-time: NTP seconds mod 64 in 6.18 fixed point. */
function absSendTime(): number {
	const seconds = (performance.timeOrigin + performance.now()) / 1000 + NTP_EPOCH_OFFSET_S;
	return Math.floor(seconds * 262_144) & 0xffffff;
}

interface Session {
	transport: DtlsTransportInternals;
	srtp: object;
	ssrc: number;
	payloadType: number;
	/** Header extension block (0xBEDE profile), with abs-send-time's offset in it if any. */
	extensions: Buffer | null;
	absSendTimeOffset: number;
	encrypt: (packet: Buffer, headerLength: number, payloadLength: number, roc: number) => void;
	tagLength: number;
	/** Room reserved before the packet (HMAC's inner pad). */
	prefix: number;
}

export class SrtpForwardSender {
	private session: Session | null = null;
	/** werift's own path is used when this one cannot be (unknown profile, TURN, tests' fakes). */
	private unsupported = false;
	private rolloverCounter = 0;
	private lastSequence = -1;
	private lastReportAt = 0;
	private readonly history: Array<Buffer | undefined> = new Array(HISTORY);
	private readonly disposeNack: () => void;

	constructor(private readonly sender: RTCRtpSender) {
		// (Tests' fake senders have no NACK event; they take werift's path anyway.)
		const subscription = sender.onGenericNack?.subscribe((nack) => {
			for (const sequence of nack.lost) this.retransmit(sequence);
		});
		this.disposeNack = subscription ? subscription.unSubscribe : () => undefined;
	}

	/**
	 * Sends one packet with this sender's SSRC and payload type (or `payloadType`, another codec
	 * negotiated on it: RED). Returns false when the fast path does not apply and werift's sender
	 * should be used instead.
	 */
	send(
		marker: boolean,
		sequenceNumber: number,
		timestamp: number,
		payload: Buffer,
		payloadType?: number
	): boolean {
		if (this.unsupported) return false;
		const session = this.ready();
		if (!session) return !this.unsupported;
		if (payload.length > MAX_PAYLOAD) return false;
		const extensionLength = session.extensions ? session.extensions.length : 0;
		const headerLength = 12 + extensionLength;
		const prefix = session.prefix;
		const packet = Buffer.allocUnsafe(
			prefix + headerLength + payload.length + session.tagLength + 4
		);
		const o = prefix;
		packet[o] = extensionLength > 0 ? 0x90 : 0x80;
		packet[o + 1] = (marker ? 0x80 : 0) | (payloadType ?? session.payloadType);
		packet.writeUInt16BE(sequenceNumber, o + 2);
		packet.writeUInt32BE(timestamp, o + 4);
		packet.writeUInt32BE(session.ssrc, o + 8);
		if (session.extensions) {
			session.extensions.copy(packet, o + 12);
			if (session.absSendTimeOffset >= 0) {
				const at = o + 12 + session.absSendTimeOffset;
				const value = absSendTime();
				packet[at] = value >>> 16;
				packet[at + 1] = (value >>> 8) & 0xff;
				packet[at + 2] = value & 0xff;
			}
		}
		payload.copy(packet, o + headerLength);
		// Sequence numbers only move forward here (the forwarder renumbers): a wrap is a rollover.
		if (this.lastSequence > 0xf000 && sequenceNumber < 0x1000) this.rolloverCounter += 1;
		this.lastSequence = sequenceNumber;
		session.encrypt(packet, headerLength, payload.length, this.rolloverCounter);
		const wire = packet.subarray(o, o + headerLength + payload.length + session.tagLength);
		this.history[sequenceNumber & (HISTORY - 1)] = wire;
		this.transmit(session, wire);
		this.account(timestamp, payload.length);
		return true;
	}

	/**
	 * Whether a packet handed over now reaches the subscriber: its m-line is negotiated and the
	 * DTLS keys exist. Before that both paths drop packets without a word (`send` here, werift's
	 * `sendRtp` there), so a key frame sent then is a key frame the subscriber never gets.
	 */
	deliverable(): boolean {
		if (!this.unsupported && this.ready()) return true;
		if (!this.unsupported) return false;
		const sender = this.sender as unknown as Partial<SenderInternals>;
		const transport = sender.dtlsTransport;
		// Not a werift sender (tests' stand-ins): whatever it does with packets counts as sent.
		if (!transport || typeof transport.state !== 'string') return true;
		return transport.state === 'connected' && sender.codec !== undefined;
	}

	/** Forgets the packets kept for retransmission (the track on this sender ended). */
	clearHistory(): void {
		this.history.fill(undefined);
	}

	/** Stops answering NACKs; the sender is not used any more. */
	close(): void {
		this.disposeNack();
		this.clearHistory();
		this.session = null;
	}

	private retransmit(sequenceNumber: number): void {
		const session = this.session;
		const wire = this.history[sequenceNumber & (HISTORY - 1)];
		if (!session || !wire || wire.readUInt16BE(2) !== sequenceNumber) return;
		this.transmit(session, wire);
	}

	private transmit(session: Session, wire: Buffer): void {
		const connection = session.transport.iceTransport.connection;
		// RFC 7675: no media once consent expired.
		if (!connection.canSendApplicationData()) return;
		const pair = connection.nominated;
		const transport = pair?.protocol.transport;
		if (pair && transport?.socket && !transport.closed) {
			transport.socket.send(wire, pair.remoteAddr[1], pair.remoteAddr[0]);
		} else {
			connection.send(wire).catch(() => {
				// The subscriber's transport is closing; its participant cleans up.
			});
		}
	}

	/** Keeps the numbers werift's sender reports are made of. */
	private account(timestamp: number, payloadLength: number): void {
		const sender = this.sender as unknown as SenderInternals;
		sender.packetCount = (sender.packetCount + 1) >>> 0;
		sender.octetCount += payloadLength;
		const now = performance.now();
		if (now - this.lastReportAt >= REPORT_CLOCK_MS) {
			this.lastReportAt = now;
			sender.ntpTimestamp = ntpNow();
			sender.rtpTimestamp = timestamp;
		}
	}

	/** The session of the sender's current DTLS transport, once keys exist. */
	private ready(): Session | null {
		const sender = this.sender as unknown as SenderInternals;
		const transport = sender.dtlsTransport;
		if (!transport || typeof transport.state !== 'string') {
			this.unsupported = true;
			return null;
		}
		const current = this.session;
		if (current && current.transport === transport && current.srtp === transport.srtp) {
			return current;
		}
		if (transport.state !== 'connected' || !transport.srtp || !sender.codec) return null;
		const profile = transport.dtls?.srtp.srtpProfile;
		const cipher = transport.srtp.localContext.cipher;
		const ssrc = sender.ssrc;
		let encrypt: Session['encrypt'];
		let tagLength: number;
		let prefix = 0;
		if (profile === PROFILE_AES128_CM_HMAC_SHA1_80 && cipher.srtpSessionAuthTag) {
			encrypt = counterModeEncryptor(
				cipher.srtpSessionKey,
				cipher.srtpSessionSalt,
				cipher.srtpSessionAuthTag,
				ssrc
			);
			tagLength = 10;
			prefix = 64;
		} else if (profile === PROFILE_AEAD_AES_128_GCM) {
			encrypt = gcmEncryptor(cipher.srtpSessionKey, cipher.srtpSessionSalt, ssrc);
			tagLength = 16;
		} else {
			this.unsupported = true;
			return null;
		}
		const { block, absSendTimeOffset } = extensionBlock(sender);
		// A new DTLS session (ICE restart) starts a new SRTP index space.
		this.rolloverCounter = 0;
		this.lastSequence = -1;
		this.history.fill(undefined);
		this.session = {
			transport,
			srtp: transport.srtp,
			ssrc,
			payloadType: sender.codec.payloadType,
			extensions: block,
			absSendTimeOffset,
			encrypt,
			tagLength,
			prefix
		};
		// Sender reports start with the first packet, as werift's own path does.
		void sender.runRtcp();
		return this.session;
	}
}

/** The one-byte-header extension block: the MID, and abs-send-time when negotiated. */
function extensionBlock(sender: SenderInternals): {
	block: Buffer | null;
	absSendTimeOffset: number;
} {
	const elements: number[] = [];
	let absSendTimeOffset = -1;
	const mid = sender.headerExtensions.find((extension) => extension.uri === MID_URI);
	if (mid && sender.mid) {
		const bytes = Buffer.from(sender.mid, 'utf8').subarray(0, 16);
		elements.push((mid.id << 4) | (bytes.length - 1), ...bytes);
	}
	const abs = sender.headerExtensions.find((extension) => extension.uri === ABS_SEND_TIME_URI);
	if (abs) {
		elements.push((abs.id << 4) | 2);
		absSendTimeOffset = 4 + elements.length;
		elements.push(0, 0, 0);
	}
	if (elements.length === 0) return { block: null, absSendTimeOffset: -1 };
	while (elements.length % 4 !== 0) elements.push(0);
	const block = Buffer.alloc(4 + elements.length);
	block.writeUInt16BE(0xbede, 0);
	block.writeUInt16BE(elements.length / 4, 2);
	Buffer.from(elements).copy(block, 4);
	return { block, absSendTimeOffset };
}

/**
 * AES_CM_128_HMAC_SHA1_80 encryption in place. `packet` holds 64 spare bytes, the header, the
 * payload, then room for the 10-byte tag (the ROC is written there first, for the HMAC input).
 */
function counterModeEncryptor(key: Buffer, salt: Buffer, authKey: Buffer, ssrc: number) {
	const ecb: Cipher = createCipheriv('aes-128-ecb', key, null);
	ecb.setAutoPadding(false);
	const maxBlocks = Math.ceil(MAX_PAYLOAD / 16);
	// Counter blocks: salt ⊕ (SSRC · 2^64 ⊕ index · 2^16) ⊕ block number. Only the index bytes
	// (8–13) change from packet to packet.
	const blocks = Buffer.alloc(maxBlocks * 16);
	for (let b = 0; b < maxBlocks; b++) {
		const at = b * 16;
		salt.copy(blocks, at, 0, 14);
		blocks[at + 4] ^= ssrc >>> 24;
		blocks[at + 5] ^= (ssrc >>> 16) & 0xff;
		blocks[at + 6] ^= (ssrc >>> 8) & 0xff;
		blocks[at + 7] ^= ssrc & 0xff;
		blocks[at + 14] = (b >>> 8) & 0xff;
		blocks[at + 15] = b & 0xff;
	}
	const innerPad = Buffer.alloc(64, 0x36);
	const outer = Buffer.alloc(64 + 20, 0x5c);
	for (let i = 0; i < authKey.length; i++) {
		innerPad[i] ^= authKey[i];
		outer[i] ^= authKey[i];
	}
	return (packet: Buffer, headerLength: number, payloadLength: number, roc: number) => {
		const sequence = packet.readUInt16BE(64 + 2);
		const count = Math.ceil(payloadLength / 16);
		const i0 = (roc >>> 24) ^ salt[8];
		const i1 = ((roc >>> 16) & 0xff) ^ salt[9];
		const i2 = ((roc >>> 8) & 0xff) ^ salt[10];
		const i3 = (roc & 0xff) ^ salt[11];
		const i4 = (sequence >>> 8) ^ salt[12];
		const i5 = (sequence & 0xff) ^ salt[13];
		for (let b = 0, at = 8; b < count; b++, at += 16) {
			blocks[at] = i0;
			blocks[at + 1] = i1;
			blocks[at + 2] = i2;
			blocks[at + 3] = i3;
			blocks[at + 4] = i4;
			blocks[at + 5] = i5;
		}
		const keyStream = ecb.update(blocks.subarray(0, count * 16));
		const start = 64 + headerLength;
		xorInto(packet, start, keyStream, payloadLength);
		// HMAC-SHA1(header ‖ encrypted payload ‖ ROC), truncated to 80 bits.
		const end = start + payloadLength;
		innerPad.copy(packet, 0);
		packet.writeUInt32BE(roc >>> 0, end);
		const inner = hash('sha1', packet.subarray(0, end + 4), 'buffer');
		inner.copy(outer, 64);
		const tag = hash('sha1', outer, 'buffer');
		tag.copy(packet, end, 0, 10);
	};
}

/**
 * packet[start…start+length) ^= keyStream[0…length), four bytes at a time where both are aligned
 * (pooled buffers are 8-byte aligned and RTP headers are whole words, so they usually are).
 */
function xorInto(packet: Buffer, start: number, keyStream: Buffer, length: number): void {
	let k = 0;
	const at = packet.byteOffset + start;
	if ((at & 3) === 0 && (keyStream.byteOffset & 3) === 0) {
		const words = length >>> 2;
		const target = new Int32Array(packet.buffer, at, words);
		const source = new Int32Array(keyStream.buffer, keyStream.byteOffset, words);
		for (let w = 0; w < words; w++) target[w] ^= source[w];
		k = words << 2;
	}
	for (; k < length; k++) packet[start + k] ^= keyStream[k];
}

/** AEAD_AES_128_GCM encryption in place: header as associated data, 16-byte tag after. */
function gcmEncryptor(key: Buffer, salt: Buffer, ssrc: number) {
	const iv = Buffer.alloc(12);
	return (packet: Buffer, headerLength: number, payloadLength: number, roc: number) => {
		// IV = salt ⊕ (0 0 ‖ SSRC ‖ ROC ‖ SEQ)
		iv.fill(0);
		iv.writeUInt32BE(ssrc >>> 0, 2);
		iv.writeUInt32BE(roc >>> 0, 6);
		iv[10] = packet[2];
		iv[11] = packet[3];
		for (let i = 0; i < 12; i++) iv[i] ^= salt[i];
		const cipher = createCipheriv('aes-128-gcm', key, iv);
		cipher.setAAD(packet.subarray(0, headerLength));
		const end = headerLength + payloadLength;
		const encrypted = cipher.update(packet.subarray(headerLength, end));
		encrypted.copy(packet, headerLength);
		cipher.final();
		cipher.getAuthTag().copy(packet, end);
	};
}
