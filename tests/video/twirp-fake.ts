// A small stand-in for the media server's RoomService API (Twirp over JSON), enough for the
// real RoomServiceClient: it checks the caller's token like LiveKit and answers from a list of
// rooms and participants the test controls. It records every call it receives.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from 'livekit-server-sdk';

export type FakeParticipant = {
	sid: string;
	identity: string;
	name?: string;
	metadata?: string;
	joinedAt?: number;
	tracks?: Array<{ sid: string; source: 'CAMERA' | 'MICROPHONE'; muted?: boolean }>;
};

export class FakeRoomService {
	/** Room name → participants in it. */
	readonly rooms = new Map<string, FakeParticipant[]>();
	readonly calls: Array<{ method: string; body: Record<string, unknown> }> = [];
	private server: Server | undefined;
	url = '';

	constructor(private readonly keys: { apiKey: string; apiSecret: string }) {}

	async start(): Promise<void> {
		const verifier = new TokenVerifier(this.keys.apiKey, this.keys.apiSecret);
		this.server = createServer((req, res) => {
			let raw = '';
			req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
			req.on('end', async () => {
				const reply = (status: number, body: unknown) => {
					res.writeHead(status, { 'content-type': 'application/json' });
					res.end(JSON.stringify(body));
				};
				const method = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(req.url ?? '')?.[1];
				if (!method) return reply(404, { code: 'bad_route', msg: 'no such method' });
				try {
					const claims = await verifier.verify(
						(req.headers.authorization ?? '').replace(/^Bearer /, '')
					);
					const grant = claims.video;
					if (!grant?.roomAdmin && !grant?.roomList && !grant?.roomCreate)
						throw new Error('no grant');
				} catch {
					return reply(401, { code: 'unauthenticated', msg: 'invalid token' });
				}
				const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
				this.calls.push({ method, body });
				reply(...this.answer(method, body));
			});
		});
		await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	private participantJson(p: FakeParticipant) {
		return {
			sid: p.sid,
			identity: p.identity,
			name: p.name ?? p.identity,
			metadata: p.metadata ?? '',
			state: 'ACTIVE',
			joinedAt: String(p.joinedAt ?? Math.floor(Date.now() / 1000)),
			tracks: (p.tracks ?? []).map((t) => ({
				sid: t.sid,
				type: t.source === 'CAMERA' ? 'VIDEO' : 'AUDIO',
				source: t.source,
				muted: t.muted ?? false
			}))
		};
	}

	private answer(method: string, body: Record<string, unknown>): [number, unknown] {
		const room = typeof body.room === 'string' ? body.room : '';
		const notFound: [number, unknown] = [404, { code: 'not_found', msg: 'not found' }];
		switch (method) {
			case 'ListRooms':
				return [
					200,
					{ rooms: [...this.rooms.keys()].map((name) => ({ sid: `RM_${name}`, name })) }
				];
			case 'ListParticipants': {
				const people = this.rooms.get(room);
				return people
					? [200, { participants: people.map((p) => this.participantJson(p)) }]
					: notFound;
			}
			case 'GetParticipant': {
				const person = this.rooms.get(room)?.find((p) => p.identity === body.identity);
				return person ? [200, this.participantJson(person)] : notFound;
			}
			case 'MutePublishedTrack': {
				const person = this.rooms.get(room)?.find((p) => p.identity === body.identity);
				const track = person?.tracks?.find((t) => t.sid === body.trackSid);
				if (!track) return notFound;
				track.muted = body.muted === true;
				return [200, { track: { sid: track.sid, muted: track.muted } }];
			}
			case 'RemoveParticipant': {
				const people = this.rooms.get(room);
				const index = people?.findIndex((p) => p.identity === body.identity) ?? -1;
				if (!people || index < 0) return notFound;
				people.splice(index, 1);
				return [200, {}];
			}
			case 'SendData':
				return this.rooms.has(room) ? [200, {}] : notFound;
			case 'DeleteRoom':
				this.rooms.delete(room);
				return [200, {}];
			default:
				return [404, { code: 'bad_route', msg: `unknown method ${method}` }];
		}
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((done) => this.server?.close(() => done()) ?? done());
	}
}
