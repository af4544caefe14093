// Selective forwarding: the RTP of one published track (one stream per simulcast layer) goes to
// each subscriber's sender, each subscriber getting the layer it asked for. Layers are switched
// on a key frame only, so a subscriber's decoder never sees a frame that refers to another layer.
import { RedEncoder } from '../audio-codecs';
import { SrtpForwardSender } from './srtp-sender';
import {
	Vp8Renumbering,
	nothingSentYet,
	readVp8Descriptor,
	type Vp8Descriptor,
	type Vp8Sent
} from './vp8-descriptor';
import {
	RTP_EXTENSION_URI,
	RtpHeader,
	RtpPacket,
	type MediaStreamTrack,
	type RTCRtpReceiver,
	type RTCRtpSender
} from 'werift';

/** Simulcast layers as livekit-client names them, lowest first; '' = a track without simulcast. */
export const LAYER_RIDS = ['q', 'h', 'f'] as const;

/** How long a layer may stay silent before it counts as stopped (the browser dropped it). */
const LAYER_SILENCE_MS = 1500;
/**
 * At most one key frame request per layer in this window; one asked sooner is sent at its end.
 * Chrome's encoder ignores a request that comes less than 300 ms after the last one it honoured,
 * so requests spaced exactly 300 ms apart here, with network jitter, may reach it too soon and
 * be lost: the margin keeps them outside its window.
 */
export const PLI_INTERVAL_MS = 350;
/**
 * A down track waiting for a key frame asks again after this long without one: the request, or
 * the key frame's first packet, may have been lost on the publisher's link, and nothing else would
 * ask — the subscriber, receiving nothing on the layer it waits for, reports no lost picture.
 * (LiveKit's down track keeps asking the same way until it locks onto the layer.)
 */
export const KEY_FRAME_RETRY_MS = 1_000;
/** RTP clocks in ticks per millisecond: video 90 kHz, Opus 48 kHz. */
const CLOCK_PER_MS = { video: 90, audio: 48 } as const;
/** RFC 6464 audio level: dBov below this counts as speaking (0 = loudest, 127 = silence). */
const SPEAKING_DBOV = 50;

/** Packets handed to subscribers' senders since the process started (for /status and the bench). */
export const forwardingCounters = { packets: 0 };

type Layer = {
	rid: string;
	track: MediaStreamTrack;
	receiver: RTCRtpReceiver;
	ssrc: number;
	lastPacketAt: number;
	lastPliAt: number;
	/** A request that came within the interval, sent when it is over. */
	deferredPli: NodeJS.Timeout | undefined;
};

/** One published track as the forwarder sees it. */
export class ForwardedTrack {
	private readonly layers = new Map<string, Layer>();
	private readonly downTracks = new Set<DownTrack>();
	/** Sum of speaking levels (0–1) since the last `takeAudioLevel`, and the packet count. */
	private levelSum = 0;
	private levelPackets = 0;
	private closed = false;

	constructor(readonly kind: 'audio' | 'video') {}

	/** Adds one incoming layer (or the only stream) of the track. */
	addLayer(track: MediaStreamTrack, receiver: RTCRtpReceiver): void {
		const rid = track.rid ?? '';
		// Renegotiation reports the same streams again.
		if (this.layers.get(rid)?.track === track) return;
		const layer: Layer = {
			rid,
			track,
			receiver,
			ssrc: track.ssrc ?? 0,
			lastPacketAt: 0,
			lastPliAt: 0,
			deferredPli: undefined
		};
		const replaced = this.layers.get(rid);
		if (replaced) clearTimeout(replaced.deferredPli);
		this.layers.set(rid, layer);
		track.onReceiveRtp.subscribe((rtp, extensions) => this.onRtp(layer, rtp, extensions));
		// A new layer may be a better match for someone waiting.
		for (const downTrack of this.downTracks) downTrack.reselect();
	}

	get hasMedia(): boolean {
		return this.layers.size > 0;
	}

	/** The receiver of the track's streams (every layer shares one), once media arrived. */
	get receiver(): RTCRtpReceiver | undefined {
		return this.layers.values().next().value?.receiver;
	}

	/** Layers that sent something lately, lowest first. */
	liveLayers(now = Date.now()): string[] {
		const live = [...this.layers.values()]
			.filter((layer) => now - layer.lastPacketAt < LAYER_SILENCE_MS)
			.map((layer) => layer.rid);
		// Before the first packet every layer counts: the first packets are about to arrive.
		const candidates = live.length > 0 ? live : [...this.layers.keys()];
		return candidates.sort((a, b) => layerRank(a) - layerRank(b));
	}

	attach(downTrack: DownTrack): void {
		this.downTracks.add(downTrack);
	}

