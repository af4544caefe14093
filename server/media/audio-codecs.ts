// Audio that survives loss: Opus in-band FEC and DTX, and RED (redundant audio, RFC 2198), as
// LiveKit negotiates them.
//
// - Opus fmtp `useinbandfec=1;usedtx=1`: the encoder folds a low-rate copy of each frame into
//   the next (a single lost packet is rebuilt from its successor) and sends a packet every 400 ms
//   instead of every 20 ms during silence. libwebrtc reads what its *peer* wrote: the publisher
//   encodes with FEC and DTX only if this server's answer says so, so the answer is rewritten.
// - RED: each packet also carries the previous one or two frames. livekit-client asks for it on
//   every microphone unless `red: false` (AddTrackRequest.disableRed), and a browser sends the
//   first codec of the answer, so the answer puts red first for those tracks.
//
// werift takes RED apart as it arrives (its receiver hands the track each block once: the
// primary, plus a redundant block whose own packet was lost), so what a published audio track
// forwards is plain Opus with the publisher's losses already repaired. A subscriber that
// negotiated RED gets it built again here from the frames it was sent (LiveKit does the same
// for an Opus publisher: its RedReceiver); one that did not gets that plain Opus.
import { joinSdp, splitSdp } from './sdp';

/** Payload types of the server's own offers (its subscriber connections). */
export const OPUS_PAYLOAD_TYPE = 111;
export const RED_PAYLOAD_TYPE = 63;

/** Opus parameters the server asks for: 10 ms frames allowed, in-band FEC, DTX. */
export const OPUS_FMTP = 'minptime=10;useinbandfec=1;usedtx=1';
const OPUS_FMTP_NO_DTX = 'minptime=10;useinbandfec=1';

/** Redundant frames carried by each RED packet (LiveKit's RedReceiver carries two). */
export const RED_DISTANCE = 2;
/** RFC 2198: a block's timestamp offset has 14 bits, its length 10. */
const MAX_TIMESTAMP_OFFSET = 0x3fff;
const MAX_BLOCK_LENGTH = 0x3ff;

/** What the answer should ask of one published audio section. */
export interface AudioSectionWish {
	/** Send RED (livekit-client's `red`, true unless turned off or stereo). */
	red: boolean;
}

/**
 * Rewrites the audio sections of an answer werift wrote: Opus gets in-band FEC and, unless
 * `dtx` is false, DTX; a section whose mid `wishes` says wants RED lists red first. One Opus
 * fmtp for every section, because libwebrtc refuses a BUNDLE group whose sections give one
 * payload type two sets of parameters.
 */
export function shapeAudioAnswer(
	answer: string,
	wishes: ReadonlyMap<string, AudioSectionWish>,
	dtx: boolean
): string {
	const parts = splitSdp(answer);
	const fmtp = dtx ? OPUS_FMTP : OPUS_FMTP_NO_DTX;
	for (const lines of parts.sections) {
		if (!lines[0].startsWith('m=audio')) continue;
		const opus = payloadTypeOf(lines, 'opus');
		const red = payloadTypeOf(lines, 'red');
		const mid = lines.find((line) => line.startsWith('a=mid:'))?.slice(6);
		if (opus !== undefined) {
			const at = lines.findIndex((line) => line.startsWith(`a=fmtp:${opus} `));
			const line = `a=fmtp:${opus} ${fmtp}`;
			if (at !== -1) lines[at] = line;
			else {
				const rtpmap = lines.findIndex((entry) => entry.startsWith(`a=rtpmap:${opus} `));
				lines.splice(rtpmap + 1, 0, line);
			}
		}
		if (red !== undefined && mid !== undefined && wishes.get(mid)?.red) {
			const words = lines[0].split(' ');
			const formats = words.slice(3).filter((format) => format !== String(red));
			lines[0] = [...words.slice(0, 3), String(red), ...formats].join(' ');
		}
	}
	return joinSdp(parts);
}

/** The payload type an rtpmap gives `codec` (case-insensitive) in a section's lines. */
function payloadTypeOf(lines: string[], codec: string): number | undefined {
	const prefix = 'a=rtpmap:';
	for (const line of lines) {
		if (!line.startsWith(prefix)) continue;
		const [type, encoding = ''] = line.slice(prefix.length).split(' ');
		if (encoding.split('/')[0].toLowerCase() === codec) return Number(type);
	}
	return undefined;
}

/** One Opus frame as sent: its (rewritten) RTP timestamp and payload. */
export interface SentFrame {
	timestamp: number;
	payload: Buffer;
}

/**
 * An RFC 2198 payload: `redundant` (oldest first) then `primary`, each block of payload type
 * `blockType`. Blocks that cannot be described (too old for 14 bits of timestamp offset, too
 * long for 10 bits of length, or not older than the primary) are left out.
 */
export function encodeRed(primary: SentFrame, redundant: SentFrame[], blockType: number): Buffer {
	const kept = redundant.filter((frame) => {
		const offset = (primary.timestamp - frame.timestamp) >>> 0;
		return offset > 0 && offset <= MAX_TIMESTAMP_OFFSET && frame.payload.length <= MAX_BLOCK_LENGTH;
	});
	const size = kept.length * 4 + 1 + kept.reduce((sum, frame) => sum + frame.payload.length, 0);
	const out = Buffer.allocUnsafe(size + primary.payload.length);
	let at = 0;
	for (const frame of kept) {
		const offset = (primary.timestamp - frame.timestamp) >>> 0;
		// F=1 | block PT (7) | timestamp offset (14) | block length (10)
		out[at] = 0x80 | blockType;
		out.writeUIntBE((offset << 10) | frame.payload.length, at + 1, 3);
		at += 4;
	}
	out[at] = blockType & 0x7f;
	at += 1;
	for (const frame of kept) at += frame.payload.copy(out, at);
	primary.payload.copy(out, at);
	return out;
}

/** Builds one subscriber's RED stream from the Opus frames it is sent. */
export class RedEncoder {
	private readonly history: SentFrame[] = [];

	constructor(
		/** The subscriber's payload type for Opus (the blocks') — RED's own is the sender's. */
		readonly opusPayloadType: number,
		readonly redPayloadType: number
	) {}

	/** The RED payload carrying `frame` and the frames sent just before it. */
	encode(frame: SentFrame): Buffer {
		const payload = encodeRed(frame, this.history, this.opusPayloadType);
		this.history.push(frame);
		if (this.history.length > RED_DISTANCE) this.history.shift();
		return payload;
	}
}
