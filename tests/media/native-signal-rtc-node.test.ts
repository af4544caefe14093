// @livekit/rtc-node 1.1.0 (the Rust core shared by LiveKit's Node, Python and Rust SDKs and so by
// LiveKit Agents) against the embedded media server, where no media is needed: connecting with
// the token in a Bearer header, seeing each other, attributes set by the SDK, RoomService, and a
// dropped signalling socket, after which the SDK joins again cleanly.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dispose, Room, RoomEvent, type RemoteParticipant } from '@livekit/rtc-node';
import { AccessToken, RoomServiceClient, type VideoGrant } from 'livekit-server-sdk';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaServer } from '../../server/media/media-server';
import { createRoomServiceHandler } from '../../server/media/twirp';

const keys = { apiKey: 'APIrtcnode01', apiSecret: 'rtc-node-test-secret-long-enough-hs256-0' };
const log = pino({ level: 'silent' });
let media: MediaServer;
let port: number;
let service: RoomServiceClient;

/** A TCP relay in front of the media server whose connections a test can cut. */
class Relay {
	readonly sockets = new Set<Socket>();
	private readonly server: Server;
	port = 0;

	constructor(target: number) {
		this.server = createServer((client) => {
			const upstream = connect(target, '127.0.0.1');
			client.pipe(upstream).pipe(client);
			for (const socket of [client, upstream]) {
				this.sockets.add(socket);
				socket.on('error', () => undefined);
				socket.on('close', () => {
					this.sockets.delete(socket);
					client.destroy();
					upstream.destroy();
				});
			}
		});
	}

	async listen(): Promise<void> {
		await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
		const address = this.server.address();
		this.port = typeof address === 'object' && address ? address.port : 0;
	}

	/** Cuts every connection going through, as a network drop would. */
	cut(): void {
		for (const socket of this.sockets) socket.destroy();
	}

	async close(): Promise<void> {
		this.cut();
		await new Promise<void>((done) => this.server.close(() => done()));
	}
}

beforeAll(async () => {
	media = new MediaServer({
		keys,
		log,
		network: {},
		// /rtc/v1 (off in the media process for now): the SDK's first choice, a resume included.
		singlePeerConnection: true,
		limits: { maxParticipantsPerRoom: 10, maxTracksPerParticipant: 4, emptyTimeoutSeconds: 60 },
		twirp: (rooms) => createRoomServiceHandler({ backend: rooms, keys, log })
	});
	port = await media.listen(0, '127.0.0.1');
	service = new RoomServiceClient(`http://127.0.0.1:${port}`, keys.apiKey, keys.apiSecret);
});

afterAll(async () => {
	await media.close();
	await dispose();
});

async function token(identity: string, grant: VideoGrant): Promise<string> {
	const accessToken = new AccessToken(keys.apiKey, keys.apiSecret, { identity, name: identity });
	accessToken.addGrant(grant);
	return accessToken.toJwt();
}

/** Resolves with the arguments of the first `event` that `accept` takes. */
function once<A extends unknown[]>(
	room: Room,
	event: RoomEvent,
	accept: (...args: A) => boolean = () => true
): Promise<A> {
	return new Promise((resolve) => {
		const listener = (...args: A) => {
			if (!accept(...args)) return;
			room.off(event, listener as never);
			resolve(args);
		};
		room.on(event, listener as never);
	});
}

describe('@livekit/rtc-node', () => {
	it('joins, sets its attributes, is listed, and joins again after its socket drops', async () => {
		const relay = new Relay(port);
		await relay.listen();
		const agent = new Room();
		const viewer = new Room();
		try {
			const roomName = 'stand-up';
			await viewer.connect(
				`ws://127.0.0.1:${port}`,
				await token('viewer', { roomJoin: true, room: roomName })
			);
			const agentSeen = once<[RemoteParticipant]>(
				viewer,
				RoomEvent.ParticipantConnected,
				(participant) => participant.identity === 'agent'
			);
			await agent.connect(
				`ws://127.0.0.1:${relay.port}`,
				await token('agent', { roomJoin: true, room: roomName, canUpdateOwnMetadata: true })
			);
			await agentSeen;
			expect([...agent.remoteParticipants.values()].map((p) => p.identity)).toEqual(['viewer']);

			// Attributes set by the SDK reach the others.
			const changed = once<[Record<string, string>, { identity: string }]>(
				viewer,
				RoomEvent.ParticipantAttributesChanged,
				(_changes, participant) => participant.identity === 'agent'
			);
			await agent.localParticipant!.setAttributes({ 'lk.agent.state': 'listening' });
			expect((await changed)[0]).toEqual({ 'lk.agent.state': 'listening' });
			// Without canUpdateOwnMetadata the server refuses (rtc-node 1.1.0 does not reject the
			// promise; the viewer's attributes are checked on the server further down).
			await viewer.localParticipant!.setAttributes({ mood: 'sneaky' });

			expect((await service.listParticipants(roomName)).map((p) => p.identity).sort()).toEqual([
				'agent',
				'viewer'
			]);

			// The agent's signalling socket drops: the server lets it go at once, the SDK tries to
			// resume, is told to join again, and does.
			const left = once<[RemoteParticipant]>(
				viewer,
				RoomEvent.ParticipantDisconnected,
				(participant) => participant.identity === 'agent'
			);
			const back = once<[RemoteParticipant]>(
				viewer,
				RoomEvent.ParticipantConnected,
				(participant) => participant.identity === 'agent'
			);
			const reconnected = once(agent, RoomEvent.Reconnected);
			relay.cut();
			await left;
			await back;
			await reconnected;
			expect((await service.listParticipants(roomName)).map((p) => p.identity).sort()).toEqual([
				'agent',
				'viewer'
			]);
			// The new session works: attributes set now arrive too.
			const again = once<[Record<string, string>, { identity: string }]>(
				viewer,
				RoomEvent.ParticipantAttributesChanged,
				(changes, participant) =>
					participant.identity === 'agent' && changes['lk.agent.state'] === 'thinking'
			);
			await agent.localParticipant!.setAttributes({ 'lk.agent.state': 'thinking' });
			await again;
			expect((await service.getParticipant(roomName, 'viewer')).attributes).toEqual({});
			// Every join, the one after the drop too, took /rtc/v1: one peer connection, no fallback.
			const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as {
				singlePeerConnectionJoins: number;
			};
			expect(status.singlePeerConnectionJoins).toBe(3);

			// Leaving is seen by the others.
			const gone = once<[RemoteParticipant]>(
				viewer,
				RoomEvent.ParticipantDisconnected,
				(participant) => participant.identity === 'agent'
			);
			await agent.disconnect();
			await gone;
			expect((await service.listParticipants(roomName)).map((p) => p.identity)).toEqual(['viewer']);
		} finally {
			await agent.disconnect().catch(() => undefined);
			await viewer.disconnect().catch(() => undefined);
			await relay.close();
		}
	}, 60_000);
});
