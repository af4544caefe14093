// A media server on a loopback port and a bare LiveKit signalling client (ws + protobuf), for the
// signalling tests. The client does what livekit-client does on the wire, nothing more.
import { SignalRequest, SignalResponse } from '@livekit/protocol';
import { AccessToken, type VideoGrant } from 'livekit-server-sdk';
import pino from 'pino';
import WebSocket from 'ws';
import { MediaServer } from '../../server/media/media-server';
import type { RoomLimits } from '../../server/media/room';

export const keys = {
	apiKey: 'APIsignaltest1',
	apiSecret: 'signal-test-secret-long-enough-for-hs256'
};

export async function startMediaServer(
	limits: Partial<RoomLimits> = {},
	options: { singlePeerConnection?: boolean } = {}
): Promise<{ server: MediaServer; base: string; close: () => Promise<void> }> {
	const server = new MediaServer({
		...options,
		keys,
		log: pino({ level: 'silent' }),
		network: {},
		limits: {
			maxParticipantsPerRoom: 10,
			maxTracksPerParticipant: 4,
			emptyTimeoutSeconds: 60,
			...limits
		}
	});
	const port = await server.listen(0, '127.0.0.1');
	return { server, base: `127.0.0.1:${port}`, close: () => server.close() };
}

export async function mint(
	identity: string,
	grant: VideoGrant,
	options: { ttl?: string | number; secret?: string; name?: string; metadata?: string } = {}
): Promise<string> {
	const token = new AccessToken(keys.apiKey, options.secret ?? keys.apiSecret, {
		identity,
		name: options.name,
		metadata: options.metadata,
		ttl: options.ttl ?? '1h'
	});
	token.addGrant(grant);
	return token.toJwt();
}

type Case = NonNullable<SignalResponse['message']['case']>;
type ValueOf<C extends Case> = Extract<SignalResponse['message'], { case: C }>['value'];

/** One signalling connection; responses are queued until a test takes them. */
export class SignalClient {
	private readonly queue: SignalResponse[] = [];
	private waiters: Array<() => void> = [];
	readonly closed: Promise<{ code: number; reason: string }>;

	private constructor(readonly ws: WebSocket) {
		ws.on('message', (data: Buffer) => {
			this.queue.push(SignalResponse.fromBinary(new Uint8Array(data)));
			for (const wake of this.waiters.splice(0)) wake();
		});
		this.closed = new Promise((done) =>
			ws.once('close', (code, reason) => {
				done({ code, reason: reason.toString() });
				for (const wake of this.waiters.splice(0)) wake();
			})
		);
	}

	/** Opens /rtc like livekit-client's fallback path; rejects with the HTTP status if refused. */
	static connect(
		base: string,
		token: string,
		query = 'auto_subscribe=1&sdk=js&protocol=16',
		options: WebSocket.ClientOptions = {}
	): Promise<SignalClient> {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(`ws://${base}/rtc?access_token=${token}&${query}`, options);
			ws.once('open', () => resolve(new SignalClient(ws)));
			ws.once('unexpected-response', (_req, res) => {
				let body = '';
				res.on('data', (chunk: Buffer) => (body += chunk.toString()));
				res.on('end', () =>
					reject(Object.assign(new Error(body.trim()), { status: res.statusCode }))
				);
			});
			ws.once('error', reject);
		});
	}

	/** Joins and returns the JoinResponse. */
	static async join(base: string, token: string, options: WebSocket.ClientOptions = {}) {
		const client = await SignalClient.connect(base, token, undefined, options);
		const join = await client.next('join');
		return { client, join };
	}

	send(message: SignalRequest['message']): void {
		this.ws.send(new SignalRequest({ message }).toBinary());
	}

	/**
	 * The next response of that kind (earlier ones of other kinds are kept), optionally the first
	 * that `match` accepts. Rejects if the socket closes first.
	 */
	async next<C extends Case>(
		kind: C,
		match: (value: ValueOf<C>) => boolean = () => true
	): Promise<ValueOf<C>> {
		for (;;) {
			const index = this.queue.findIndex(
				(response) => response.message.case === kind && match(response.message.value as ValueOf<C>)
			);
			if (index !== -1) {
				const [response] = this.queue.splice(index, 1);
				return response.message.value as ValueOf<C>;
			}
			if (this.ws.readyState === WebSocket.CLOSED) {
				throw new Error(`socket closed before a ${kind} arrived`);
			}
			await new Promise<void>((wake) => this.waiters.push(wake));
		}
	}

	close(): void {
		this.ws.close();
	}
}
