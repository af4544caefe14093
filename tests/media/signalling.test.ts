// LiveKit signalling of the embedded media server over a real loopback socket: joining, seeing
// others come and go, ping/pong, duplicate identities, permissions, limits, and frames that
// make no sense — which close that one socket and nothing else.
import { randomBytes } from 'node:crypto';
import {
	AddTrackRequest,
	DisconnectReason,
	LeaveRequest,
	LeaveRequest_Action,
	ParticipantInfo_State,
	Ping,
	RequestResponse_Reason,
	ServerInfo_Edition,
	TrackSource,
	TrackType,
	UpdateParticipantMetadata,
	type ParticipantUpdate
} from '@livekit/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RTCPeerConnection } from 'werift';
import { MAX_SIGNAL_FRAME_BYTES } from '../../server/media/media-server';
import { mint, SignalClient, startMediaServer } from './support';

let media: Awaited<ReturnType<typeof startMediaServer>>;
let room = 0;
/** A fresh room name per test, so tests do not see each other's participants. */
const newRoom = () => `room-${++room}`;

beforeAll(async () => {
	media = await startMediaServer({ maxParticipantsPerRoom: 3, maxTracksPerParticipant: 2 });
});
afterAll(async () => {
	await media.close();
});

const join = async (
	identity: string,
	roomName: string,
	extra: Record<string, unknown> = {},
	options = {}
) =>
	SignalClient.join(
		media.base,
		await mint(identity, { roomJoin: true, room: roomName, ...extra }, options)
	);

const about = (identity: string, state?: ParticipantInfo_State) => (update: ParticipantUpdate) =>
	update.participants.some(
		(participant) =>
			participant.identity === identity && (state === undefined || participant.state === state)
	);

describe('joining a room', () => {
	it('answers with the room, the participant, the others, server info and ping settings', async () => {
		const name = newRoom();
		const { client: alice, join: aliceJoin } = await join(
			'alice',
			name,
			{},
			{ name: 'Alice', metadata: '{"house":"Crest"}' }
		);
		expect(aliceJoin.room?.name).toBe(name);
		expect(aliceJoin.room?.sid).toMatch(/^RM_/);
		expect(aliceJoin.participant).toMatchObject({
			identity: 'alice',
			name: 'Alice',
			metadata: '{"house":"Crest"}'
		});
		expect(aliceJoin.participant?.sid).toMatch(/^PA_/);
		expect(aliceJoin.otherParticipants).toEqual([]);
		expect(aliceJoin.serverInfo).toMatchObject({
			edition: ServerInfo_Edition.Standard,
			protocol: 16
		});
		expect(aliceJoin.serverInfo?.version).toMatch(/^\d+\.\d+\.\d+$/);
		expect(aliceJoin.pingInterval).toBeGreaterThan(0);
		expect(aliceJoin.pingTimeout).toBeGreaterThan(aliceJoin.pingInterval);
		expect(aliceJoin.subscriberPrimary).toBe(false);

		const { client: bob, join: bobJoin } = await join('bob', name);
		expect(bobJoin.otherParticipants.map((participant) => participant.identity)).toEqual(['alice']);
		const arrival = await alice.next('update', about('bob'));
		const bobInfo = arrival.participants.find((participant) => participant.identity === 'bob')!;
		expect(bobInfo.sid).toBe(bobJoin.participant?.sid);

		// Bob leaves: Alice is told, with a version above the one she had.
		bob.send({
			case: 'leave',
			value: new LeaveRequest({ reason: DisconnectReason.CLIENT_INITIATED })
		});
		const departure = await alice.next('update', about('bob', ParticipantInfo_State.DISCONNECTED));
		expect(departure.participants[0].version).toBeGreaterThanOrEqual(bobInfo.version);
		expect((await bob.closed).code).toBe(1000);
		alice.close();
	});

	it('answers ping with pong and pingReq with pongResp', async () => {
		const { client } = await join('pinger', newRoom());
		client.send({ case: 'ping', value: 1234n });
		expect(await client.next('pong')).toBeGreaterThan(0n);
		client.send({ case: 'pingReq', value: new Ping({ timestamp: 5678n, rtt: 3n }) });
		expect((await client.next('pongResp')).lastPingTimestamp).toBe(5678n);
		client.close();
	});

	it('replaces the older session when the same identity joins again', async () => {
		const name = newRoom();
		const { client: watcher } = await join('watcher', name);
		const { client: first, join: firstJoin } = await join('dup', name);
		await watcher.next('update', about('dup'));
		const { client: second, join: secondJoin } = await join('dup', name);

		const leave = await first.next('leave');
		expect(leave.reason).toBe(DisconnectReason.DUPLICATE_IDENTITY);
		await first.closed;
		const gone = await watcher.next('update', (update) =>
			update.participants.some(
				(p) =>
					p.sid === firstJoin.participant?.sid && p.state === ParticipantInfo_State.DISCONNECTED
			)
		);
		expect(gone.participants).toHaveLength(1);
		await watcher.next('update', (update) =>
			update.participants.some((p) => p.sid === secondJoin.participant?.sid)
		);
		expect(
			media.server.rooms
				.listParticipants(name)
				.map((p) => p.identity)
				.sort()
		).toEqual(['dup', 'watcher']);
		second.close();
		watcher.close();
	});

	it('keeps hidden participants out of what others see', async () => {
		const name = newRoom();
		const { client: visible } = await join('visible', name);
		const { client: hidden } = await join('observer', name, { hidden: true });
		const { join: lateJoin, client: late } = await join('late', name);
		expect(lateJoin.otherParticipants.map((p) => p.identity)).toEqual(['visible']);
		// Visible hears about "late" and never about the hidden observer before that.
		const update = await visible.next('update', about('late'));
		expect(update.participants.map((p) => p.identity)).not.toContain('observer');
		for (const client of [visible, hidden, late]) client.close();
	});

	it('refuses bad tokens at the upgrade with 401, before any socket opens', async () => {
		const name = newRoom();
		const forged = await mint(
			'mallory',
			{ roomJoin: true, room: name },
			{ secret: 'x'.repeat(40) }
		);
		await expect(SignalClient.connect(media.base, forged)).rejects.toMatchObject({ status: 401 });
		const expired = await mint('late', { roomJoin: true, room: name }, { ttl: -120 });
		await expect(SignalClient.connect(media.base, expired)).rejects.toMatchObject({ status: 401 });
		const noJoin = await mint('nojoin', { roomList: true, room: name });
		await expect(SignalClient.connect(media.base, noJoin)).rejects.toMatchObject({ status: 401 });
		await expect(SignalClient.connect(media.base, 'not-a-token')).rejects.toMatchObject({
			status: 401
		});
		expect(media.server.rooms.get(name)).toBeUndefined();
	});

	it('refuses a newcomer once the room is full, with a message saying so', async () => {
		const name = newRoom();
		const clients = [];
		for (const identity of ['one', 'two', 'three'])
			clients.push((await join(identity, name)).client);
		const token = await mint('four', { roomJoin: true, room: name });
		await expect(SignalClient.connect(media.base, token)).rejects.toMatchObject({
			status: 403,
			message: expect.stringContaining('room is full')
		});
		// The same identity may still come back: it replaces its own session.
		const again = await join('two', name);
		expect(again.join.participant?.identity).toBe('two');
		for (const client of [...clients, again.client]) client.close();
	});

	it('closes a room after its empty timeout', async () => {
		const short = await startMediaServer({ emptyTimeoutSeconds: 1 });
		try {
			const token = await mint('brief', { roomJoin: true, room: 'short-lived' });
			const { client } = await SignalClient.join(short.base, token);
			expect(short.server.rooms.get('short-lived')).toBeDefined();
			client.send({ case: 'leave', value: new LeaveRequest({}) });
			await client.closed;
			await vi.waitFor(() => expect(short.server.rooms.get('short-lived')).toBeUndefined(), {
				timeout: 5_000
			});
		} finally {
			await short.close();
		}
	});
});

