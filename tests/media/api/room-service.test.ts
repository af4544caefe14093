// Every RoomService method through livekit-server-sdk's RoomServiceClient against a real HTTP
// server running the Twirp handler, with LiveKit's grant checks and Twirp JSON errors.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import {
	DataPacket_Kind,
	ListRoomsRequest,
	ListRoomsResponse,
	TrackSource,
	TrackType
} from '@livekit/protocol';
import { AccessToken, RoomServiceClient, type VideoGrant } from 'livekit-server-sdk';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRoomServiceHandler } from '../../../server/media/twirp';
import { MemoryBackend, swappableBackend, twirpFailure } from './memory-backend';

const keys = { apiKey: 'APIroomservice', apiSecret: 'room-service-secret-long-enough-for-hs256' };

const logged: Array<{ msg: string; level: number }> = [];
const log = pino(
	{ level: 'info' },
	new Writable({
		write(chunk: Buffer, _encoding, done) {
			logged.push(JSON.parse(chunk.toString()));
			done();
		}
	})
);

let backend: MemoryBackend;
let server: Server;
let url: string;
let client: RoomServiceClient;

/** Lets one test swap the backend (e.g. for one that fails unexpectedly). */
const backendProxy = swappableBackend(() => backend);

beforeAll(async () => {
	server = createServer(createRoomServiceHandler({ backend: backendProxy, keys, log }));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	client = new RoomServiceClient(url, keys.apiKey, keys.apiSecret);
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	backend = new MemoryBackend();
	logged.length = 0;
});

async function token(grant: VideoGrant, signingKeys = keys): Promise<string> {
	const accessToken = new AccessToken(signingKeys.apiKey, signingKeys.apiSecret, {
		identity: 'api'
	});
	accessToken.addGrant(grant);
	return accessToken.toJwt();
}

/** A raw Twirp call with the headers given, returning status, content type and parsed body. */
async function post(
	methodName: string,
	body: string | Uint8Array,
	headers: Record<string, string>,
	init: { method?: string } = {}
): Promise<{ status: number; contentType: string | null; body: unknown }> {
	const response = await fetch(`${url}/twirp/livekit.RoomService/${methodName}`, {
		method: init.method ?? 'POST',
		headers,
		body: init.method === 'GET' ? undefined : typeof body === 'string' ? body : Buffer.from(body)
	});
	const contentType = response.headers.get('content-type');
	const raw = new Uint8Array(await response.arrayBuffer());
	return {
		status: response.status,
		contentType,
		body: contentType === 'application/json' ? JSON.parse(Buffer.from(raw).toString()) : raw
	};
}

