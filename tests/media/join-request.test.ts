// The `join_request` of /rtc/v1 (the single peer connection path of livekit-client 2.22 and the
// native SDKs): decoded in both base64 alphabets, plain or gzipped, and refused with LiveKit's
// 400 messages when it is not a join request; at the door, /rtc/v1 and /rtc/v1/validate check the
// token first, then the join request, as LiveKit does.
import { gzipSync } from 'node:zlib';
import {
	ClientInfo,
	ConnectionSettings,
	JoinRequest,
	SessionDescription,
	WrappedJoinRequest,
	WrappedJoinRequest_Compression
} from '@livekit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
	decodeJoinRequest,
	MAX_JOIN_REQUEST_BYTES,
	singlePcInit
} from '../../server/media/join-request';
import type { ParticipantInit } from '../../server/media/participant';
import { mint, startMediaServer } from './support';

const request = new JoinRequest({
	clientInfo: new ClientInfo({ protocol: 16, version: '2.22.0' }),
	connectionSettings: new ConnectionSettings({ autoSubscribe: false }),
	publisherOffer: new SessionDescription({ type: 'offer', sdp: 'v=0\r\n', id: 1 })
});

/** The parameter as livekit-client writes it: base64url of the wrapped request, padded. */
function wrap(
	inner: Uint8Array,
	compression = WrappedJoinRequest_Compression.NONE,
	alphabet: 'base64url' | 'base64' = 'base64url'
): string {
	const bytes = new WrappedJoinRequest({ joinRequest: inner, compression }).toBinary();
	const text = Buffer.from(bytes).toString('base64');
	return alphabet === 'base64' ? text : text.replace(/\+/g, '-').replace(/\//g, '_');
}

function decoded(param: string | null): JoinRequest {
	const result = decodeJoinRequest(param);
	if (!result.ok) throw new Error(result.message);
	return result.request;
}

describe('decodeJoinRequest', () => {
	it('reads a plain and a gzipped join request, in either base64 alphabet, padded or not', () => {
		const plain = wrap(request.toBinary());
		const gzipped = wrap(gzipSync(request.toBinary()), WrappedJoinRequest_Compression.GZIP);
		const standard = wrap(request.toBinary(), WrappedJoinRequest_Compression.NONE, 'base64');
		for (const param of [plain, gzipped, standard, plain.replace(/=+$/, '')]) {
			const read = decoded(param);
			expect(read.clientInfo?.protocol).toBe(16);
			expect(read.connectionSettings?.autoSubscribe).toBe(false);
			expect(read.publisherOffer?.sdp).toBe('v=0\r\n');
		}
	});

	it('refuses what is not a join request with LiveKit’s messages (400)', () => {
		const refusal = (param: string | null) => {
			const result = decodeJoinRequest(param);
			return result.ok ? 'accepted' : `${result.status} ${result.message}`;
		};
		expect(refusal(null)).toBe('400 join_request is required');
		expect(refusal('')).toBe('400 join_request is required');
		expect(refusal('not base64!')).toBe('400 cannot base64 decode wrapped join request');
		expect(refusal(Buffer.from([0xff, 0xff, 0xff]).toString('base64url'))).toBe(
			'400 cannot unmarshal wrapped join request'
		);
		expect(refusal(wrap(new Uint8Array([0xff, 0xff, 0xff])))).toBe(
			'400 cannot unmarshal join request'
		);
		expect(refusal(wrap(new Uint8Array([1, 2, 3, 4]), WrappedJoinRequest_Compression.GZIP))).toBe(
			'400 cannot read decompressed join request'
		);
		// A small gzip that inflates past the limit is stopped while inflating.
		const bomb = gzipSync(Buffer.alloc(MAX_JOIN_REQUEST_BYTES + 1));
		expect(refusal(wrap(bomb, WrappedJoinRequest_Compression.GZIP))).toBe(
			'400 join request too large'
		);
	});
});

describe('singlePcInit', () => {
	const base: ParticipantInit = {
		identity: 'alice',
		name: 'Alice',
		metadata: 'from token',
		attributes: { role: 'member' },
		grant: { canUpdateOwnMetadata: false } as ParticipantInit['grant'],
		autoSubscribe: true,
		clientProtocol: 0
	};

	it('takes auto-subscribe and the protocol from the join request, on one connection', () => {
		const result = singlePcInit(base, request);
		expect(result).toMatchObject({
			ok: true,
			init: {
				autoSubscribe: false,
				clientProtocol: 16,
				metadata: 'from token',
				singlePeerConnection: true
			}
		});
	});

	it('lets metadata and attributes from the join request in only with canUpdateOwnMetadata', () => {
		const asking = new JoinRequest({
			metadata: 'mine',
			participantAttributes: { mood: 'calm', role: '' }
		});
		expect(singlePcInit(base, asking)).toEqual({
			ok: false,
			status: 401,
			message: 'permissions denied'
		});
		const allowed = { ...base, grant: { canUpdateOwnMetadata: true } as ParticipantInit['grant'] };
		const result = singlePcInit(allowed, asking);
		// An empty value never removes an attribute of the token.
		expect(result).toMatchObject({
			ok: true,
			init: { metadata: 'mine', attributes: { role: 'member', mood: 'calm' } }
		});
	});
});

describe('/rtc/v1 at the door', () => {
	let media: Awaited<ReturnType<typeof startMediaServer>>;
	const grant = { roomJoin: true, room: 'v1-door' };

	beforeAll(async () => {
		media = await startMediaServer({}, { singlePeerConnection: true });
	});

	afterAll(async () => {
		await media.close();
	});

	async function validate(query: string) {
		const response = await fetch(`http://${media.base}/rtc/v1/validate?${query}`);
		return {
			status: response.status,
			cors: response.headers.get('access-control-allow-origin'),
			body: await response.text()
		};
	}

	/** The status and body an /rtc/v1 upgrade gets (101 when a socket opens). */
	function upgrade(query: string): Promise<{ status: number; body: string }> {
		return new Promise((resolve, reject) => {
			const socket = new WebSocket(`ws://${media.base}/rtc/v1?${query}`);
			socket.on('upgrade', () => {
				socket.close();
				resolve({ status: 101, body: '' });
			});
			socket.on('unexpected-response', (_req, res) => {
				let body = '';
				res.on('data', (chunk: Buffer) => (body += chunk.toString()));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
			});
			socket.on('error', (error) => {
				if (!/Unexpected server response/.test(error.message)) reject(error);
			});
		});
	}

	it('checks the token first, then the join request, on validate and on the upgrade', async () => {
		const token = await mint('alice', grant);
		const joinRequest = wrap(request.toBinary());
		expect(await validate(`access_token=forged&join_request=${joinRequest}`)).toMatchObject({
			status: 401,
			cors: '*'
		});
		expect(await validate(`access_token=${token}`)).toEqual({
			status: 400,
			cors: '*',
			body: 'join_request is required'
		});
		expect(await validate(`access_token=${token}&join_request=${joinRequest}`)).toEqual({
			status: 200,
			cors: '*',
			body: 'success'
		});
		expect((await upgrade(`access_token=forged&join_request=${joinRequest}`)).status).toBe(401);
		expect(await upgrade(`access_token=${token}&join_request=%%%`)).toEqual({
			status: 400,
			body: 'cannot base64 decode wrapped join request'
		});
		expect((await upgrade(`access_token=${token}&join_request=${joinRequest}`)).status).toBe(101);
	});

	it('answers 404 to both when the single peer connection is off, as before it existed', async () => {
		const off = await startMediaServer();
		try {
			const token = await mint('alice', grant);
			const joinRequest = wrap(request.toBinary());
			const response = await fetch(
				`http://${off.base}/rtc/v1/validate?access_token=${token}&join_request=${joinRequest}`
			);
			expect(response.status).toBe(404);
			expect(response.headers.get('access-control-allow-origin')).toBe('*');
			const socket = new WebSocket(
				`ws://${off.base}/rtc/v1?access_token=${token}&join_request=${joinRequest}`
			);
			const status = await new Promise<number>((resolve) => {
				socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
				socket.on('upgrade', () => resolve(101));
				socket.on('error', () => undefined);
			});
			expect(status).toBe(404);
		} finally {
			await off.close();
		}
	});
});
