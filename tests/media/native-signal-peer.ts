// A participant as LiveKit's native SDKs drive one, on a bare signalling socket and two werift
// peer connections: it offers its publisher connection (with the `_reliable` and `_lossy` data
// channels) as soon as it joins, answers every subscriber offer, trickles both ways, and keeps
// every signal response for the test to take, in order.
import {
	AddTrackRequest,
	DataPacket,
	Ping,
	SessionDescription,
	SignalRequest,
	SignalResponse,
	SignalTarget,
	TrackSource,
	TrackType,
	TrickleRequest
} from '@livekit/protocol';
import {
	MediaStream,
	MediaStreamTrack,
	RTCPeerConnection,
	RtpHeader,
	RtpPacket,
	type RTCDataChannel,
	type RTCIceCandidate
} from 'werift';
import WebSocket from 'ws';

type Case = NonNullable<SignalResponse['message']['case']>;
type ValueOf<C extends Case> = Extract<SignalResponse['message'], { case: C }>['value'];

/**
 * A microphone track added to a werift publisher connection (its msid names the track id, which is
 * the cid), and the addTrack request announcing it.
 */
export function addMicrophone(publisher: RTCPeerConnection) {
	const track = new MediaStreamTrack({ kind: 'audio' });
	const transceiver = publisher.addTransceiver(track, {
		direction: 'sendonly',
		streams: [new MediaStream([track])]
	});
	const request: SignalRequest['message'] = {
		case: 'addTrack',
		value: new AddTrackRequest({
			cid: track.id,
			name: 'microphone',
			type: TrackType.AUDIO,
			source: TrackSource.MICROPHONE
		})
	};
	return { track, transceiver, request };
}

export class NativePeer {
	readonly publisher = new RTCPeerConnection();
	readonly subscriber = new RTCPeerConnection();
	readonly reliable: RTCDataChannel;
	readonly lossy: RTCDataChannel;
	/** Every signal response received, in order (`next` takes them out). */
	readonly received: SignalResponse['message'][] = [];
	/** Data packets received on the subscriber connection's channels. */
	readonly data: DataPacket[] = [];
	private readonly waiters: Array<() => void> = [];
	private offerId = 0;
	private closed = false;
	private readonly timers: NodeJS.Timeout[] = [];

	private constructor(readonly ws: WebSocket) {
		this.reliable = this.publisher.createDataChannel('_reliable');
		this.lossy = this.publisher.createDataChannel('_lossy', { maxRetransmits: 0 });
		ws.on('message', (bytes: Buffer) => {
			const message = SignalResponse.fromBinary(new Uint8Array(bytes)).message;
			this.received.push(message);
			void this.react(message);
			this.wake();
		});
		ws.on('close', () => {
			this.closed = true;
			this.wake();
		});
		const trickle = (candidate: RTCIceCandidate | undefined, target: SignalTarget) => {
			if (!candidate) return;
			this.send({
				case: 'trickle',
				value: new TrickleRequest({ candidateInit: JSON.stringify(candidate.toJSON()), target })
			});
		};
		this.publisher.onIceCandidate.subscribe((c) => trickle(c, SignalTarget.PUBLISHER));
		this.subscriber.onIceCandidate.subscribe((c) => trickle(c, SignalTarget.SUBSCRIBER));
		// Data comes back on the channels this side opened (what the embedded server uses) or on
		// channels the server opens; the Rust core listens on both.
		const collect = (channel: RTCDataChannel) =>
			channel.onMessage.subscribe((message) => {
				if (typeof message === 'string') return;
				this.data.push(DataPacket.fromBinary(new Uint8Array(message)));
				this.wake();
			});
		collect(this.reliable);
		collect(this.lossy);
		this.subscriber.onDataChannel.subscribe(collect);
	}

