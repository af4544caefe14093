// Where the embedded media server finds the access token: livekit-client sends it as
// `?access_token=` (browsers cannot set WebSocket headers); LiveKit's native SDKs (rtc-node,
// Python, Rust, and so Agents) send `Authorization: Bearer`. LiveKit reads the header first and
// refuses a header that is not a Bearer token, even when the query also carries one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mint, startMediaServer } from './support';

let media: Awaited<ReturnType<typeof startMediaServer>>;
beforeAll(async () => {
	media = await startMediaServer();
});
afterAll(async () => {
	await media.close();
});

const grant = { roomJoin: true, room: 'carriers' };

/** Opens /rtc with those headers; resolves with the first signal frame, or the refusal. */
function upgrade(query: string, headers: Record<string, string>) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const ws = new WebSocket(`ws://${media.base}/rtc?protocol=16&${query}`, { headers });
		ws.once('message', () => {
			ws.close();
			resolve({ status: 101, body: '' });
		});
		ws.once('unexpected-response', (_req, res) => {
			let body = '';
			res.on('data', (chunk: Buffer) => (body += chunk.toString()));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
		});
		ws.once('error', reject);
	});
}

describe('the access token', () => {
	it('is taken from a Bearer header on /rtc/validate and on the /rtc upgrade', async () => {
		const token = await mint('native', grant);
		const validate = await fetch(`http://${media.base}/rtc/validate`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		expect(validate.status).toBe(200);
		expect(await upgrade('', { Authorization: `Bearer ${token}` })).toEqual({
			status: 101,
			body: ''
		});
	});

	it('is still taken from the query when no header is sent', async () => {
		const token = await mint('browser', grant);
		const validate = await fetch(`http://${media.base}/rtc/validate?access_token=${token}`);
		expect(validate.status).toBe(200);
	});

	it('is refused with 401 when the header is not a Bearer token, whatever the query holds', async () => {
		const token = await mint('basic', grant);
		const headers = { Authorization: `Basic ${token}` };
		const validate = await fetch(`http://${media.base}/rtc/validate?access_token=${token}`, {
			headers
		});
		expect(validate.status).toBe(401);
		expect(await validate.text()).toMatch(/Bearer/);
		expect((await upgrade(`access_token=${token}`, headers)).status).toBe(401);
	});

	it('is refused with 401 when neither carries one, and a forged Bearer token too', async () => {
		expect((await fetch(`http://${media.base}/rtc/validate`)).status).toBe(401);
		const forged = await fetch(`http://${media.base}/rtc/validate`, {
			headers: { Authorization: 'Bearer forged' }
		});
		expect(forged.status).toBe(401);
	});
});
