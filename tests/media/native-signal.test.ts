// Signalling as LiveKit's native SDKs (Node, Python, Rust — one Rust core) expect it, driven by a
// bare socket and werift peer connections that behave as that core does (native-signal-peer.ts):
// TrackSubscribed once per track, data packets to exactly their destinations with the sender
// stamped by the server, and a participant's own attributes and metadata.
import {
	DataPacket,
	DataStream_Chunk,
	DataStream_Header,
	DataStream_Trailer,
	RequestResponse_Reason,
	RpcAck,
	RpcRequest,
	RpcResponse,
	UpdateParticipantMetadata,
	UserPacket
} from '@livekit/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NativePeer } from './native-signal-peer';
import { mint, startMediaServer } from './support';

let media: Awaited<ReturnType<typeof startMediaServer>>;
let roomCount = 0;
const peers: NativePeer[] = [];

beforeAll(async () => {
	media = await startMediaServer();
});
afterEach(async () => {
	await Promise.all(peers.splice(0).map((peer) => peer.close()));
});
afterAll(async () => {
	await media.close();
});

async function join(
	identity: string,
	room: string,
	grant: Record<string, unknown> = {}
): Promise<NativePeer> {
	const peer = await NativePeer.join(
		media.base,
		await mint(identity, { roomJoin: true, room, ...grant })
	);
	peers.push(peer);
	return peer;
}

describe('TrackSubscribed', () => {
	it('reaches the publisher once per track, when the first visible subscriber receives it', async () => {
		const room = `subscribed-${++roomCount}`;
		const alice = await join('alice', room);
		// Someone hidden receiving the track does not count (LiveKit: non-hidden subscribers only).
		const hidden = await join('recorder', room, { hidden: true });
		const trackSid = await alice.publishMicrophone();
		await hidden.firstMediaReceived();
		await alice.roundTrip();
		expect(alice.count('trackSubscribed')).toBe(0);

		const bob = await join('bob', room);
		expect((await alice.next('trackSubscribed')).trackSid).toBe(trackSid);

		// A second subscriber receiving media: the publisher hears nothing more about that track.
		const carol = await join('carol', room);
		await carol.firstMediaReceived();
		await bob.firstMediaReceived();
		await alice.roundTrip();
		expect(alice.count('trackSubscribed')).toBe(0);
	});
});

describe('data packets', () => {
	it('reach exactly their destinations, stamped with the sender the server knows', async () => {
		const room = `data-${++roomCount}`;
		const alice = await join('alice', room);
		const bob = await join('bob', room);
		const carol = await join('carol', room);
		const encoder = new TextEncoder();

		// A user packet for carol alone, claiming to come from someone else.
		await alice.sendData(
			new DataPacket({
				participantIdentity: 'mallory',
				destinationIdentities: ['carol'],
				value: {
					case: 'user',
					value: new UserPacket({
						participantIdentity: 'mallory',
						payload: encoder.encode('for carol'),
						topic: 'chat'
					})
				}
			})
		);
		// RPC request, ack and response, and a data stream, each for one identity.
		const request = new RpcRequest({ id: 'rq1', method: 'greet', payload: 'hi', version: 1 });
		await alice.sendData(
			new DataPacket({
				destinationIdentities: ['bob'],
				value: { case: 'rpcRequest', value: request }
			})
		);
		await bob.sendData(
			new DataPacket({
				participantIdentity: 'mallory',
				destinationIdentities: ['alice'],
				value: { case: 'rpcAck', value: new RpcAck({ requestId: 'rq1' }) }
			})
		);
		await bob.sendData(
			new DataPacket({
				destinationIdentities: ['alice'],
				value: {
					case: 'rpcResponse',
					value: new RpcResponse({ requestId: 'rq1', value: { case: 'payload', value: 'hello' } })
				}
			})
		);
		const stream = [
			new DataPacket({
				destinationIdentities: ['carol'],
				value: {
					case: 'streamHeader',
					value: new DataStream_Header({ streamId: 's1', topic: 'notes', mimeType: 'text/plain' })
				}
			}),
			new DataPacket({
				destinationIdentities: ['carol'],
				value: {
					case: 'streamChunk',
					value: new DataStream_Chunk({ streamId: 's1', content: encoder.encode('notes') })
				}
			}),
			new DataPacket({
				destinationIdentities: ['carol'],
				value: { case: 'streamTrailer', value: new DataStream_Trailer({ streamId: 's1' }) }
			})
		];
		for (const packet of stream) await alice.sendData(packet);

		await carol.until(() => carol.data.length >= 4);
		await bob.until(() => bob.data.length >= 1);
		await alice.until(() => alice.data.length >= 2);
		// Everything sent is in; a round of broadcast after it shows nothing else was on its way.
		await alice.sendData(
			new DataPacket({ value: { case: 'user', value: new UserPacket({ topic: 'end' }) } })
		);
		await bob.until(() => bob.data.some((packet) => packet.value.case === 'user'));
		await carol.until(() => carol.data.length >= 5);

		expect(carol.data.map((packet) => packet.value.case)).toEqual([
			'user',
			'streamHeader',
			'streamChunk',
			'streamTrailer',
			'user'
		]);
		const [user] = carol.data;
		expect(user).toMatchObject({ participantIdentity: 'alice', destinationIdentities: ['carol'] });
		expect(user!.value.value).toMatchObject({
			participantIdentity: 'alice',
			topic: 'chat',
			destinationIdentities: ['carol']
		});
		expect(new TextDecoder().decode((user!.value.value as UserPacket).payload)).toBe('for carol');
		expect(carol.data.every((packet) => packet.participantIdentity === 'alice')).toBe(true);

		expect(bob.data.map((packet) => packet.value.case)).toEqual(['rpcRequest', 'user']);
		expect(bob.data[0]).toMatchObject({ participantIdentity: 'alice' });
		expect(bob.data[0]!.value.value).toMatchObject({ id: 'rq1', method: 'greet', payload: 'hi' });

		expect(alice.data.map((packet) => packet.value.case)).toEqual(['rpcAck', 'rpcResponse']);
		expect(alice.data.every((packet) => packet.participantIdentity === 'bob')).toBe(true);
	});
});

