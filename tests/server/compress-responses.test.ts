// The compression wrapper (server/compress-responses.ts) around plain node:http handlers: which
// answers it compresses, and that every answer arrives whole either way.
import {
	createServer,
	request,
	type IncomingMessage,
	type Server,
	type ServerResponse
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
	chooseEncoding,
	compressResponses,
	MAX_GATHERED_BYTES
} from '../../server/compress-responses';

let server: Server | null = null;

afterEach(async () => {
	await new Promise((done) => server?.close(done) ?? done(undefined));
	server = null;
});

/** Serves `handler` behind the wrapper on a free port. */
async function serve(
	handler: (req: IncomingMessage, res: ServerResponse) => void
): Promise<string> {
	const compress = compressResponses();
	server = createServer((req, res) => compress(req, res, () => handler(req, res)));
	await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
	return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
}

type Raw = { status: number; headers: IncomingMessage['headers']; body: Buffer };

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

const page = '<!doctype html><p>' + 'Maison des entreprises, Murat. '.repeat(200) + '</p>';

describe('chooseEncoding', () => {
	it('prefers Brotli, then gzip, and honours q=0 and *', () => {
		expect(chooseEncoding('gzip, deflate, br')).toBe('br');
		expect(chooseEncoding('gzip, deflate')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('*;q=0, identity')).toBeNull();
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding(undefined)).toBeNull();
		expect(chooseEncoding('')).toBeNull();
	});
});

describe('compressResponses', () => {
	it('compresses a page written in pieces after writeHead, with its real length', async () => {
		const url = await serve((_req, res) => {
			res.setHeader('content-type', 'text/html; charset=utf-8');
			res.writeHead(200);
			res.write(page.slice(0, 1000));
			res.write(Buffer.from(page.slice(1000)));
			res.end();
		});
		const br = await get(url, { 'accept-encoding': 'br' });
		expect(br.headers['content-encoding']).toBe('br');
		expect(Number(br.headers['content-length'])).toBe(br.body.byteLength);
		expect(br.headers.vary).toBe('Accept-Encoding');
		expect(brotliDecompressSync(br.body).toString()).toBe(page);
		const gz = await get(url, { 'accept-encoding': 'gzip' });
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gz.body).toString()).toBe(page);
	});

	it('takes headers given to writeHead, and a status message', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(404, 'Nobody here', { 'content-type': 'application/json', vary: 'Cookie' });
			res.end(JSON.stringify({ message: page }));
		});
		const answer = await get(url, { 'accept-encoding': 'gzip' });
		expect(answer.status).toBe(404);
		expect(answer.headers['content-encoding']).toBe('gzip');
		expect(answer.headers.vary).toBe('Cookie, Accept-Encoding');
		expect(JSON.parse(gunzipSync(answer.body).toString())).toEqual({ message: page });
	});

	it('sends as they are: no accepted encoding, small, HEAD, 304, a range, images, encoded, no-transform', async () => {
		const url = await serve((req, res) => {
			const kind = req.url?.slice(1);
			if (kind === 'small') {
				res.setHeader('content-type', 'text/plain');
				return void res.end('Not Found');
			}
			if (kind === 'not-modified') {
				res.writeHead(304, { etag: '"x"' });
				return void res.end();
			}
			if (kind === 'range') {
				res.writeHead(206, { 'content-type': 'text/html', 'content-range': `bytes 0-1999/9999` });
				return void res.end(page.slice(0, 2000));
			}
			const type = kind === 'image' ? 'image/png' : 'text/html';
			res.setHeader('content-type', type);
			if (kind === 'encoded') res.setHeader('content-encoding', 'br');
			if (kind === 'no-transform') res.setHeader('cache-control', 'private, no-transform');
			res.end(page);
		});
		const plain = await get(url);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.headers.vary).toBe('Accept-Encoding');
		expect(plain.body.toString()).toBe(page);
		for (const kind of ['small', 'image', 'encoded', 'no-transform']) {
			const answer = await get(`${url}${kind}`, { 'accept-encoding': 'gzip, br' });
			expect(answer.headers['content-encoding'], kind).toBe(kind === 'encoded' ? 'br' : undefined);
			expect(answer.body.toString(), kind).toBe(kind === 'small' ? 'Not Found' : page);
		}
		const head = await get(url, { 'accept-encoding': 'br' }, 'HEAD');
		expect(head.headers['content-encoding']).toBeUndefined();
		const notModified = await get(`${url}not-modified`, { 'accept-encoding': 'br' });
		expect(notModified.status).toBe(304);
		expect(notModified.headers['content-encoding']).toBeUndefined();
		const range = await get(`${url}range`, { 'accept-encoding': 'br' });
		expect(range.status).toBe(206);
		expect(range.headers['content-encoding']).toBeUndefined();
		expect(range.body.toString()).toBe(page.slice(0, 2000));
	});

	it('lets a stream through piece by piece', async () => {
		let sendSecond: () => void = () => {};
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.write('retry: 2000\n\n');
			sendSecond = () => res.end('data: {"kind":"second"}\n\n');
		});
		const pieces = await new Promise<string[]>((resolve, reject) => {
			const seen: string[] = [];
			const req = request(url, { headers: { 'accept-encoding': 'br' } }, (res) => {
				expect(res.headers['content-encoding']).toBeUndefined();
				res.on('data', (chunk: Buffer) => {
					seen.push(chunk.toString());
					// The first piece arrived before the second was even written.
					if (seen.length === 1) sendSecond();
				});
				res.on('end', () => resolve(seen));
			});
			req.on('error', reject);
			req.end();
		});
		expect(pieces.join('')).toBe('retry: 2000\n\ndata: {"kind":"second"}\n\n');
		expect(pieces[0]).toBe('retry: 2000\n\n');
	});

	it('sends a download past the bound uncompressed and whole', async () => {
		const piece = Buffer.alloc(64 * 1024, 'a');
		const pieces = Math.ceil(MAX_GATHERED_BYTES / piece.byteLength) + 2;
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/csv' });
			for (let i = 0; i < pieces; i++) res.write(piece);
			res.end();
		});
		const answer = await get(url, { 'accept-encoding': 'br' });
		expect(answer.headers['content-encoding']).toBeUndefined();
		expect(answer.body.byteLength).toBe(piece.byteLength * pieces);
	});
});
