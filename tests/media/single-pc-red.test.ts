// RED (redundant audio, RFC 2198) on the single peer connection (/rtc/v1), as on /rtc: a client
// whose offer lists red/48000/2 for its receive-only audio sections is sent RED built from the
// publisher's Opus frames, each packet carrying the frames before it; one that offers Opus alone
// gets plain Opus. The clients are werift connections joining as livekit-client does on /rtc/v1
// (the offer in the join request, candidates trickled as PUBLISHER).
import {
	ClientInfo,
	ConnectionSettings,
	JoinRequest,
	SessionDescription,
	SignalRequest,
	SignalResponse,
	SignalTarget,
	TrickleRequest,
	WrappedJoinRequest
} from '@livekit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Red, RTCPeerConnection, RTCRtpCodecParameters, useOPUS, type RtpPacket } from 'werift';
import WebSocket from 'ws';
import { NativePeer } from './native-signal-peer';
import { mint, startMediaServer } from './support';

const ROOM = 'single-pc-red';
// Payload types unlike the server's own (111 and 63): the client's are the ones that count.
const CLIENT_OPUS = 109;
const CLIENT_RED = 121;

/** A client on /rtc/v1 with one receive-only audio section; the RTP packets it receives. */
class SingleClient {
	readonly pc: RTCPeerConnection;
	readonly packets: RtpPacket[] = [];
	readonly answers: SessionDescription[] = [];
	private ws: WebSocket | null = null;
	private wakers: Array<() => void> = [];

	constructor(withRed: boolean) {
		const audio = [useOPUS({ payloadType: CLIENT_OPUS })];
		if (withRed) {
			audio.unshift(
				new RTCRtpCodecParameters({
					mimeType: 'audio/red',
					clockRate: 48000,
					channels: 2,
					payloadType: CLIENT_RED,
					parameters: `${CLIENT_OPUS}/${CLIENT_OPUS}`
				})
			);
		}
		this.pc = new RTCPeerConnection({ codecs: { audio, video: [] }, bundlePolicy: 'max-bundle' });
		this.pc.createDataChannel('_reliable');
		this.pc.addTransceiver('audio', { direction: 'recvonly' });
	}

	async join(base: string, identity: string): Promise<void> {
		await this.pc.setLocalDescription(await this.pc.createOffer());
		const request = new JoinRequest({
			clientInfo: new ClientInfo({ protocol: 16, version: '2.22.0' }),
			connectionSettings: new ConnectionSettings({ autoSubscribe: true }),
			publisherOffer: new SessionDescription({
				type: 'offer',
				sdp: this.pc.localDescription!.sdp,
				id: 1
			})
		});
		const wrapped = Buffer.from(
			new WrappedJoinRequest({ joinRequest: request.toBinary() }).toBinary()
		).toString('base64url');
		const token = await mint(identity, { roomJoin: true, room: ROOM });
		const ws = new WebSocket(`ws://${base}/rtc/v1?join_request=${wrapped}`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		this.ws = ws;
		this.pc.onIceCandidate.subscribe((candidate) => {
			if (!candidate) return;
			this.send({
				case: 'trickle',
				value: new TrickleRequest({
					candidateInit: JSON.stringify(candidate.toJSON()),
					target: SignalTarget.PUBLISHER
				})
			});
		});
		for (const transport of this.pc.dtlsTransports) {
			// Every packet as it arrives, before werift's receiver takes RED apart.
			transport.onRtp.subscribe((packet) => {
				this.packets.push(packet);
				this.wake();
			});
		}
		ws.on('message', (bytes: Buffer) => void this.react(bytes));
		await new Promise<void>((opened, failed) => {
			ws.once('open', () => opened());
			ws.once('error', failed);
		});
	}

	private async react(bytes: Buffer): Promise<void> {
		const message = SignalResponse.fromBinary(new Uint8Array(bytes)).message;
		if (message.case === 'answer') {
			this.answers.push(message.value);
			await this.pc.setRemoteDescription({ type: 'answer', sdp: message.value.sdp });
		} else if (message.case === 'trickle') {
			const init = JSON.parse(message.value.candidateInit) as { candidate: string };
			await this.pc.addIceCandidate(init).catch(() => undefined);
		}
		this.wake();
	}

	/** Resolves once `ready` holds, checked on every message and packet. */
	async until(ready: () => boolean): Promise<void> {
		while (!ready()) await new Promise<void>((wake) => this.wakers.push(wake));
	}

	private wake(): void {
		for (const wake of this.wakers.splice(0)) wake();
	}

	private send(message: SignalRequest['message']): void {
		this.ws?.send(new SignalRequest({ message }).toBinary());
	}

	async close(): Promise<void> {
		this.ws?.close();
		await this.pc.close();
	}
}

describe('RED on the single peer connection', () => {
	let media: Awaited<ReturnType<typeof startMediaServer>>;
	let alice: NativePeer;
	let microphone: string;
	const clients: SingleClient[] = [];

	beforeAll(async () => {
		media = await startMediaServer({}, { singlePeerConnection: true });
		alice = await NativePeer.join(media.base, await mint('alice', { roomJoin: true, room: ROOM }));
		microphone = await alice.publishMicrophone();
	});

	afterAll(async () => {
		for (const client of clients) await client.close();
		await alice.close();
		await media.close();
	});

	async function receiving(identity: string, withRed: boolean): Promise<SingleClient> {
		const client = new SingleClient(withRed);
		clients.push(client);
		await client.join(media.base, identity);
		// Four packets: the last carries the two frames before its own.
		await client.until(() => client.packets.length >= 4);
		return client;
	}

	it('sends RED, with the frames before each one, to a client that offered it', async () => {
		const bob = await receiving('bob', true);
		expect(Object.values(bob.answers[0].midToTrackId)).toEqual([microphone]);
		expect(bob.answers[0].sdp).toContain(`a=rtpmap:${CLIENT_RED} red/48000/2`);
		expect(new Set(bob.packets.map((packet) => packet.header.payloadType))).toEqual(
			new Set([CLIENT_RED])
		);
		const red = Red.deSerialize(bob.packets[3].payload);
		expect(red.blocks).toHaveLength(3);
		expect(red.blocks.map((block) => block.blockPT)).toEqual([
			CLIENT_OPUS,
			CLIENT_OPUS,
			CLIENT_OPUS
		]);
		// The publisher's frame, whole, as the primary block.
		expect(red.blocks[2].block).toEqual(Buffer.from([0xf8, 0xff, 0xfe]));
	});

	it('sends plain Opus to a client that offered Opus alone', async () => {
		const carol = await receiving('carol', false);
		expect(carol.answers[0].sdp).not.toContain('red/48000');
		expect(new Set(carol.packets.map((packet) => packet.header.payloadType))).toEqual(
			new Set([CLIENT_OPUS])
		);
		expect(carol.packets[3].payload).toEqual(Buffer.from([0xf8, 0xff, 0xfe]));
	});
});