describe('RoomService through RoomServiceClient', () => {
	it('creates, lists and deletes rooms', async () => {
		const created = await client.createRoom({
			name: 'company-1:stand-up',
			emptyTimeout: 120,
			maxParticipants: 12,
			metadata: '{"kind":"stand-up"}'
		});
		expect(created).toMatchObject({
			name: 'company-1:stand-up',
			emptyTimeout: 120,
			maxParticipants: 12,
			metadata: '{"kind":"stand-up"}'
		});
		expect(created.sid).toMatch(/^RM_/);
		await client.createRoom({ name: 'company-1:house-a' });

		expect((await client.listRooms()).map((room) => room.name).sort()).toEqual([
			'company-1:house-a',
			'company-1:stand-up'
		]);
		expect((await client.listRooms(['company-1:house-a', 'unknown'])).map((r) => r.name)).toEqual([
			'company-1:house-a'
		]);

		await client.deleteRoom('company-1:house-a');
		expect([...backend.rooms.keys()]).toEqual(['company-1:stand-up']);
		expect(await twirpFailure(client.deleteRoom('company-1:house-a'))).toEqual({
			status: 404,
			code: 'not_found',
			message: 'requested room does not exist'
		});
	});

	it('lists, gets, updates and removes participants', async () => {
		backend.join('r', 'alice');
		backend.join('r', 'bob');
		expect((await client.listParticipants('r')).map((p) => p.identity)).toEqual(['alice', 'bob']);
		const bob = await client.getParticipant('r', 'bob');
		expect(bob.identity).toBe('bob');
		expect(bob.sid).toMatch(/^PA_/);

		const updated = await client.updateParticipant('r', 'bob', {
			name: 'Bob Durand',
			metadata: '{"house":"Moulin"}',
			attributes: { role: 'host' },
			permission: {
				canPublish: false,
				canSubscribe: true,
				canPublishData: true,
				canPublishSources: [TrackSource.MICROPHONE],
				hidden: false,
				canUpdateMetadata: false
			}
		});
		expect(updated).toMatchObject({ name: 'Bob Durand', metadata: '{"house":"Moulin"}' });
		expect(updated.attributes).toEqual({ role: 'host' });
		expect(updated.permission).toMatchObject({
			canPublish: false,
			canSubscribe: true,
			canPublishSources: [TrackSource.MICROPHONE]
		});
		// Only metadata given: the name stays, as in LiveKit.
		expect(await client.updateParticipant('r', 'bob', '{"house":"Lavoir"}')).toMatchObject({
			name: 'Bob Durand',
			metadata: '{"house":"Lavoir"}'
		});

		await client.removeParticipant('r', 'alice');
		expect((await client.listParticipants('r')).map((p) => p.identity)).toEqual(['bob']);
		expect(await twirpFailure(client.getParticipant('r', 'alice'))).toEqual({
			status: 404,
			code: 'not_found',
			message: 'participant does not exist'
		});
		expect((await twirpFailure(client.removeParticipant('r', 'alice'))).status).toBe(404);
	});

	it('answers calls about rooms and people that do not exist as LiveKit does', async () => {
		// Nobody is in a room that does not exist: an empty list, not an error.
		expect(await client.listParticipants('nowhere')).toEqual([]);
		const noParticipant = {
			status: 404,
			code: 'not_found',
			message: 'participant does not exist'
		};
		// Whether the room or only the person is missing, LiveKit says the participant is.
		expect(await twirpFailure(client.getParticipant('nowhere', 'alice'))).toEqual(noParticipant);
		expect(await twirpFailure(client.removeParticipant('nowhere', 'alice'))).toEqual(noParticipant);
		expect(await twirpFailure(client.updateParticipant('nowhere', 'alice', 'x'))).toEqual(
			noParticipant
		);
		expect(await twirpFailure(client.mutePublishedTrack('nowhere', 'alice', 'TR_x', true))).toEqual(
			noParticipant
		);
		const noRoom = { status: 404, code: 'not_found', message: 'requested room does not exist' };
		expect(await twirpFailure(client.updateRoomMetadata('nowhere', 'x'))).toEqual(noRoom);
		expect(await twirpFailure(client.deleteRoom('nowhere'))).toEqual(noRoom);
	});

	it('mutes a published track and reports unknown tracks', async () => {
		const alice = backend.join('r', 'alice', [
			{ type: TrackType.AUDIO, source: TrackSource.MICROPHONE, name: 'mic' }
		]);
		const trackSid = alice.tracks[0]!.sid;
		const muted = await client.mutePublishedTrack('r', 'alice', trackSid, true);
		expect(muted).toMatchObject({ sid: trackSid, muted: true, source: TrackSource.MICROPHONE });
		expect((await client.mutePublishedTrack('r', 'alice', trackSid, false))?.muted).toBe(false);
		expect(await twirpFailure(client.mutePublishedTrack('r', 'alice', 'TR_nope', true))).toEqual({
			status: 404,
			code: 'not_found',
			message: 'track is not found'
		});
	});

	it('updates subscriptions', async () => {
		backend.join('r', 'alice');
		await client.updateSubscriptions('r', 'alice', ['TR_a', 'TR_b'], false);
		expect(backend.subscriptions).toEqual([
			{ room: 'r', identity: 'alice', trackSids: ['TR_a', 'TR_b'], subscribe: false }
		]);
	});

	it('sends data to chosen identities or to everyone, sids mapped to identities', async () => {
		backend.join('r', 'alice');
		const bob = backend.join('r', 'bob');
		const payload = new TextEncoder().encode('{"type":"raise-hand"}');
		await client.sendData('r', payload, DataPacket_Kind.RELIABLE, {
			destinationIdentities: ['alice'],
			topic: 'hands'
		});
		await client.sendData('r', payload, DataPacket_Kind.LOSSY, { destinationSids: [bob.sid] });
		await client.sendData('r', payload, DataPacket_Kind.RELIABLE);
		expect(backend.sent.map(({ data }) => data)).toEqual([
			{
				payload,
				kind: DataPacket_Kind.RELIABLE,
				destinationIdentities: ['alice'],
				topic: 'hands'
			},
			{ payload, kind: DataPacket_Kind.LOSSY, destinationIdentities: ['bob'], topic: undefined },
			{ payload, kind: DataPacket_Kind.RELIABLE, destinationIdentities: [], topic: undefined }
		]);
	});

	it('updates room metadata', async () => {
		await client.createRoom({ name: 'r' });
		expect((await client.updateRoomMetadata('r', '{"topic":"budget"}')).metadata).toBe(
			'{"topic":"budget"}'
		);
		expect(backend.rooms.get('r')!.metadata).toBe('{"topic":"budget"}');
		expect((await twirpFailure(client.updateRoomMetadata('gone', 'x'))).status).toBe(404);
	});
});

