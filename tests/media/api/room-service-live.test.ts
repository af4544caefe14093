// The RoomService and the webhooks against the real media server (MediaServer with its
// RoomManager): people join over the /rtc signalling socket, one publishes a microphone track from
// a werift peer connection, and every RoomServiceClient call acts on them — what they see arrives
// on their signalling sockets, and the webhooks arrive signed at a local endpoint.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	AddTrackRequest,
	DataPacket_Kind,
	DisconnectReason,
	ParticipantInfo_State,
	SessionDescription,
	SignalRequest,
	SignalResponse,
	TrackSource,
	TrackType
} from '@livekit/protocol';
import { AccessToken, RoomServiceClient, TwirpError, WebhookReceiver } from 'livekit-server-sdk';
import pino from 'pino';
import { RTCPeerConnection } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MediaServer } from '../../../server/media/media-server';
import { createRoomServiceHandler } from '../../../server/media/twirp';
import { WebhookNotifier } from '../../../server/media/webhooks';
import { addMicrophone } from '../native-signal-peer';

const keys = { apiKey: 'APIlivetest01', apiSecret: 'live-test-secret-long-enough-for-hs256-00' };
const log = pino({ level: 'silent' });
const webhookReceiver = new WebhookReceiver(keys.apiKey, keys.apiSecret);

type SignalCase = NonNullable<SignalResponse['message']['case']>;
type SignalValue<C extends SignalCase> = Extract<SignalResponse['message'], { case: C }>['value'];

/** A signalling client speaking binary protobuf over /rtc, as livekit-client does. */
class SignalClient {
	private readonly received: SignalResponse['message'][] = [];
	private readonly waiters: Array<() => void> = [];
	closed = false;

	private constructor(readonly socket: WebSocket) {
		socket.on('message', (data: Buffer) => {
			this.received.push(SignalResponse.fromBinary(new Uint8Array(data)).message);
			for (const wake of this.waiters.splice(0)) wake();
		});
		socket.on('close', () => {
			this.closed = true;
			for (const wake of this.waiters.splice(0)) wake();
		});
	}

	static async join(baseUrl: string, identity: string, room: string): Promise<SignalClient> {
		const token = new AccessToken(keys.apiKey, keys.apiSecret, { identity, name: identity });
		token.addGrant({ roomJoin: true, room });
		const url = `${baseUrl}/rtc?access_token=${await token.toJwt()}&protocol=16&auto_subscribe=1`;
		const socket = new WebSocket(url);
		const client = new SignalClient(socket);
		await client.next('join');
		return client;
	}

	/** The next message of that kind (skipping others), waiting for it if needed. */
	async next<C extends SignalCase>(
		kind: C,
		accept: (value: SignalValue<C>) => boolean = () => true
	): Promise<SignalValue<C>> {
		const matches = (message: SignalResponse['message']) =>
			message.case === kind && accept(message.value as SignalValue<C>);
		for (;;) {
			const index = this.received.findIndex(matches);
			if (index >= 0) return this.received.splice(index, 1)[0]!.value as SignalValue<C>;
			if (this.closed) throw new Error(`socket closed before a ${kind} message`);
			await new Promise<void>((resolve) => this.waiters.push(resolve));
		}
	}

	send(message: SignalRequest['message']): void {
		this.socket.send(new SignalRequest({ message }).toBinary());
	}

	close(): void {
		this.socket.close();
	}
}

/** Webhook events as WebhookReceiver reads them, awaited by name. */
class WebhookInbox {
	private readonly events: Array<{
		event: string;
		identity?: string;
		room?: string;
		trackSid?: string;
	}> = [];
	private readonly waiters: Array<() => void> = [];
	readonly server: Server;
	url = '';