	/** Joins with a token in `Authorization: Bearer`, as the native SDKs send it. */
	static async join(base: string, token: string): Promise<NativePeer> {
		const ws = new WebSocket(`ws://${base}/rtc?sdk=rust&protocol=16&auto_subscribe=1`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		const peer = new NativePeer(ws);
		await peer.next('join');
		await peer.negotiate();
		// As the Rust core's connect() does, be ready once the publisher side carries data.
		for (const channel of [peer.reliable, peer.lossy]) {
			while (channel.readyState !== 'open') {
				await new Promise<void>((changed) => channel.stateChanged.once(() => changed()));
			}
		}
		return peer;
	}

	private wake(): void {
		for (const wake of this.waiters.splice(0)) wake();
	}

	private async react(message: SignalResponse['message']): Promise<void> {
		if (message.case === 'offer') {
			await this.subscriber.setRemoteDescription({ type: 'offer', sdp: message.value.sdp });
			await this.subscriber.setLocalDescription(await this.subscriber.createAnswer());
			this.send({
				case: 'answer',
				value: new SessionDescription({
					type: 'answer',
					sdp: this.subscriber.localDescription!.sdp,
					id: message.value.id
				})
			});
		} else if (message.case === 'answer') {
			await this.publisher.setRemoteDescription({ type: 'answer', sdp: message.value.sdp });
		} else if (message.case === 'trickle') {
			const init = JSON.parse(message.value.candidateInit) as { candidate: string };
			const pc =
				message.value.target === SignalTarget.SUBSCRIBER ? this.subscriber : this.publisher;
			await pc.addIceCandidate(init).catch(() => undefined);
		}
	}

	/** Offers the publisher connection and waits for the answer. */
	async negotiate(): Promise<void> {
		await this.publisher.setLocalDescription(await this.publisher.createOffer());
		this.send({
			case: 'offer',
			value: new SessionDescription({
				type: 'offer',
				sdp: this.publisher.localDescription!.sdp,
				id: ++this.offerId
			})
		});
		await this.next('answer');
	}

	/**
	 * Publishes a microphone track (addTrack, then the offer that carries it) sending an Opus
	 * packet every 20 ms, as a microphone does; its sid.
	 */
	async publishMicrophone(): Promise<string> {
		const { track, transceiver, request } = addMicrophone(this.publisher);
		this.send(request);
		const published = await this.next('trackPublished', (value) => value.cid === track.id);
		await this.negotiate();
		let sequenceNumber = 0;
		const timer = setInterval(() => {
			const payloadType = transceiver.sender.codec?.payloadType ?? 111;
			sequenceNumber = (sequenceNumber + 1) & 0xffff;
			const header = new RtpHeader({
				payloadType,
				sequenceNumber,
				timestamp: sequenceNumber * 960,
				marker: false
			});
			track.writeRtp(new RtpPacket(header, Buffer.from([0xf8, 0xff, 0xfe])));
		}, 20);
		this.timers.push(timer);
		return published.track!.sid;
	}

	/** Resolves at the first RTP packet received on the subscriber connection. */
	async firstMediaReceived(): Promise<void> {
		await new Promise<void>((done) => {
			const listen = (track: MediaStreamTrack) => track.onReceiveRtp.once(() => done());
			for (const transceiver of this.subscriber.getTransceivers()) {
				const track = transceiver.receiver.tracks[0];
				if (track) listen(track);
			}
			this.subscriber.onTrack.subscribe((track) => listen(track));
		});
	}

	/** A round trip on the signalling socket: everything the server sent before has arrived. */
	async roundTrip(): Promise<void> {
		const timestamp = BigInt(Date.now());
		this.send({ case: 'pingReq', value: new Ping({ timestamp }) });
		await this.next('pongResp', (pong) => pong.lastPingTimestamp === timestamp);
	}

	/** Resolves once `ready` holds, re-checked on every signal response and data packet. */
	async until(ready: () => boolean): Promise<void> {
		while (!ready()) {
			if (this.closed) throw new Error('socket closed while waiting');
			await new Promise<void>((wake) => this.waiters.push(wake));
		}
	}

	/** Waits for a connection to reach "connected" (checked on its own state changes). */
	static async connected(pc: RTCPeerConnection): Promise<void> {
		while (pc.connectionState !== 'connected') {
			await new Promise<void>((wake) => pc.connectionStateChange.once(() => wake()));
		}
	}

	/** The next response of that kind (others are kept), optionally the first `match` accepts. */
	async next<C extends Case>(
		kind: C,
		match: (value: ValueOf<C>) => boolean = () => true
	): Promise<ValueOf<C>> {
		let found: { value: ValueOf<C> } | null = null;
		await this.until(() => {
			const index = this.received.findIndex(
				(message) => message.case === kind && match(message.value as ValueOf<C>)
			);
			if (index === -1) return false;
			found = { value: this.received.splice(index, 1)[0]!.value as ValueOf<C> };
			return true;
		});
		return found!.value;
	}

	/** Sends a data packet on the reliable channel. */
	async sendData(packet: DataPacket): Promise<void> {
		this.reliable.send(Buffer.from(packet.toBinary()));
	}

	/** How many responses of that kind are waiting. */
	count(kind: Case): number {
		return this.received.filter((message) => message.case === kind).length;
	}

	send(message: SignalRequest['message']): void {
		this.ws.send(new SignalRequest({ message }).toBinary());
	}

	async close(): Promise<void> {
		for (const timer of this.timers) clearInterval(timer);
		this.ws.close();
		await Promise.all([this.publisher.close(), this.subscriber.close()]);
	}
}