describe('permissions and limits', () => {
	const addTrack = (cid: string, source: TrackSource, type = TrackType.VIDEO) =>
		({ case: 'addTrack', value: new AddTrackRequest({ cid, name: cid, type, source }) }) as const;

	it('publishes within the limits and refuses the track past them', async () => {
		const { client } = await join('publisher', newRoom());
		client.send(addTrack('cam', TrackSource.CAMERA));
		const published = await client.next('trackPublished');
		expect(published.cid).toBe('cam');
		expect(published.track?.sid).toMatch(/^TR_/);
		expect(published.track?.source).toBe(TrackSource.CAMERA);
		client.send(addTrack('mic', TrackSource.MICROPHONE, TrackType.AUDIO));
		expect((await client.next('trackPublished')).cid).toBe('mic');
		client.send(addTrack('screen', TrackSource.SCREEN_SHARE));
		const refused = await client.next('requestResponse');
		expect(refused.reason).toBe(RequestResponse_Reason.LIMIT_EXCEEDED);
		expect(refused.message).toContain('at most 2 tracks');
		client.close();
	});

	it('honours canPublish, canPublishSources and canUpdateOwnMetadata', async () => {
		const name = newRoom();
		const { client: viewer } = await join('viewer', name, { canPublish: false });
		viewer.send(addTrack('cam', TrackSource.CAMERA));
		expect((await viewer.next('requestResponse')).reason).toBe(RequestResponse_Reason.NOT_ALLOWED);

		const { client: speaker } = await join('speaker', name, {
			canPublishSources: [TrackSource.MICROPHONE],
			canUpdateOwnMetadata: true
		});
		speaker.send(addTrack('cam', TrackSource.CAMERA));
		expect((await speaker.next('requestResponse')).reason).toBe(RequestResponse_Reason.NOT_ALLOWED);
		speaker.send(addTrack('mic', TrackSource.MICROPHONE, TrackType.AUDIO));
		expect((await speaker.next('trackPublished')).cid).toBe('mic');

		speaker.send({
			case: 'updateMetadata',
			value: new UpdateParticipantMetadata({ name: 'Speaker', requestId: 7 })
		});
		expect(await speaker.next('requestResponse', (r) => r.requestId === 7)).toMatchObject({
			reason: RequestResponse_Reason.OK
		});
		const renamed = await viewer.next('update', (update) =>
			update.participants.some((p) => p.name === 'Speaker')
		);
		expect(renamed.participants[0].identity).toBe('speaker');

		viewer.send({
			case: 'updateMetadata',
			value: new UpdateParticipantMetadata({ name: 'Sneaky', requestId: 8 })
		});
		expect((await viewer.next('requestResponse', (r) => r.requestId === 8)).reason).toBe(
			RequestResponse_Reason.NOT_ALLOWED
		);
		viewer.close();
		speaker.close();
	});
});