	constructor() {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const body = Buffer.concat(chunks).toString('utf8');
				webhookReceiver.receive(body, req.headers.authorization).then(
					(event) => {
						this.events.push({
							event: event.event,
							room: event.room?.name,
							identity: event.participant?.identity,
							trackSid: event.track?.sid
						});
						for (const wake of this.waiters.splice(0)) wake();
						res.writeHead(200).end();
					},
					() => res.writeHead(401).end()
				);
			});
		});
	}

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/livekit/webhook`;
	}

	async take(event: string, identity?: string): Promise<{ room?: string; trackSid?: string }> {
		for (;;) {
			const index = this.events.findIndex(
				(entry) => entry.event === event && (identity === undefined || entry.identity === identity)
			);
			if (index >= 0) return this.events.splice(index, 1)[0]!;
			await new Promise<void>((resolve) => this.waiters.push(resolve));
		}
	}
}

let media: MediaServer;
let webhooks: WebhookNotifier;
let inbox: WebhookInbox;
let client: RoomServiceClient;
let wsUrl: string;
const peers: RTCPeerConnection[] = [];

beforeAll(async () => {
	inbox = new WebhookInbox();
	await inbox.start();
	webhooks = new WebhookNotifier({ url: inbox.url, keys, log, retryDelayMs: 20 });
	media = new MediaServer({
		keys,
		log,
		network: {},
		limits: { maxParticipantsPerRoom: 10, maxTracksPerParticipant: 4, emptyTimeoutSeconds: 300 },
		webhooks,
		twirp: (rooms) => createRoomServiceHandler({ backend: rooms, keys, log })
	});
	const port = await media.listen(0, '127.0.0.1');
	client = new RoomServiceClient(`http://127.0.0.1:${port}`, keys.apiKey, keys.apiSecret);
	wsUrl = `ws://127.0.0.1:${port}`;
});

afterAll(async () => {
	for (const peer of peers) await peer.close();
	await media.close();
	await webhooks.stop(2_000);
	inbox.server.closeAllConnections();
	await new Promise((resolve) => inbox.server.close(resolve));
});

/** Publishes a microphone track: addTrack, then a real werift offer whose msid names its cid. */
async function publishMicrophone(signal: SignalClient): Promise<string> {
	const peer = new RTCPeerConnection();
	peers.push(peer);
	const { track, request } = addMicrophone(peer);
	signal.send(request);
	const published = await signal.next('trackPublished', (value) => value.cid === track.id);
	const offer = await peer.createOffer();
	await peer.setLocalDescription(offer);
	signal.send({
		case: 'offer',
		value: new SessionDescription({ type: 'offer', sdp: peer.localDescription!.sdp, id: 1 })
	});
	await signal.next('answer');
	return published.track!.sid;
}

async function failure(call: Promise<unknown>): Promise<{ status: number; code?: string }> {
	try {
		await call;
	} catch (error) {
		if (error instanceof TwirpError) return { status: error.status, code: error.code };
		throw error;
	}
	throw new Error('the call succeeded');
}