describe('RoomService grants and errors', () => {
	const json = { 'Content-Type': 'application/json' };

	it('refuses tokens signed with another secret or for another key (401 unauthenticated)', async () => {
		const forged = new RoomServiceClient(
			url,
			keys.apiKey,
			'someone-elses-secret-long-enough-for-it'
		);
		expect(await twirpFailure(forged.listRooms())).toEqual({
			status: 401,
			code: 'unauthenticated',
			message: 'invalid authorization token: signature is invalid'
		});
		const otherKey = new RoomServiceClient(url, 'APIother', keys.apiSecret);
		expect(await twirpFailure(otherKey.createRoom({ name: 'x' }))).toMatchObject({
			status: 401,
			message: 'invalid API key'
		});
		expect(backend.rooms.size).toBe(0);
	});

	it('checks each method grant as LiveKit does: 401 "permissions denied"', async () => {
		backend.join('a', 'alice');
		backend.join('b', 'bob');
		const denied = {
			status: 401,
			contentType: 'application/json',
			body: { code: 'unauthenticated', msg: 'permissions denied' }
		};
		const cases: Array<[string, object, VideoGrant | null]> = [
			['ListRooms', {}, { roomCreate: true }],
			['ListRooms', {}, { roomAdmin: true, room: 'a' }],
			['CreateRoom', { name: 'n' }, { roomList: true }],
			['DeleteRoom', { room: 'a' }, { roomAdmin: true, room: 'a' }],
			['ListParticipants', { room: 'b' }, { roomAdmin: true, room: 'a' }],
			['GetParticipant', { room: 'b', identity: 'bob' }, { roomJoin: true, room: 'b' }],
			['RemoveParticipant', { room: 'b', identity: 'bob' }, { roomAdmin: true, room: 'a' }],
			[
				'MutePublishedTrack',
				{ room: 'b', identity: 'bob', trackSid: 'TR_x', muted: true },
				{ roomAdmin: true }
			],
			[
				'UpdateParticipant',
				{ room: 'b', identity: 'bob', name: 'x' },
				{ roomCreate: true, roomList: true }
			],
			['UpdateSubscriptions', { room: 'b', identity: 'bob' }, { roomAdmin: true, room: 'a' }],
			['SendData', { room: 'b', data: 'aGk=' }, { roomAdmin: true, room: 'a' }],
			['UpdateRoomMetadata', { room: 'b', metadata: 'x' }, { roomAdmin: true, room: 'a' }],
			['ListRooms', {}, null]
		];
		for (const [methodName, body, grant] of cases) {
			const headers: Record<string, string> = { ...json };
			if (grant) headers.Authorization = `Bearer ${await token(grant)}`;
			expect(await post(methodName, JSON.stringify(body), headers), methodName).toEqual(denied);
		}
		expect(backend.rooms.size).toBe(2);
		expect(backend.participants.get('b')!.get('bob')!.name).toBe('bob');
		expect(backend.sent).toEqual([]);
	});

	it('accepts the narrow grant each method needs', async () => {
		backend.join('a', 'alice');
		const listOnly = { ...json, Authorization: `Bearer ${await token({ roomList: true })}` };
		expect((await post('ListRooms', '{}', listOnly)).status).toBe(200);
		const adminOfA = {
			...json,
			Authorization: `Bearer ${await token({ roomAdmin: true, room: 'a' })}`
		};
		const listed = await post('ListParticipants', '{"room":"a"}', adminOfA);
		expect(listed.status).toBe(200);
		// LiveKit's Twirp server writes proto field names and default values.
		expect(listed.body).toMatchObject({
			participants: [expect.objectContaining({ identity: 'alice', is_publisher: false })]
		});
	});

	it('refuses a header that is not Bearer and a token that is not one', async () => {
		const validToken = await token({ roomList: true });
		expect(await post('ListRooms', '{}', { ...json, Authorization: validToken })).toMatchObject({
			status: 401,
			body: {
				code: 'unauthenticated',
				msg: 'invalid authorization header. Must start with Bearer '
			}
		});
		expect(
			await post('ListRooms', '{}', { ...json, Authorization: 'Bearer nonsense' })
		).toMatchObject({
			status: 401,
			body: { code: 'unauthenticated' }
		});
	});

	it('answers bad routes, bad content types and bad bodies with Twirp errors', async () => {
		const auth = { Authorization: `Bearer ${await token({ roomList: true, roomCreate: true })}` };
		expect(await post('Nope', '{}', { ...json, ...auth })).toMatchObject({
			status: 404,
			body: { code: 'bad_route' }
		});
		expect(await post('MoveParticipant', '{}', { ...json, ...auth })).toMatchObject({
			status: 501,
			body: { code: 'unimplemented' }
		});
		expect(await post('ListRooms', '', auth, { method: 'GET' })).toMatchObject({
			status: 404,
			body: { code: 'bad_route' }
		});
		expect(await post('ListRooms', '{}', { ...auth, 'Content-Type': 'text/plain' })).toMatchObject({
			status: 404,
			body: { code: 'bad_route' }
		});
		expect(await post('CreateRoom', '{"name":', { ...json, ...auth })).toMatchObject({
			status: 400,
			body: { code: 'malformed' }
		});
		expect(await post('CreateRoom', '{"name":7}', { ...json, ...auth })).toMatchObject({
			status: 400,
			body: { code: 'malformed' }
		});
		expect(await post('CreateRoom', '{}', { ...json, ...auth })).toEqual({
			status: 400,
			contentType: 'application/json',
			body: { code: 'invalid_argument', msg: 'no room name' }
		});
		expect(
			await post('CreateRoom', JSON.stringify({ name: 'x'.repeat(257) }), { ...json, ...auth })
		).toMatchObject({
			status: 400,
			body: { code: 'invalid_argument' }
		});
		const tooLarge = JSON.stringify({ name: 'r', metadata: 'x'.repeat(512 * 1024 + 1) });
		expect(await post('CreateRoom', tooLarge, { ...json, ...auth })).toMatchObject({
			status: 400,
			body: { code: 'invalid_argument', msg: 'metadata size exceeds limits' }
		});
		expect(
			await post('CreateRoom', 'x'.repeat(2 * 1024 * 1024), { ...json, ...auth })
		).toMatchObject({
			status: 400,
			body: { code: 'malformed' }
		});
		expect(backend.rooms.size).toBe(0);
	});

	it('refuses a SendData nonce that is not 16 bytes', async () => {
		backend.join('r', 'alice');
		const auth = {
			...json,
			Authorization: `Bearer ${await token({ roomAdmin: true, room: 'r' })}`
		};
		const body = (nonce: Buffer) =>
			JSON.stringify({ room: 'r', data: 'aGk=', nonce: nonce.toString('base64') });
		expect(await post('SendData', body(Buffer.alloc(5)), auth)).toMatchObject({
			status: 400,
			body: {
				code: 'invalid_argument',
				msg: 'nonce should be 16-bytes or not present, got: 5 bytes'
			}
		});
		expect((await post('SendData', body(Buffer.alloc(16)), auth)).status).toBe(200);
		expect(backend.sent).toHaveLength(1);
	});

	it('speaks protobuf when asked to', async () => {
		await client.createRoom({ name: 'binary' });
		const response = await post(
			'ListRooms',
			new ListRoomsRequest({ names: ['binary'] }).toBinary(),
			{
				'Content-Type': 'application/protobuf',
				Authorization: `Bearer ${await token({ roomList: true })}`
			}
		);
		expect(response.status).toBe(200);
		expect(response.contentType).toBe('application/protobuf');
		const rooms = ListRoomsResponse.fromBinary(response.body as Uint8Array).rooms;
		expect(rooms.map((room) => room.name)).toEqual(['binary']);
	});

	it('logs an unexpected backend failure once and answers 500 internal without details', async () => {
		backend.listRooms = () => {
			throw new Error('disk on fire');
		};
		expect(await twirpFailure(client.listRooms())).toEqual({
			status: 500,
			code: 'internal',
			message: 'internal error'
		});
		expect(logged.filter((entry) => entry.msg === 'RoomService call failed')).toHaveLength(1);
	});
});
