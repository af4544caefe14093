// The VP8 payload descriptor (RFC 7741 §4.2) of each forwarded packet, and the renumbering a
// subscriber needs when its forwarder switches simulcast layers.
//
// A browser's simulcast layers share one RTP clock but number their pictures on their own, and
// Chromium often gives the same picture the same id on every layer. Chromium's receiver orders
// frames by picture id: it drops a frame whose id it has already decoded. Switched from the high
// layer to the low one on a key frame, a viewer that had just decoded the high layer's key frame
// of the same picture drops the low one as already seen, then decodes the low layer's next frames
// on top of the high layer's pictures: a frozen or garbled picture at the old size, and no loss
// reported, so nothing ever asks for another key frame. (The media-meet-in-a-call browser test
// caught it about one switch in two on a loaded machine.) So each subscriber's picture ids,
// TL0PICIDX and KEYIDX go on from the last ones it was sent, as its sequence numbers and
// timestamps already do (LiveKit's SFU renumbers them the same way).

/** Where a packet's descriptor keeps the numbers a forwarder renumbers; -1 when absent. */
export interface Vp8Descriptor {
	/** The packet starts a key frame (first packet of partition 0, P bit clear). */
	keyFrame: boolean;
	pictureIdAt: number;
	/** The picture id has 15 bits (M set), else 7. */
	longPictureId: boolean;
	pictureId: number;
	tl0PicIdxAt: number;
	tl0PicIdx: number;
	/** KEYIDX, in the low 5 bits of the TID/Y/KEYIDX byte when K is set. */
	keyIdxAt: number;
	keyIdx: number;
}

/** Reads the descriptor at the start of a VP8 RTP payload, or undefined when it is cut short. */
export function readVp8Descriptor(payload: Buffer): Vp8Descriptor | undefined {
	if (payload.length < 1) return undefined;
	const first = payload[0];
	const descriptor: Vp8Descriptor = {
		keyFrame: false,
		pictureIdAt: -1,
		longPictureId: false,
		pictureId: 0,
		tl0PicIdxAt: -1,
		tl0PicIdx: 0,
		keyIdxAt: -1,
		keyIdx: 0
	};
	let offset = 1;
	if (first & 0x80) {
		if (payload.length < 2) return undefined;
		const extension = payload[1];
		offset = 2;
		if (extension & 0x80) {
			if (payload.length <= offset) return undefined;
			descriptor.pictureIdAt = offset;
			descriptor.longPictureId = (payload[offset] & 0x80) !== 0;
			if (descriptor.longPictureId) {
				if (payload.length <= offset + 1) return undefined;
				descriptor.pictureId = ((payload[offset] & 0x7f) << 8) | payload[offset + 1];
				offset += 2;
			} else {
				descriptor.pictureId = payload[offset] & 0x7f;
				offset += 1;
			}
		}
		if (extension & 0x40) {
			if (payload.length <= offset) return undefined;
			descriptor.tl0PicIdxAt = offset;
			descriptor.tl0PicIdx = payload[offset];
			offset += 1;
		}
		if (extension & 0x30) {
			if (payload.length <= offset) return undefined;
			if (extension & 0x10) {
				descriptor.keyIdxAt = offset;
				descriptor.keyIdx = payload[offset] & 0x1f;
			}
			offset += 1;
		}
	}
	const startOfPartition = (first & 0x10) !== 0;
	const partitionIndex = first & 0x0f;
	// The VP8 payload header's P bit is 0 on key frames.
	descriptor.keyFrame =
		startOfPartition &&
		partitionIndex === 0 &&
		payload.length > offset &&
		(payload[offset] & 0x01) === 0;
	return descriptor;
}

/** Whether a VP8 RTP payload starts a key frame (RFC 7741 §4.2–4.3). */
export function isVp8KeyFrame(payload: Buffer): boolean {
	return readVp8Descriptor(payload)?.keyFrame ?? false;
}

/** The last numbers a subscriber's sender carried, which the next layer it gets goes on from. */
export interface Vp8Sent {
	pictureId: number | undefined;
	tl0PicIdx: number | undefined;
	keyIdx: number | undefined;
}

export const nothingSentYet = (): Vp8Sent => ({
	pictureId: undefined,
	tl0PicIdx: undefined,
	keyIdx: undefined
});

/** How far one down track shifts the numbers of the layer it forwards now. */
export class Vp8Renumbering {
	private pictureIdShift = 0;
	private tl0PicIdxShift = 0;
	private keyIdxShift = 0;

	/**
	 * Forwarding starts again at `first` (a key frame: a new layer, or the same after a gap): its
	 * numbers become the ones after those `sent` last carried, so the subscriber sees one stream.
	 */
	continueFrom(first: Vp8Descriptor, sent: Vp8Sent): void {
		this.pictureIdShift =
			first.pictureIdAt >= 0 && sent.pictureId !== undefined
				? (sent.pictureId + 1 - first.pictureId) & 0x7fff
				: 0;
		this.tl0PicIdxShift =
			first.tl0PicIdxAt >= 0 && sent.tl0PicIdx !== undefined
				? (sent.tl0PicIdx + 1 - first.tl0PicIdx) & 0xff
				: 0;
		this.keyIdxShift =
			first.keyIdxAt >= 0 && sent.keyIdx !== undefined
				? (sent.keyIdx + 1 - first.keyIdx) & 0x1f
				: 0;
	}

	/**
	 * The payload to send, its numbers shifted and noted in `sent`. The payload is shared by every
	 * subscriber of the layer: a shifted one is a copy.
	 */
	apply(payload: Buffer, descriptor: Vp8Descriptor | undefined, sent: Vp8Sent): Buffer {
		if (!descriptor) return payload;
		const pictureId = (descriptor.pictureId + this.pictureIdShift) & 0x7fff;
		const tl0PicIdx = (descriptor.tl0PicIdx + this.tl0PicIdxShift) & 0xff;
		const keyIdx = (descriptor.keyIdx + this.keyIdxShift) & 0x1f;
		if (descriptor.pictureIdAt >= 0) {
			sent.pictureId = descriptor.longPictureId ? pictureId : pictureId & 0x7f;
		}
		if (descriptor.tl0PicIdxAt >= 0) sent.tl0PicIdx = tl0PicIdx;
		if (descriptor.keyIdxAt >= 0) sent.keyIdx = keyIdx;
		if ((this.pictureIdShift | this.tl0PicIdxShift | this.keyIdxShift) === 0) return payload;

		const out = Buffer.from(payload);
		if (descriptor.pictureIdAt >= 0) {
			const at = descriptor.pictureIdAt;
			if (descriptor.longPictureId) {
				out[at] = 0x80 | (pictureId >> 8);
				out[at + 1] = pictureId & 0xff;
			} else {
				out[at] = pictureId & 0x7f;
			}
		}
		if (descriptor.tl0PicIdxAt >= 0) out[descriptor.tl0PicIdxAt] = tl0PicIdx;
		if (descriptor.keyIdxAt >= 0) {
			out[descriptor.keyIdxAt] = (out[descriptor.keyIdxAt] & 0xe0) | keyIdx;
		}
		return out;
	}
}
