// Pages and JSON leave the server compressed (Brotli, else gzip) when the browser accepts it.
// Many houses sit behind weak links: a 50-person board is ≈ 92 KiB of HTML and ≈ 8 KiB as Brotli.
//
// Hand-written rather than the `compression` middleware: that one pipes every answer through an
// asynchronous zlib stream, which cost 2.1 ms of CPU per board against 0.9 ms for one synchronous
// call in isolation, and more than the board's own rendering inside the app (measured 2026-12-05,
// bench/results/2026-12-05-compression.md). Hameau's pages and JSON are written whole (SvelteKit
// renders a page to one string), so they are gathered and compressed in one call; what streams
// (the live-events stream, a load's streamed data, files) or grows past a bound goes as it comes.
// Static files are not touched here: adapter-node serves their precompressed .br and .gz copies.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
export type Encoding = 'br' | 'gzip';

/** Below this a compressed answer saves less than its own headers and the CPU it costs. */
export const MIN_BYTES = 1024;
/** Past this an answer is a download, not a page: it goes out as it comes, uncompressed. */
export const MAX_GATHERED_BYTES = 1024 * 1024;

/** Types worth compressing: text, JSON, JavaScript, SVG, XML (images and media already are). */
const COMPRESSIBLE =
	/^(text\/|application\/(json|javascript|xml|manifest\+json|[\w.-]+\+(json|xml))|image\/svg\+xml)/i;
/** Answers that arrive piece by piece; holding them back would hold the pieces. */
const STREAMED = /^text\/(event-stream|sveltekit-data)/i;

/**
 * The encoding to use for `acceptEncoding` (the request's header), Brotli first: those the
 * browser accepts with a quality above 0, by name or through `*`.
 */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
	if (!acceptEncoding) return null;
	const quality = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
		const value = q ? Number(q.slice(2)) : 1;
		if (name) quality.set(name, Number.isNaN(value) ? 0 : value);
	}
	const accepted = (encoding: Encoding) => (quality.get(encoding) ?? quality.get('*') ?? 0) > 0;
	if (accepted('br')) return 'br';
	if (accepted('gzip')) return 'gzip';
	return null;
}

/** The body in `encoding`, at settings measured to cost ≈ 0.4 ms for a 92 KiB board. */
export function compressBody(body: Buffer, encoding: Encoding): Buffer {
	if (encoding === 'gzip') return gzipSync(body, { level: 3 });
	return brotliCompressSync(body, {
		params: {
			// Quality 3: 4% larger than the library default 4 for half its CPU.
			[constants.BROTLI_PARAM_QUALITY]: 3,
			[constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength
		}
	});
}

function headerText(value: number | string | string[] | undefined): string {
	return Array.isArray(value) ? value.join(', ') : String(value ?? '');
}

/** Is this answer (its status and headers as they are about to be sent) one to compress? */
function worthCompressing(req: IncomingMessage, res: ServerResponse): boolean {
	if (req.method === 'HEAD') return false;
	if (res.statusCode < 200 || res.statusCode === 204 || res.statusCode === 304) return false;
	// A range of a file: its Content-Range counts the file's own bytes.
	if (res.statusCode === 206 || res.hasHeader('content-range')) return false;
	const type = headerText(res.getHeader('content-type'));
	if (!COMPRESSIBLE.test(type) || STREAMED.test(type)) return false;
	if (res.hasHeader('content-encoding')) return false;
	if (/(^|,)\s*no-transform\s*(,|$)/i.test(headerText(res.getHeader('cache-control')))) {
		return false;
	}
	const length = res.getHeader('content-length');
	return length === undefined || Number(length) >= MIN_BYTES;
}

/** Adds Accept-Encoding to Vary (caches must keep one copy per encoding). */
function varyOnEncoding(res: ServerResponse): void {
	const vary = headerText(res.getHeader('vary'));
	if (vary === '*' || /(^|,)\s*accept-encoding\s*(,|$)/i.test(vary)) return;
	res.setHeader('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

type WriteCallback = (error?: Error | null) => void;

function toBuffer(chunk: unknown, encoding?: BufferEncoding): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
	return Buffer.from(String(chunk), encoding);
}

/**
 * Wraps each response: `writeHead` is held until the answer shows whether it is worth
 * compressing; a compressible one is gathered and sent compressed at `end`, with its length.
 */
export function compressResponses(): Middleware {
	return (req, res, next) => {
		const encoding = chooseEncoding(req.headers['accept-encoding']);
		const writeHead = res.writeHead.bind(res) as (status: number, message?: string) => unknown;
		const write = res.write.bind(res) as (...args: unknown[]) => boolean;
		const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
		let decided = false;
		let gathering = false;
		let statusMessage: string | undefined;
		const gathered: Buffer[] = [];
		let gatheredBytes = 0;

		/** From here on the response is the plain one, with what was gathered sent first. */
		const passThrough = () => {
			res.writeHead = writeHead as typeof res.writeHead;
			res.write = write as typeof res.write;
			res.end = end as typeof res.end;
		};
		const decide = () => {
			if (decided) return;
			decided = true;
			const compressible = worthCompressing(req, res);
			if (compressible) varyOnEncoding(res);
			gathering = compressible && encoding !== null;
			if (!gathering) {
				passThrough();
				writeHead(res.statusCode, statusMessage);
			}
		};
		const giveUp = () => {
			gathering = false;
			passThrough();
			writeHead(res.statusCode, statusMessage);
			for (const chunk of gathered.splice(0)) write(chunk);
		};

		res.writeHead = ((status: number, ...rest: unknown[]) => {
			res.statusCode = status;
			const [first, second] = rest;
			if (typeof first === 'string') statusMessage = first;
			const headers = (typeof first === 'string' ? second : first) as
				OutgoingHttpHeaders | undefined;
			if (headers && !Array.isArray(headers)) {
				for (const [name, value] of Object.entries(headers)) {
					if (value !== undefined) res.setHeader(name, value);
				}
			}
			decide();
			return res;
		}) as typeof res.writeHead;

		res.write = ((chunk: unknown, ...rest: unknown[]) => {
			decide();
			if (!gathering) return write(chunk, ...rest);
			const chunkEncoding = typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : undefined;
			const callback = rest.find((arg) => typeof arg === 'function') as WriteCallback | undefined;
			const buffer = toBuffer(chunk, chunkEncoding);
			gathered.push(buffer);
			gatheredBytes += buffer.byteLength;
			if (gatheredBytes > MAX_GATHERED_BYTES) giveUp();
			callback?.();
			return true;
		}) as typeof res.write;

		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			const data = typeof chunk === 'function' ? undefined : chunk;
			const chunkEncoding = typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : undefined;
			// An answer ended without writeHead (all in one call) has its length known here.
			if (!decided && data != null && !res.hasHeader('content-length')) {
				res.setHeader('content-length', toBuffer(data, chunkEncoding).byteLength);
			}
			decide();
			if (!gathering) return end(chunk, ...rest);
			if (data != null) gathered.push(toBuffer(data, chunkEncoding));
			const callback = [chunk, ...rest].find((arg) => typeof arg === 'function');
			passThrough();
			const body = Buffer.concat(gathered);
			if (body.byteLength >= MIN_BYTES) {
				const compressed = compressBody(body, encoding!);
				res.setHeader('content-encoding', encoding!);
				res.setHeader('content-length', compressed.byteLength);
				writeHead(res.statusCode, statusMessage);
				return end(compressed, callback);
			}
			writeHead(res.statusCode, statusMessage);
			return end(body, callback);
		}) as typeof res.end;

		next();
	};
}