	detach(downTrack: DownTrack): void {
		this.downTracks.delete(downTrack);
	}

	/** Re-picks every subscriber's layer (called every second: layers stop and start). */
	tick(): void {
		for (const downTrack of this.downTracks) downTrack.reselect();
	}

	/**
	 * Asks the publisher for a key frame on that layer. Requests are shared by every subscriber
	 * of the layer and throttled, but never dropped: the key frame answering the previous request
	 * may have passed before this subscriber could take it (its connection was not ready yet, or
	 * its video was paused), so a request within the interval is sent when the interval ends.
	 */
	requestKeyFrame(rid: string | undefined): void {
		if (this.kind !== 'video' || rid === undefined || this.closed) return;
		const layer = this.layers.get(rid);
		if (!layer || !layer.ssrc) return;
		const now = Date.now();
		const wait = layer.lastPliAt + PLI_INTERVAL_MS - now;
		if (wait > 0) {
			if (layer.deferredPli === undefined) {
				layer.deferredPli = setTimeout(() => {
					layer.deferredPli = undefined;
					this.requestKeyFrame(rid);
				}, wait);
				layer.deferredPli.unref();
			}
			return;
		}
		clearTimeout(layer.deferredPli);
		layer.deferredPli = undefined;
		layer.lastPliAt = now;
		layer.receiver.sendRtcpPLI(layer.ssrc).catch(() => {
			// The publisher's transport closed: nothing to ask any more.
		});
	}

	/** Mean speaking level (0–1) since the last call, 0 when silent. */
	takeAudioLevel(): number {
		const level = this.levelPackets > 0 ? this.levelSum / this.levelPackets : 0;
		this.levelSum = 0;
		this.levelPackets = 0;
		return level;
	}

	close(): void {
		this.closed = true;
		for (const downTrack of this.downTracks) downTrack.close();
		this.downTracks.clear();
		for (const layer of this.layers.values()) {
			clearTimeout(layer.deferredPli);
			layer.track.stop();
		}
		this.layers.clear();
	}

	private onRtp(layer: Layer, rtp: RtpPacket, extensions?: Record<string, unknown>): void {
		if (this.closed) return;
		const now = Date.now();
		const resumed = layer.lastPacketAt > 0 && now - layer.lastPacketAt >= LAYER_SILENCE_MS;
		layer.lastPacketAt = now;
		// A layer the browser starts again begins with a key frame: let subscribers waiting for
		// it switch on that very frame.
		if (resumed) this.tick();
		if (!layer.ssrc) layer.ssrc = rtp.header.ssrc;
		if (this.kind === 'audio') this.readAudioLevel(extensions);
		const descriptor = this.kind === 'video' ? readVp8Descriptor(rtp.payload) : undefined;
		for (const downTrack of this.downTracks) downTrack.forward(layer.rid, rtp, descriptor);
	}

	/**
	 * Reads the RFC 6464 audio level werift parsed from the packet's header extensions (with the
	 * publisher connection's ids). A frame taken out of a RED packet has a bare header: werift
	 * passes the extensions of the packet that carried it.
	 */
	private readAudioLevel(extensions?: Record<string, unknown>): void {
		const parsed = extensions?.[RTP_EXTENSION_URI.audioLevelIndication] as
			{ level?: number } | undefined;
		if (typeof parsed?.level !== 'number') return;
		const dbov = parsed.level;
		this.levelPackets += 1;
		if (dbov < SPEAKING_DBOV) this.levelSum += 1 - dbov / SPEAKING_DBOV;
	}
}

function layerRank(rid: string): number {
	const index = (LAYER_RIDS as readonly string[]).indexOf(rid);
	return index === -1 ? 0 : index;
}

/** What went out on one subscriber sender, which outlives the tracks werift reuses it for. */
type SenderOutput = {
	fast: SrtpForwardSender;
	lastSequence: number | undefined;
	lastTimestamp: number | undefined;
	lastSentAt: number;
	/** Video: the VP8 picture numbers last sent. */
	vp8: Vp8Sent;
};

const senderOutputs = new WeakMap<RTCRtpSender, SenderOutput>();

function outputOf(sender: RTCRtpSender): SenderOutput {
	let output = senderOutputs.get(sender);
	if (!output) {
		output = {
			fast: new SrtpForwardSender(sender),
			lastSequence: undefined,
			lastTimestamp: undefined,
			lastSentAt: 0,
			vp8: nothingSentYet()
		};
		senderOutputs.set(sender, output);
	}
	return output;
}

/** What a subscriber wants of a video track. */
export interface LayerPreference {
	/** No media at all (adaptive stream: the video element is hidden). */
	paused: boolean;
	/** Highest wanted layer rank: 0 = q (low), 1 = h, 2 = f (high). */
	maxRank: number;
}

