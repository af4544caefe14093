// Pages leave the real Node entry compressed when the browser accepts it (server/compress-responses.ts):
// read with node:http, which neither asks for nor undoes an encoding by itself.
import { request, type IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, strongPassword, uniqueEmail } from '../helpers/client';
import { seedBoard } from '../helpers/board-seed';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let cookie: string;
let board: string;

beforeAll(async () => {
	server = await startServer();
	const client = new HttpClient(server.url);
	await client.signUp('Hélène Brion', uniqueEmail('helene'), strongPassword('helene'));
	board = await client.createCompany('Maison Brion');
	seedBoard(server.dbPath, board, 50, 5);
	cookie = client.cookieHeader();
});

afterAll(async () => {
	await server?.stop();
});

type Raw = { response: IncomingMessage; body: Buffer };

/** GETs `path` and resolves with the head and the body as it came over the wire. */
function rawGet(path: string, headers: Record<string, string>, method = 'GET'): Promise<Raw> {
	return new Promise((resolve, reject) => {
		const req = request(new URL(path, server.url), { method, headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ response, body: Buffer.concat(chunks) }));
			response.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

/** The page's text without what changes at every request (the CSP nonce, the time it was read). */
const steady = (html: string) =>
	html.replace(/nonce="[^"]+"/g, 'nonce=""').replace(/\bat:\d+/g, 'at:0');

describe('compressed pages', () => {
	it('sends the board as Brotli to a browser that accepts it, the same page once decoded', async () => {
		const plain = await rawGet(`/${board}`, { cookie, accept: 'text/html' });
		expect(plain.response.statusCode).toBe(200);
		expect(plain.response.headers['content-encoding']).toBeUndefined();
		expect(plain.body.toString()).toContain('data-testid="person"');

		const br = await rawGet(`/${board}`, {
			cookie,
			accept: 'text/html',
			'accept-encoding': 'gzip, deflate, br'
		});
		expect(br.response.statusCode).toBe(200);
		expect(br.response.headers['content-encoding']).toBe('br');
		expect(br.response.headers.vary).toMatch(/accept-encoding/i);
		const decoded = brotliDecompressSync(br.body).toString();
		// Compared as a boolean: a failure should not print two 95 KB pages.
		expect(steady(decoded) === steady(plain.body.toString())).toBe(true);
		// What a weak link carries: a fraction of the page.
		expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 4);
	});

	it('falls back to gzip for a client that only knows gzip', async () => {
		const gz = await rawGet(`/${board}`, {
			cookie,
			accept: 'text/html',
			'accept-encoding': 'gzip'
		});
		expect(gz.response.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gz.body).toString()).toContain('data-testid="person"');
	});

	it('compresses JSON answers too (the board data a browser refetches)', async () => {
		const data = await rawGet(`/${board}/__data.json`, { cookie, 'accept-encoding': 'br' });
		expect(data.response.statusCode).toBe(200);
		expect(data.response.headers['content-encoding']).toBe('br');
		expect(JSON.parse(brotliDecompressSync(data.body).toString())).toHaveProperty('type', 'data');
	});

	it('leaves a HEAD request and a small answer as they are', async () => {
		const head = await rawGet(`/${board}`, { cookie, 'accept-encoding': 'br' }, 'HEAD');
		expect(head.response.statusCode).toBe(200);
		expect(head.response.headers['content-encoding']).toBeUndefined();
		const health = await rawGet('/healthz', { 'accept-encoding': 'br' });
		expect(health.response.headers['content-encoding']).toBeUndefined();
		expect(JSON.parse(health.body.toString())).toHaveProperty('status', 'ok');
	});

	it('serves a static file as its precompressed copy, compressed once', async () => {
		const page = (await rawGet(`/${board}`, { cookie })).body.toString();
		const script = page.match(/\/_app\/immutable\/entry\/app\.[\w-]+\.js/)?.[0];
		expect(script, 'the page links its entry script').toBeDefined();
		const plain = await rawGet(script!, {});
		const br = await rawGet(script!, { 'accept-encoding': 'br' });
		expect(br.response.headers['content-encoding']).toBe('br');
		expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
	});
});

describe('the live-events stream', () => {
	it('is never compressed: each event reaches the browser as it happens', async () => {
		const frames = await new Promise<{ encoding?: string; first: string }>((resolve, reject) => {
			const req = request(
				new URL(`/${board}/events`, server.url),
				{ headers: { cookie, accept: 'text/event-stream', 'accept-encoding': 'gzip, br' } },
				(response) => {
					response.once('data', (chunk: Buffer) => {
						resolve({ encoding: response.headers['content-encoding'], first: chunk.toString() });
						req.destroy();
					});
					response.on('error', reject);
				}
			);
			req.on('error', reject);
			req.end();
		});
		expect(frames.encoding).toBeUndefined();
		// The stream's first frame arrives at once, readable as text.
		expect(frames.first).toMatch(/^(:|id:|retry:|data:|event:)/m);
	});
});
