// A LiveKit participant made of werift peer connections, for loading the embedded media server
// without browsers: it speaks the real signalling (/rtc, protobuf), publishes a synthetic VP8
// stream of real-sized RTP packets, and counts what its subscriber connection receives.
//
// A subscriber only reads RTP headers (sequence numbers, timestamps, marker bits): its SRTP
// decryption is skipped after the handshake, so that watching costs this process little and the
// media server, which does the full work, is what saturates.
import {
	AddTrackRequest,
	SessionDescription,
	SignalRequest,
	SignalResponse,
	SignalTarget,
	TrackSource,
	TrackType,
	TrickleRequest,
	VideoLayer,
	VideoQuality
} from '@livekit/protocol';
import {
	MediaStreamTrack,
	RTCPeerConnection,
	RtpHeader,
	RtpPacket,
	type RTCRtpTransceiver
} from 'werift';
import WebSocket from 'ws';
import { createPeerConnection, enlargeReceiveBuffers } from '../../server/media/sfu/peer';

/** A synthetic camera: frames per second, and bytes per frame at its bit rate. */
export interface StreamProfile {
	name: string;
	width: number;
	height: number;
	fps: number;
	bitsPerSecond: number;
}

export const PROFILES: Record<'360p' | '720p', StreamProfile> = {
	'360p': { name: '360p', width: 640, height: 360, fps: 30, bitsPerSecond: 500_000 },
	'720p': { name: '720p', width: 1280, height: 720, fps: 30, bitsPerSecond: 2_000_000 }
};

/** RTP payload bytes per packet, as browsers packetise VP8 under a 1200-byte MTU budget. */
const MAX_PAYLOAD = 1100;
/** A key frame at least this often, besides the ones asked for by PLI. */
const KEY_FRAME_INTERVAL_MS = 3000;

/** What one subscribed stream delivered: counters since the last `takeStats`. */
export interface StreamStats {
	packets: number;
	frames: number;
	lost: number;
}

class ReceivedStream {
	packets = 0;
	frames = 0;
	lost = 0;
	private lastSequence: number | undefined;

	onHeader(sequenceNumber: number, marker: boolean): void {
		this.packets += 1;
		if (marker) this.frames += 1;
		if (this.lastSequence !== undefined) {
			const gap = (sequenceNumber - this.lastSequence - 1) & 0xffff;
			// Reordering shows as a huge gap: not a loss.
			if (gap > 0 && gap < 1000) this.lost += gap;
		}
		this.lastSequence = sequenceNumber;
	}

	take(): StreamStats {
		const stats = { packets: this.packets, frames: this.frames, lost: this.lost };
		this.packets = 0;
		this.frames = 0;
		this.lost = 0;
		return stats;
	}
}

/** Minimal RTP header reading: sequence number and marker bit of a (still encrypted) packet. */
function readHeader(packet: Buffer): { sequenceNumber: number; marker: boolean } | null {
	if (packet.length < 12 || packet[0] >> 6 !== 2) return null;
	return { sequenceNumber: packet.readUInt16BE(2), marker: (packet[1] & 0x80) !== 0 };
}

type Case = NonNullable<SignalResponse['message']['case']>;
type ValueOf<C extends Case> = Extract<SignalResponse['message'], { case: C }>['value'];

type IceLike = {
	connection: {
		nominated?: {
			protocol: {
				transport?: {
					socket?: {
						counting?: boolean;
						listeners(event: 'message'): Array<(message: Buffer, remote: unknown) => void>;
						removeAllListeners(event: 'message'): void;
						on(event: 'message', listener: (message: Buffer, remote: unknown) => void): void;
					};
				};
			};
		};
	};
};

type DtlsTransportLike = {
	srtp?: { decrypt: (data: Buffer) => Buffer };
	updateSrtpSession: () => void;
	counting?: boolean;
};

export class BenchParticipant {
	private readonly ws: WebSocket;
	private readonly publisher = createPeerConnection({});
	private subscriber: RTCPeerConnection | null = null;
	private readonly streams = new Map<number, ReceivedStream>();
	private readonly responses: SignalResponse[] = [];
	private waiters: Array<() => void> = [];
	private sendTimer: NodeJS.Timeout | null = null;
	private keyFrameWanted = true;
	private offers = 0;
	private closed = false;

	private constructor(ws: WebSocket) {
		this.ws = ws;
		ws.on('message', (data: Buffer) => this.onSignal(SignalResponse.fromBinary(data)));
		ws.on('close', () => this.wake());
		this.publisher.onIceCandidate.subscribe((candidate) => {
			if (candidate) this.trickle(candidate.toJSON(), SignalTarget.PUBLISHER);
		});
	}