/**
 * One subscriber's copy of a published track: the sender on its subscriber connection.
 *
 * A video decoder can only start, or go on after a gap, from a key frame. So a down track locks
 * onto a layer only with a key frame the subscriber actually receives, and a packet it does not
 * receive (its connection is not negotiated or connected yet, or its video is paused) unlocks it:
 * forwarding resumes at the next key frame, asked for as soon as it can be received, with the
 * numbering continued so the subscriber sees no gap to wait on.
 */
export class DownTrack {
	/** Layer being forwarded now; undefined until a key frame reaches the subscriber. */
	private current: string | undefined;
	/** Layer to switch to at its next key frame. */
	private target: string | undefined;
	private preference: LayerPreference = { paused: false, maxRank: 2 };
	private closed = false;
	private readonly disposePli: () => void;
	/** Rewriting of the forwarded layer's numbering into the subscriber's continuous one. */
	private sequenceOffset = 0;
	private timestampOffset = 0;
	/** Whether a packet went out yet (the first continues the sender's previous track, if any). */
	private started = false;
	/**
	 * When a key frame was last asked for since the subscriber could last receive one (video), or
	 * undefined when none was.
	 */
	private keyFrameAskedAt: number | undefined;
	private readonly output: SenderOutput;
	/** Video: the shift from the forwarded layer's picture numbers to the subscriber's. */
	private readonly vp8 = new Vp8Renumbering();
	/** Audio: the subscriber's Opus payload type, once its answer is known. */
	private opusPayloadType: number | undefined;
	/** Audio: RED built for a subscriber that negotiated it. */
	private red: RedEncoder | null = null;
	/**
	 * The subscriber has been sent the description that gives it this sender (LiveKit's "bound").
	 * Until then its packets are held back: see `bind`.
	 */
	private bound: boolean;

	constructor(
		readonly source: ForwardedTrack,
		readonly sender: RTCRtpSender,
		/** Who receives it, for logs. */
		readonly label = '',
		options: { bound?: boolean } = {}
	) {
		this.bound = options.bound ?? true;
		source.attach(this);
		// The subscriber lost a picture: ask the publisher for a key frame on the layer it gets,
		// and on the one it is about to get (that key frame is the one that will repair it).
		const { unSubscribe } = sender.onPictureLossIndication.subscribe(() => {
			source.requestKeyFrame(this.target);
			if (this.current !== this.target) source.requestKeyFrame(this.current);
		});
		this.disposePli = unSubscribe;
		this.output = outputOf(sender);
		this.reselect();
	}

	/**
	 * The description naming this sender has gone to the subscriber: packets may flow, and a key
	 * frame is asked for. A down track created unbound (on the single peer connection, bound while
	 * the client's offer is answered) sends nothing before: the connection is up and werift's
	 * sender already negotiated, so `deliverable` alone would let packets and the first key frame
	 * reach a client that has not applied the answer yet, and the down track would count that key
	 * frame as received (LiveKit binds a down track only once negotiated, for the same reason).
	 */
	bind(): void {
		if (this.bound) return;
		this.bound = true;
		this.reselect();
	}

	/**
	 * The audio payload types the subscriber's answer settled: Opus, and RED when it takes it.
	 * Until then the sender's first codec is used (Opus: the server offers it first).
	 */
	setAudioCodecs(codecs: { opus: number; red?: number }): void {
		this.opusPayloadType = codecs.opus;
		if (codecs.red === undefined) this.red = null;
		else if (this.red?.redPayloadType !== codecs.red || this.red.opusPayloadType !== codecs.opus) {
			this.red = new RedEncoder(codecs.opus, codecs.red);
		}
	}

	/** Whether this subscriber is sent RED. */
	get sendsRed(): boolean {
		return this.red !== null;
	}

	setPreference(preference: LayerPreference): void {
		this.preference = preference;
		this.reselect();
	}

	get paused(): boolean {
		return this.preference.paused;
	}

	/** Picks the target layer again (preference changed, a layer started or stopped). */
	reselect(): void {
		if (this.closed || this.source.kind !== 'video') return;
		const live = this.source.liveLayers();
		if (live.length === 0) return;
		const fitting = live.filter((rid) => layerRank(rid) <= this.preference.maxRank);
		const wanted = fitting.length > 0 ? fitting[fitting.length - 1] : live[0];
		this.target = wanted;
		// A subscriber that cannot receive yet asks once it can (see forward): a key frame sent
		// before then is lost, and it would hold the next request back by a throttle interval.
		if (this.current !== wanted && !this.preference.paused && this.receivable()) {
			this.requestKeyFrame(wanted);
		}
	}

