// Real, tiny images built byte by byte, so the tests need no image library and no binary file:
// a baseline JPEG and a lossless WebP (plain and extended), each of one flat colour, which any
// browser decodes; and a PNG, which the server must refuse. Flat colour keeps the encoders
// trivial: every JPEG block is "no change, end of block", and a WebP whose prefix codes have one
// symbol each spends no bit per pixel.
import { crc32, deflateSync } from 'node:zlib';

/**
 * A grey baseline JPEG, `width` × `height`, made exactly `extra` bytes heavier (0, or 4 and more)
 * by comment segments.
 */
export function flatJpeg(width: number, height: number, extra = 0): Uint8Array {
	const segment = (marker: number, payload: number[]) => [
		0xff,
		marker,
		(payload.length + 2) >> 8,
		(payload.length + 2) & 0xff,
		...payload
	];
	const bytes: number[] = [0xff, 0xd8];
	bytes.push(...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])); // JFIF
	// A segment is its 4-byte marker and length, then at most 65 533 bytes; none left under 4.
	for (let left = extra; left > 0;) {
		let take = Math.min(left, 65_000);
		if (left - take > 0 && left - take < 4) take -= 4;
		bytes.push(...segment(0xfe, new Array<number>(take - 4).fill(0x20)));
		left -= take;
	}
	bytes.push(...segment(0xdb, [0, ...new Array<number>(64).fill(1)])); // quantisation: all 1
	// Start of frame: 8-bit samples, one component (grey), no subsampling, quantisation table 0.
	bytes.push(
		...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0])
	);
	// One Huffman code each, of length 1: DC category 0 (no change) and AC end-of-block.
	const oneCode = (tableClassAndId: number) => [
		tableClassAndId,
		1,
		...new Array<number>(15).fill(0),
		0
	];
	bytes.push(...segment(0xc4, oneCode(0x00)), ...segment(0xc4, oneCode(0x10)));
	bytes.push(...segment(0xda, [1, 1, 0x00, 0, 63, 0])); // start of scan
	// Two zero bits a block (DC "0", AC "end of block"); the last byte padded with ones.
	const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
	const bits = blocks * 2;
	bytes.push(...new Array<number>(Math.floor(bits / 8)).fill(0));
	if (bits % 8) bytes.push(0xff >> (bits % 8));
	bytes.push(0xff, 0xd9);
	return Uint8Array.from(bytes);
}

/** Writes bits least significant first, as VP8L reads them. */
class BitWriter {
	bytes: number[] = [];
	private bit = 0;
	write(value: number, count: number) {
		for (let i = 0; i < count; i += 1) {
			if (this.bit === 0) this.bytes.push(0);
			this.bytes[this.bytes.length - 1] |= ((value >>> i) & 1) << this.bit;
			this.bit = (this.bit + 1) % 8;
		}
	}
}

function vp8lData(width: number, height: number): number[] {
	const bits = new BitWriter();
	bits.write(0x2f, 8);
	bits.write(width - 1, 14);
	bits.write(height - 1, 14);
	bits.write(0, 1); // no alpha used
	bits.write(0, 3); // version 0
	bits.write(0, 1); // no transform
	bits.write(0, 1); // no colour cache
	bits.write(0, 1); // no meta prefix codes
	// Green, red, blue, alpha, distance: a "simple" prefix code of one 8-bit symbol each.
	for (const symbol of [140, 90, 60, 255, 0]) {
		bits.write(1, 1);
		bits.write(0, 1);
		bits.write(1, 1);
		bits.write(symbol, 8);
	}
	return bits.bytes;
}

function chunk(fourCc: string, data: number[]): number[] {
	const size = data.length;
	const header = [...fourCc].map((c) => c.charCodeAt(0));
	const le32 = [size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, (size >>> 24) & 0xff];
	return [...header, ...le32, ...data, ...(size % 2 ? [0] : [])];
}

function riff(chunks: number[]): Uint8Array {
	const body = [...'WEBP'].map((c) => c.charCodeAt(0)).concat(chunks);
	return Uint8Array.from(chunk('RIFF', body));
}

/** A lossless WebP of one colour (VP8L). */
export function flatWebp(width: number, height: number): Uint8Array {
	return riff(chunk('VP8L', vp8lData(width, height)));
}

/** The same image in the extended format (a VP8X header first, canvas size in 24 bits). */
export function extendedWebp(width: number, height: number): Uint8Array {
	const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
	const vp8x = chunk('VP8X', [0, 0, 0, 0, ...le24(width - 1), ...le24(height - 1)]);
	return riff([...vp8x, ...chunk('VP8L', vp8lData(width, height))]);
}

/**
 * The first bytes of a lossy WebP (VP8): the frame tag, the start code and the 14-bit sizes. Not
 * a whole image (the frame's data would need a real encoder), which is all the size reader reads.
 */
export function lossyWebpHeader(width: number, height: number): Uint8Array {
	const frame = [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a];
	frame.push(width & 0xff, (width >> 8) & 0x3f, height & 0xff, (height >> 8) & 0x3f);
	return riff(chunk('VP8 ', [...frame, ...new Array<number>(10).fill(0)]));
}

/** A real PNG (grey, 8-bit), which the server must refuse: PNG is not one of its types. */
export function flatPng(width: number, height: number): Uint8Array {
	const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
	const pngChunk = (type: string, data: number[]) => {
		const body = [...[...type].map((c) => c.charCodeAt(0)), ...data];
		return [...be32(data.length), ...body, ...be32(crc32(Uint8Array.from(body)))];
	};
	// Each row: filter byte 0, then one grey sample per pixel.
	const rows = new Uint8Array(height * (width + 1)).fill(0x80);
	for (let y = 0; y < height; y += 1) rows[y * (width + 1)] = 0;
	return Uint8Array.from([
		0x89,
		0x50,
		0x4e,
		0x47,
		0x0d,
		0x0a,
		0x1a,
		0x0a,
		...pngChunk('IHDR', [...be32(width), ...be32(height), 8, 0, 0, 0, 0]),
		...pngChunk('IDAT', [...deflateSync(rows)]),
		...pngChunk('IEND', [])
	]);
}