describe('RoomService on the real media server', () => {
	it('acts on rooms and participants joined over /rtc, and sends the webhooks', async () => {
		const created = await client.createRoom({ name: 'co-1:hall', metadata: 'morning' });
		expect(created).toMatchObject({ name: 'co-1:hall', metadata: 'morning' });
		expect(await inbox.take('room_started')).toMatchObject({ room: 'co-1:hall' });

		const alice = await SignalClient.join(wsUrl, 'alice', 'co-1:hall');
		await inbox.take('participant_joined', 'alice');
		const bob = await SignalClient.join(wsUrl, 'bob', 'co-1:hall');
		await inbox.take('participant_joined', 'bob');
		expect((await client.listRooms(['co-1:hall']))[0]?.numParticipants).toBe(2);
		expect((await client.listParticipants('co-1:hall')).map((p) => p.identity).sort()).toEqual([
			'alice',
			'bob'
		]);

		// A participant's new metadata reaches everyone, the participant included.
		const updated = await client.updateParticipant('co-1:hall', 'alice', {
			metadata: '{"house":"Moulin"}',
			attributes: { hand: 'raised' }
		});
		expect(updated).toMatchObject({ identity: 'alice', metadata: '{"house":"Moulin"}' });
		expect(updated.attributes).toEqual({ hand: 'raised' });
		const seenByBob = await bob.next('update', (update) =>
			update.participants.some((p) => p.identity === 'alice' && p.metadata === '{"house":"Moulin"}')
		);
		expect(seenByBob.participants[0]?.attributes).toEqual({ hand: 'raised' });
		await alice.next('update', (update) =>
			update.participants.some((p) => p.identity === 'alice' && p.metadata === '{"house":"Moulin"}')
		);

		// A published track can be muted by the server; its owner is told.
		const trackSid = await publishMicrophone(alice);
		expect(await inbox.take('track_published', 'alice')).toMatchObject({ trackSid });
		expect((await client.getParticipant('co-1:hall', 'alice')).tracks.map((t) => t.sid)).toEqual([
			trackSid
		]);
		const muted = await client.mutePublishedTrack('co-1:hall', 'alice', trackSid, true);
		expect(muted).toMatchObject({ sid: trackSid, muted: true });
		expect(await alice.next('mute')).toMatchObject({ sid: trackSid, muted: true });
		expect((await client.getParticipant('co-1:hall', 'alice')).tracks[0]?.muted).toBe(true);
		expect(await failure(client.mutePublishedTrack('co-1:hall', 'alice', 'TR_none', true))).toEqual(
			{
				status: 404,
				code: 'not_found'
			}
		);

		await client.updateSubscriptions('co-1:hall', 'bob', [trackSid], false);
		await client.sendData(
			'co-1:hall',
			new TextEncoder().encode('hello'),
			DataPacket_Kind.RELIABLE,
			{
				destinationIdentities: ['bob']
			}
		);

		const room = await client.updateRoomMetadata('co-1:hall', 'afternoon');
		expect(room.metadata).toBe('afternoon');
		expect((await bob.next('roomUpdate')).room?.metadata).toBe('afternoon');

		// Removing bob: he is told to leave, the others see him go, the webhook says so.
		await client.removeParticipant('co-1:hall', 'bob');
		expect((await bob.next('leave')).reason).toBe(DisconnectReason.PARTICIPANT_REMOVED);
		await alice.next('update', (update) =>
			update.participants.some(
				(p) => p.identity === 'bob' && p.state === ParticipantInfo_State.DISCONNECTED
			)
		);
		await inbox.take('participant_left', 'bob');
		expect((await client.listParticipants('co-1:hall')).map((p) => p.identity)).toEqual(['alice']);
		expect(await failure(client.getParticipant('co-1:hall', 'bob'))).toEqual({
			status: 404,
			code: 'not_found'
		});

		// Deleting the room sends everyone away and finishes it.
		await client.deleteRoom('co-1:hall');
		expect((await alice.next('leave')).reason).toBe(DisconnectReason.ROOM_DELETED);
		await inbox.take('track_unpublished', 'alice');
		await inbox.take('participant_left', 'alice');
		await inbox.take('room_finished');
		expect(await client.listRooms()).toEqual([]);
		expect(await client.listParticipants('co-1:hall')).toEqual([]);
		alice.close();
		bob.close();
	});

	it('has a participant apply a new permission: its tracks go when it may no longer publish', async () => {
		const carol = await SignalClient.join(wsUrl, 'carol', 'co-1:stage');
		await inbox.take('participant_joined', 'carol');
		const trackSid = await publishMicrophone(carol);
		expect(await inbox.take('track_published', 'carol')).toMatchObject({ trackSid });

		const updated = await client.updateParticipant('co-1:stage', 'carol', {
			permission: { canPublish: false, canSubscribe: true, canPublishData: true }
		});
		expect(updated.permission).toMatchObject({ canPublish: false, canSubscribe: true });
		expect(updated.tracks).toEqual([]);
		expect((await carol.next('trackUnpublished')).trackSid).toBe(trackSid);
		expect(await inbox.take('track_unpublished', 'carol')).toMatchObject({ trackSid });
		await carol.next('update', (update) =>
			update.participants.some((p) => p.identity === 'carol' && p.permission?.canPublish === false)
		);
		// What it may not publish is refused from now on.
		carol.send({
			case: 'addTrack',
			value: new AddTrackRequest({
				cid: 'camera-after',
				name: 'camera',
				type: TrackType.VIDEO,
				source: TrackSource.CAMERA
			})
		});
		expect((await carol.next('requestResponse')).message).toContain('not allowed to publish');
		carol.close();
	});
});