	static connect(url: string, token: string): Promise<BenchParticipant> {
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(
				`${url}/rtc?access_token=${token}&auto_subscribe=1&sdk=js&protocol=16`
			);
			ws.binaryType = 'nodebuffer';
			ws.once('open', () => resolve(new BenchParticipant(ws)));
			ws.once('error', reject);
		});
	}

	/** Joins; with a profile, publishes one camera track sending that stream. */
	async join(profile: StreamProfile | null): Promise<void> {
		await this.next('join');
		// livekit-client always opens the data channels first: the publisher connection exists
		// even for someone who only watches, and the server subscribes once it is answered.
		this.publisher.createDataChannel('_reliable');
		let transceiver: RTCRtpTransceiver | null = null;
		let track: MediaStreamTrack | null = null;
		if (profile) {
			track = new MediaStreamTrack({ kind: 'video' });
			transceiver = this.publisher.addTransceiver(track, { direction: 'sendonly' });
			transceiver.sender.streamId = 'bench-camera';
			const cid = transceiver.sender.trackId;
			this.send({
				case: 'addTrack',
				value: new AddTrackRequest({
					cid,
					name: 'camera',
					type: TrackType.VIDEO,
					source: TrackSource.CAMERA,
					width: profile.width,
					height: profile.height,
					layers: [
						new VideoLayer({
							quality: VideoQuality.HIGH,
							width: profile.width,
							height: profile.height,
							bitrate: profile.bitsPerSecond
						})
					]
				})
			});
			await this.next('trackPublished');
		}
		await this.publisher.setLocalDescription(await this.publisher.createOffer());
		this.send({
			case: 'offer',
			value: new SessionDescription({
				type: 'offer',
				sdp: this.publisher.localDescription?.sdp ?? '',
				id: 1
			})
		});
		const answer = await this.next('answer');
		await this.publisher.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
		if (profile && transceiver && track) {
			await this.publisher.connectionStateChange.watch((state) => state === 'connected');
			transceiver.sender.onPictureLossIndication.subscribe(() => (this.keyFrameWanted = true));
			this.startSending(track, profile);
		}
	}

	/** Counters of every received stream since the last call, by SSRC. */
	takeStats(): StreamStats[] {
		return [...this.streams.values()].map((stream) => stream.take());
	}

	/** Connection states, for telling why streams are missing. */
	get states(): string {
		return `pub ${this.publisher.connectionState}, sub ${this.subscriber?.connectionState ?? 'none'}, offers ${this.offers}`;
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.sendTimer) clearInterval(this.sendTimer);
		this.ws.close();
		await this.publisher.close().catch(() => undefined);
		await this.subscriber?.close().catch(() => undefined);
	}

	// ---- sending ------------------------------------------------------------------------------

	private startSending(track: MediaStreamTrack, profile: StreamProfile): void {
		const frameBytes = Math.round(profile.bitsPerSecond / 8 / profile.fps);
		const packetsPerFrame = Math.max(1, Math.ceil(frameBytes / MAX_PAYLOAD));
		const payloadBytes = Math.ceil(frameBytes / packetsPerFrame);
		const ssrc = (Math.random() * 0xffffffff) >>> 0;
		let sequenceNumber = (Math.random() * 0xffff) >>> 0;
		let timestamp = (Math.random() * 0xffffffff) >>> 0;
		let pictureId = 0;
		let lastKeyFrameAt = 0;
		const filler = Buffer.alloc(payloadBytes, 0x5a);
		const started = Date.now();
		let framesSent = 0;
		const sendFrame = () => {
			const now = Date.now();
			const keyFrame = this.keyFrameWanted || now - lastKeyFrameAt >= KEY_FRAME_INTERVAL_MS;
			if (keyFrame) {
				this.keyFrameWanted = false;
				lastKeyFrameAt = now;
			}
			pictureId = (pictureId + 1) & 0x7fff;
			timestamp = (timestamp + 90_000 / profile.fps) >>> 0;
			for (let i = 0; i < packetsPerFrame; i++) {
				const payload = Buffer.allocUnsafe(payloadBytes);
				filler.copy(payload);
				// VP8 payload descriptor (RFC 7741): X, S on the first packet, PID 0, a 15-bit
				// picture id; then the first byte of the VP8 header, whose P bit is 0 on key frames.
				payload[0] = i === 0 ? 0x90 : 0x80;
				payload[1] = 0x80;
				payload[2] = 0x80 | (pictureId >> 8);
				payload[3] = pictureId & 0xff;
				payload[4] = keyFrame ? 0x10 : 0x11;
				sequenceNumber = (sequenceNumber + 1) & 0xffff;
				const header = new RtpHeader({
					payloadType: 96,
					sequenceNumber,
					timestamp,
					ssrc,
					marker: i === packetsPerFrame - 1
				});
				track.writeRtp(new RtpPacket(header, payload));
			}
		};
		// Frames on a steady clock: a late timer sends the frames it owes, as an encoder would.
		this.sendTimer = setInterval(() => {
			const due = Math.floor(((Date.now() - started) / 1000) * profile.fps);
			while (framesSent < due && !this.closed) {
				sendFrame();
				framesSent += 1;
			}
		}, 1000 / profile.fps);
	}

	// ---- signalling ---------------------------------------------------------------------------

	private onSignal(response: SignalResponse): void {
		const message = response.message;
		if (message.case === 'offer') {
			void this.answerSubscriber(message.value);
			return;
		}
		if (message.case === 'trickle') {
			const init = JSON.parse(message.value.candidateInit) as {
				candidate: string;
				sdpMid?: string;
				sdpMLineIndex?: number;
			};
			const pc =
				message.value.target === SignalTarget.SUBSCRIBER ? this.subscriber : this.publisher;
			void pc?.addIceCandidate(init).catch(() => undefined);
			return;
		}
		this.responses.push(response);
		this.wake();
	}

	private async answerSubscriber(offer: SessionDescription): Promise<void> {
		this.offers += 1;
		if (!this.subscriber) {
			const pc = createPeerConnection({});
			this.subscriber = pc;
			pc.onIceCandidate.subscribe((candidate) => {
				if (candidate) this.trickle(candidate.toJSON(), SignalTarget.SUBSCRIBER);
			});
			pc.connectionStateChange.subscribe((state) => {
				if (state !== 'connected') return;
				enlargeReceiveBuffers(pc);
				this.countAtTheSocket(pc);
			});
		}
		const pc = this.subscriber;
		await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
		await pc.setLocalDescription(await pc.createAnswer());
		this.countInsteadOfDecrypting(pc);
		this.send({
			case: 'answer',
			value: new SessionDescription({
				type: 'answer',
				sdp: pc.localDescription?.sdp ?? '',
				id: offer.id
			})
		});
	}

	/**
	 * Replaces the subscriber transport's SRTP decryption by header counting: RTP headers travel
	 * in the clear, and the payload is of no use here. The SRTP session is made when DTLS
	 * completes, so the transport's session setup is wrapped to patch each new session.
	 */
	private countInsteadOfDecrypting(pc: RTCPeerConnection): void {
		for (const dtls of pc.dtlsTransports) {
			const transport = dtls as unknown as DtlsTransportLike;
			if (transport.counting) continue;
			transport.counting = true;
			const update = transport.updateSrtpSession.bind(transport);
			transport.updateSrtpSession = () => {
				update();
				if (transport.srtp) transport.srtp.decrypt = (data) => this.count(data);
			};
			if (transport.srtp) transport.srtp.decrypt = (data) => this.count(data);
		}
	}

	/**
	 * Cheaper still: once connected, RTP is counted straight from the UDP socket and never reaches
	 * werift (STUN, DTLS and RTCP still do, so ICE consent and the connection stay alive).
	 */
	private countAtTheSocket(pc: RTCPeerConnection): void {
		for (const ice of pc.iceTransports) {
			const socket = (ice as unknown as IceLike).connection.nominated?.protocol.transport?.socket;
			if (!socket || socket.counting) continue;
			socket.counting = true;
			const listeners = socket.listeners('message');
			socket.removeAllListeners('message');
			socket.on('message', (message: Buffer, remote: unknown) => {
				// RTP: version 2, and a payload type outside RTCP's 192–223 (RFC 5761).
				if (
					message.length >= 12 &&
					message[0] >> 6 === 2 &&
					(message[1] < 192 || message[1] > 223)
				) {
					this.count(message);
					return;
				}
				for (const listener of listeners) listener(message, remote);
			});
		}
	}

	private count(data: Buffer): Buffer {
		const header = readHeader(data);
		if (header) {
			const ssrc = data.readUInt32BE(8);
			let stream = this.streams.get(ssrc);
			if (!stream) this.streams.set(ssrc, (stream = new ReceivedStream()));
			stream.onHeader(header.sequenceNumber, header.marker);
		}
		// Nothing goes further up: werift drops a packet too short to parse.
		return EMPTY;
	}

	private trickle(candidate: unknown, target: SignalTarget): void {
		this.send({
			case: 'trickle',
			value: new TrickleRequest({ candidateInit: JSON.stringify(candidate), target })
		});
	}

	private send(message: SignalRequest['message']): void {
		if (this.ws.readyState === WebSocket.OPEN)
			this.ws.send(new SignalRequest({ message }).toBinary());
	}

	private wake(): void {
		for (const wake of this.waiters.splice(0)) wake();
	}

	private async next<C extends Case>(kind: C): Promise<ValueOf<C>> {
		for (;;) {
			const index = this.responses.findIndex((response) => response.message.case === kind);
			if (index !== -1) {
				const [response] = this.responses.splice(index, 1);
				return response.message.value as ValueOf<C>;
			}
			if (this.ws.readyState !== WebSocket.OPEN) throw new Error(`signal closed before ${kind}`);
			await new Promise<void>((wake) => this.waiters.push(wake));
		}
	}
}

const EMPTY = Buffer.alloc(0);