	/** Forwards one packet of layer `rid`; a video packet comes with its VP8 descriptor. */
	forward(rid: string, rtp: RtpPacket, descriptor?: Vp8Descriptor): void {
		if (this.closed || rtp.payload.length === 0) return;
		if (this.preference.paused || !this.receivable()) {
			// A packet of the forwarded layer that never reaches the subscriber: its decoder needs
			// a key frame after it. (Other layers' packets were not going to it anyway.)
			if (rid === this.current || this.current === undefined) this.unlock();
			return;
		}
		if (this.source.kind === 'video') {
			if (rid !== this.current) {
				if (rid !== this.target || !descriptor?.keyFrame) {
					// Waiting for a key frame that can be received now: ask for one, and again while
					// none comes (a lost request or a key frame cut short on a lossy uplink; and the
					// layer still forwarded may have stopped, its publisher held to a lower one).
					const askedAt = this.keyFrameAskedAt;
					const waiting = this.current !== this.target;
					if (waiting && (askedAt === undefined || Date.now() - askedAt >= KEY_FRAME_RETRY_MS)) {
						this.requestKeyFrame(this.target);
					}
					return;
				}
				this.continueFrom(rtp);
				this.vp8.continueFrom(descriptor, this.output.vp8);
				this.current = rid;
				this.started = true;
			}
		} else if (!this.started) {
			this.started = true;
			this.continueFrom(rtp);
		}
		this.send(rtp, descriptor);
	}

	/** Whether a packet sent now reaches the subscriber. */
	private receivable(): boolean {
		return this.bound && this.output.fast.deliverable();
	}

	/** Forwarding stopped for a while: video goes on from the next key frame. */
	private unlock(): void {
		if (this.source.kind !== 'video') return;
		this.current = undefined;
		this.keyFrameAskedAt = undefined;
	}

	private requestKeyFrame(rid: string | undefined): void {
		this.keyFrameAskedAt = Date.now();
		this.source.requestKeyFrame(rid);
	}

	/**
	 * Layers have their own sequence numbers and timestamps; the subscriber must see one
	 * unbroken stream. (werift's replaceRTP wraps the timestamp offset at 16 bits, which makes
	 * the browser drop the new layer's frames as stale, so the offsets are kept here.) The same
	 * holds when werift reuses a sender (same SSRC) for another track after an unsubscribe: a new
	 * stream starting behind the old one's numbers is dropped by the browser's SRTP replay check.
	 */
	private continueFrom(rtp: RtpPacket): void {
		const output = this.output;
		if (output.lastSequence === undefined || output.lastTimestamp === undefined) return;
		this.sequenceOffset = (output.lastSequence + 1 - rtp.header.sequenceNumber) & 0xffff;
		const clock = CLOCK_PER_MS[this.source.kind];
		const elapsed = Math.max(1, Math.round((Date.now() - output.lastSentAt) * clock));
		this.timestampOffset = (output.lastTimestamp + elapsed - rtp.header.timestamp) >>> 0;
	}

	private send(rtp: RtpPacket, descriptor: Vp8Descriptor | undefined): void {
		const sequenceNumber = (rtp.header.sequenceNumber + this.sequenceOffset) & 0xffff;
		const timestamp = (rtp.header.timestamp + this.timestampOffset) >>> 0;
		const output = this.output;
		output.lastSequence = sequenceNumber;
		output.lastTimestamp = timestamp;
		output.lastSentAt = Date.now();
		forwardingCounters.packets += 1;
		const payload = this.vp8.apply(rtp.payload, descriptor, output.vp8);
		if (this.red) {
			const red = this.red.encode({ timestamp, payload: rtp.payload });
			const { marker } = rtp.header;
			if (output.fast.send(marker, sequenceNumber, timestamp, red, this.red.redPayloadType)) {
				return;
			}
			// werift's own path below sends the sender's first codec (Opus): the plain frame.
		}
		const fast = output.fast;
		if (fast.send(rtp.header.marker, sequenceNumber, timestamp, payload, this.opusPayloadType)) {
			return;
		}
		// The sender rewrites SSRC, payload type, sequence number and extensions in place: each
		// subscriber gets its own header. The publisher's extension ids mean nothing on this
		// connection, so none are carried over; the sender adds its own.
		const header = new RtpHeader({
			marker: rtp.header.marker,
			payloadType: rtp.header.payloadType,
			sequenceNumber,
			timestamp,
			ssrc: rtp.header.ssrc,
			padding: false,
			extensions: []
		});
		this.sender.sendRtp(new RtpPacket(header, payload)).catch(() => {
			// The subscriber's transport is closing; its participant cleans up.
		});
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.disposePli();
		this.output.fast.clearHistory();
		this.source.detach(this);
	}
}