describe('own attributes and metadata', () => {
	it('are applied when the token allows it, and everyone hears of them', async () => {
		const room = `attributes-${++roomCount}`;
		const agent = await join('agent', room, { canUpdateOwnMetadata: true });
		const viewer = await join('viewer', room);

		// What the Rust core's set_attributes sends: the attributes with its name and metadata.
		agent.send({
			case: 'updateMetadata',
			value: new UpdateParticipantMetadata({
				requestId: 4,
				attributes: { 'lk.agent.state': 'listening', mood: 'calm' }
			})
		});
		const ok = await agent.next('requestResponse', (response) => response.requestId === 4);
		expect(ok.reason).toBe(RequestResponse_Reason.OK);
		expect(ok.request.case).toBe('updateMetadata');
		const seen = await viewer.next('update', (update) =>
			update.participants.some((p) => p.identity === 'agent' && p.attributes.mood === 'calm')
		);
		expect(seen.participants.find((p) => p.identity === 'agent')?.attributes).toEqual({
			'lk.agent.state': 'listening',
			mood: 'calm'
		});

		// An empty value removes the attribute; metadata changes too.
		agent.send({
			case: 'updateMetadata',
			value: new UpdateParticipantMetadata({
				requestId: 5,
				metadata: 'busy',
				attributes: { mood: '' }
			})
		});
		await agent.next('requestResponse', (response) => response.requestId === 5);
		const after = await viewer.next('update', (update) =>
			update.participants.some((p) => p.identity === 'agent' && p.metadata === 'busy')
		);
		expect(after.participants.find((p) => p.identity === 'agent')?.attributes).toEqual({
			'lk.agent.state': 'listening'
		});

		// Past LiveKit's 64 KiB of attributes: refused, nothing changes.
		agent.send({
			case: 'updateMetadata',
			value: new UpdateParticipantMetadata({
				requestId: 6,
				attributes: { big: 'x'.repeat(65 * 1024) }
			})
		});
		expect(
			await agent.next('requestResponse', (response) => response.requestId === 6)
		).toMatchObject({
			reason: RequestResponse_Reason.LIMIT_EXCEEDED,
			message: 'exceeds attributes size limit'
		});

		// Without canUpdateOwnMetadata: refused as LiveKit refuses it.
		viewer.send({
			case: 'updateMetadata',
			value: new UpdateParticipantMetadata({ requestId: 9, attributes: { mood: 'sneaky' } })
		});
		expect(
			await viewer.next('requestResponse', (response) => response.requestId === 9)
		).toMatchObject({
			reason: RequestResponse_Reason.NOT_ALLOWED,
			message: 'does not have permission to update own metadata'
		});
		await agent.roundTrip();
		await viewer.roundTrip();
		expect(
			[...agent.received, ...viewer.received].filter(
				(message) =>
					message.case === 'update' &&
					message.value.participants.some(
						(p) => p.attributes.big !== undefined || p.attributes.mood === 'sneaky'
					)
			)
		).toEqual([]);
	});
});
