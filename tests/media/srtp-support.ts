// SRTP keys for the two ends of a subscriber connection, as DTLS would leave them, so a test can
// read back (decrypt) what the forwarding fast path sent.
import { randomBytes } from 'node:crypto';
import {
	Event,
	ProtectionProfileAeadAes128Gcm,
	RtpPacket,
	SrtpSession,
	type RTCRtpSender
} from 'werift';

/** This end's keys, and the receiving end's session (its local keys are our remote ones). */
export function srtpEnds(profile: number) {
	const saltLength = profile === ProtectionProfileAeadAes128Gcm ? 12 : 14;
	const keys = {
		localMasterKey: randomBytes(16),
		localMasterSalt: randomBytes(saltLength),
		remoteMasterKey: randomBytes(16),
		remoteMasterSalt: randomBytes(saltLength)
	};
	const remote = new SrtpSession({
		profile,
		keys: {
			localMasterKey: keys.remoteMasterKey,
			localMasterSalt: keys.remoteMasterSalt,
			remoteMasterKey: keys.localMasterKey,
			remoteMasterSalt: keys.localMasterSalt
		}
	});
	return { keys, remote };
}

/**
 * The ICE transport of a connected sender as the fast path reaches it: the nominated pair's UDP
 * socket records every datagram on `wire`; `send` is werift's own (slow) path.
 */
export function recordingIceTransport(wire: Buffer[], send: () => Promise<void>) {
	return {
		connection: {
			canSendApplicationData: () => true,
			nominated: {
				remoteAddr: ['127.0.0.1', 5000],
				protocol: {
					transport: {
						closed: false,
						socket: { send: (data: Buffer) => wire.push(Buffer.from(data)) }
					}
				}
			},
			send
		}
	};
}

const MID_URI = 'urn:ietf:params:rtp-hdrext:sdes:mid';
const ABS_SEND_TIME_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time';

/** A sender whose DTLS transport is connected with `profile`, and the receiving end's session. */
export function connectedSender(profile: number) {
	const { keys, remote } = srtpEnds(profile);
	const local = new SrtpSession({ keys, profile });
	const wire: Buffer[] = [];
	const nack = new Event<[{ lost: number[] }]>();
	const sender = {
		ssrc: 0x1234abcd,
		mid: '3',
		codec: { payloadType: 96 },
		headerExtensions: [
			{ id: 4, uri: MID_URI },
			{ id: 3, uri: ABS_SEND_TIME_URI }
		],
		packetCount: 0,
		octetCount: 0,
		ntpTimestamp: 0n,
		rtpTimestamp: 0,
		runRtcp: async () => undefined,
		onGenericNack: nack,
		onPictureLossIndication: new Event<[]>(),
		dtlsTransport: {
			state: 'connected',
			dtls: { srtp: { srtpProfile: profile } },
			srtp: local,
			iceTransport: recordingIceTransport(wire, async () => {
				throw new Error('the fast path writes to the socket itself');
			})
		}
	};
	const decrypt = (packet: Buffer) => RtpPacket.deSerialize(remote.decrypt(packet));
	return { sender: sender as unknown as RTCRtpSender, internals: sender, wire, nack, decrypt };
}