describe('malformed frames', () => {
	async function bystanderStillServed(bystander: SignalClient) {
		bystander.send({ case: 'ping', value: 42n });
		expect(await bystander.next('pong')).toBeGreaterThan(0n);
	}

	it.each([
		['random bytes', (client: SignalClient) => client.ws.send(randomBytes(64)), 1007],
		['a text frame', (client: SignalClient) => client.ws.send('{"offer":{}}'), 1003],
		['an empty request', (client: SignalClient) => client.ws.send(new Uint8Array(0)), 1008],
		[
			'an answer with no offer',
			(client: SignalClient) =>
				client.send({ case: 'answer', value: { type: 'answer', sdp: 'v=0', id: 1 } as never }),
			1008
		],
		[
			'a trickle that is not JSON',
			(client: SignalClient) =>
				client.send({
					case: 'trickle',
					value: { candidateInit: '{not json', target: 0, final: false } as never
				}),
			1008
		],
		[
			'a frame over the size limit',
			(client: SignalClient) => client.ws.send(Buffer.alloc(MAX_SIGNAL_FRAME_BYTES + 1)),
			1009
		]
	])('closes the socket that sends %s and only that one', async (_what, sendBad, code) => {
		const name = newRoom();
		const { client: bystander } = await join('bystander', name);
		const { client: culprit } = await join('culprit', name);
		await bystander.next('update', about('culprit'));

		sendBad(culprit);
		expect((await culprit.closed).code).toBe(code);

		await bystander.next('update', about('culprit', ParticipantInfo_State.DISCONNECTED));
		await bystanderStillServed(bystander);
		expect(media.server.rooms.listParticipants(name).map((p) => p.identity)).toEqual(['bystander']);
		bystander.close();
	});
});

describe('reconnecting', () => {
	it('tells a client asking to resume to join again from scratch', async () => {
		const name = newRoom();
		const { client, join: joined } = await join('resumer', name);
		client.close();
		await client.closed;
		const token = await mint('resumer', { roomJoin: true, room: name });
		const again = await SignalClient.connect(
			media.base,
			token,
			`reconnect=1&sid=${joined.participant?.sid}&auto_subscribe=1&protocol=16`
		);
		const leave = await again.next('leave');
		expect(leave.action).toBe(LeaveRequest_Action.RECONNECT);
		expect(leave.canReconnect).toBe(true);
		await again.closed;
		// No ghost: the dropped session is gone, and nobody was added by the refused resume.
		expect(media.server.rooms.get(name)?.participants.size ?? 0).toBe(0);
	});
});

describe('a peer connection that fails', () => {
	it('asks its client to join again from scratch, and the others see it leave', async () => {
		const name = newRoom();
		const { client: bystander } = await join('bystander', name);
		const { client: failing } = await join('failing', name);
		await bystander.next('update', about('failing'));
		const participant = [...(media.server.rooms.get(name)?.participants.values() ?? [])].find(
			(candidate) => candidate.identity === 'failing'
		);
		const pc = (participant as unknown as { publisher: { pc: RTCPeerConnection } }).publisher.pc;
		// What werift says when it gives up: the DTLS handshake, or consent unanswered for 30 s.
		// The browser's side may still count the connection up, so nothing else would tell it.
		pc.connectionStateChange.execute('failed');

		const leave = await failing.next('leave');
		expect(leave.action).toBe(LeaveRequest_Action.RECONNECT);
		expect(leave.reason).toBe(DisconnectReason.MEDIA_FAILURE);
		expect(leave.canReconnect).toBe(true);
		await bystander.next('update', about('failing', ParticipantInfo_State.DISCONNECTED));
		expect(media.server.rooms.listParticipants(name).map((p) => p.identity)).toEqual(['bystander']);
		bystander.close();
		failing.close();
	});
});
