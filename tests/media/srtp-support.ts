// SRTP keys for the two ends of a subscriber connection, as DTLS would leave them, so a test can
// read back (decrypt) what the forwarding fast path sent.
import { randomBytes } from 'node:crypto';
import { ProtectionProfileAeadAes128Gcm, SrtpSession } from 'werift';

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
