// What an uploaded photo really is, read from its bytes rather than from the name or the type the
// browser declared: JPEG or WebP only, and its width and height from the image's own headers (a
// JPEG's start-of-frame marker; a WebP's VP8, VP8L or VP8X chunk). Small on purpose: the photo
// is stored as uploaded, never decoded, so nothing here needs more than the headers.

export type ImageType = 'image/jpeg' | 'image/webp';
export type ImageInfo = { type: ImageType; width: number; height: number };

/** The type and size of a JPEG or WebP image, or null for anything else (or a broken header). */
export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
	if (isJpeg(bytes)) return jpegSize(bytes);
	if (isWebp(bytes)) return webpSize(bytes);
	return null;
}

function isJpeg(bytes: Uint8Array): boolean {
	return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function isWebp(bytes: Uint8Array): boolean {
	return bytes.length >= 16 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP';
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
	return String.fromCharCode(...bytes.subarray(start, start + length));
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32le = (b: Uint8Array, i: number) => (u24le(b, i) | (b[i + 3] << 24)) >>> 0;

/**
 * Walks the JPEG's marker segments up to the first start-of-frame (SOF0–SOF15 but DHT, JPG and
 * DAC, which share the range), whose payload holds the height then the width. Stops at the
 * start of scan: a frame header always comes before it.
 */
function jpegSize(bytes: Uint8Array): ImageInfo | null {
	let i = 2;
	while (i + 4 <= bytes.length) {
		if (bytes[i] !== 0xff) return null;
		const marker = bytes[i + 1];
		// Fill bytes: any number of 0xFF may precede a marker.
		if (marker === 0xff) {
			i += 1;
			continue;
		}
		// Standalone markers carry no length.
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			i += 2;
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return null;
		const length = u16be(bytes, i + 2);
		if (length < 2) return null;
		const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
		if (isFrame) {
			if (i + 9 > bytes.length || length < 7) return null;
			const height = u16be(bytes, i + 5);
			const width = u16be(bytes, i + 7);
			return { type: 'image/jpeg', width, height };
		}
		i += 2 + length;
	}
	return null;
}

/** The first chunk after the RIFF header says which of the three WebP forms this is. */
function webpSize(bytes: Uint8Array): ImageInfo | null {
	const chunk = ascii(bytes, 12, 4);
	const data = 20;
	if (chunk === 'VP8 ') {
		// Lossy: a frame tag (3 bytes), the start code 9D 01 2A, then 14-bit width and height.
		if (bytes.length < data + 10) return null;
		if (bytes[data + 3] !== 0x9d || bytes[data + 4] !== 0x01 || bytes[data + 5] !== 0x2a) {
			return null;
		}
		const width = u16le(bytes, data + 6) & 0x3fff;
		const height = u16le(bytes, data + 8) & 0x3fff;
		return { type: 'image/webp', width, height };
	}
	if (chunk === 'VP8L') {
		// Lossless: the signature 0x2F, then width − 1 and height − 1 on 14 bits each.
		if (bytes.length < data + 5 || bytes[data] !== 0x2f) return null;
		const bits = u32le(bytes, data + 1);
		return { type: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X') {
		// Extended: flags (4 bytes), then canvas width − 1 and height − 1 on 24 bits each.
		if (bytes.length < data + 10) return null;
		return {
			type: 'image/webp',
			width: u24le(bytes, data + 4) + 1,
			height: u24le(bytes, data + 7) + 1
		};
	}
	return null;
}
