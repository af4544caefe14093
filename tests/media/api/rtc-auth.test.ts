// Tokens at the media server's door: /rtc/validate (what livekit-client asks after a failed
// connection) and the /rtc upgrade answer with LiveKit's statuses, with the CORS header, and a bad
// token never opens a socket.
import { AccessToken, type VideoGrant } from 'livekit-server-sdk';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signAccessToken } from '../../../server/media/auth';
import { MediaServer } from '../../../server/media/media-server';

const keys = { apiKey: 'APIrtcauth001', apiSecret: 'rtc-auth-secret-long-enough-for-hs256-00' };

let media: MediaServer;
let base: string;

beforeAll(async () => {
	media = new MediaServer({
		keys,
		log: pino({ level: 'silent' }),
		network: {},
		limits: { maxParticipantsPerRoom: 2, maxTracksPerParticipant: 2, emptyTimeoutSeconds: 60 }
	});
	const port = await media.listen(0, '127.0.0.1');
	base = `127.0.0.1:${port}`;
});

afterAll(async () => {
	await media.close();
});

async function mint(
	grant: VideoGrant,
	identity = 'alice',
	signingKeys = keys,
	ttl: number | string = '1h'
): Promise<string> {
	const token = new AccessToken(signingKeys.apiKey, signingKeys.apiSecret, { identity, ttl });
	token.addGrant(grant);
	return token.toJwt();
}

async function validate(
	token: string
): Promise<{ status: number; cors: string | null; body: string }> {
	const response = await fetch(`http://${base}/rtc/validate?access_token=${token}`);
	return {
		status: response.status,
		cors: response.headers.get('access-control-allow-origin'),
		body: await response.text()
	};
}

/** The HTTP status an /rtc upgrade gets (101 when a socket opens). */
function upgradeStatus(token: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(`ws://${base}/rtc?access_token=${token}&protocol=16`);
		socket.on('upgrade', () => {
			socket.close();
			resolve(101);
		});
		socket.on('unexpected-response', (_request, response) => {
			resolve(response.statusCode ?? 0);
			response.resume();
			socket.terminate();
		});
		socket.on('error', (error) => reject(error));
	});
}

describe('/rtc/validate and /rtc', () => {
	it('accepts a join token minted by AccessToken', async () => {
		const token = await mint({ roomJoin: true, room: 'co-1:hall' });
		expect(await validate(token)).toEqual({ status: 200, cors: '*', body: 'success' });
		expect(await upgradeStatus(token)).toBe(101);
	});

	it('refuses forged, wrong-key, expired and not-yet-valid tokens with 401', async () => {
		const grant = { roomJoin: true, room: 'co-1:hall' };
		const forged = await mint(grant, 'alice', { ...keys, apiSecret: 'x'.repeat(40) });
		const wrongKey = await mint(grant, 'alice', { ...keys, apiKey: 'APIsomeoneelse' });
		const expired = signAccessToken(
			{ sub: 'alice', video: grant },
			keys,
			10,
			Date.now() - 3_600_000
		);
		const early = signAccessToken({ sub: 'alice', video: grant }, keys, 3600, Date.now() + 600_000);
		for (const token of [forged, wrongKey, expired, early, 'not-a-token']) {
			const answer = await validate(token);
			expect(answer.status, token).toBe(401);
			expect(answer.cors).toBe('*');
			expect(await upgradeStatus(token)).toBe(401);
		}
	});

	it('refuses a token without roomJoin (401) and one without identity (400)', async () => {
		const admin = await mint({ roomAdmin: true, room: 'co-1:hall' });
		expect((await validate(admin)).status).toBe(401);
		expect(await upgradeStatus(admin)).toBe(401);
		const anonymous = signAccessToken({ video: { roomJoin: true, room: 'co-1:hall' } }, keys, 60);
		expect(await validate(anonymous)).toMatchObject({
			status: 400,
			body: 'identity cannot be empty'
		});
	});
});
