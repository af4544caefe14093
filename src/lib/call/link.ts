// The call's side of a weak link, as pure parts: caps combined (the person's choice, their house's
// link budget, their own link), the weak-link detector with its hysteresis, and the connection
// quality read from the browser's WebRTC statistics. session.svelte.ts applies them.
import type { Layer, LayerCap } from '$lib/live-events';
import type { Bandwidth } from './choices';
import type { QualityName } from './tiles';

/**
 * What a microphone is published at, kbit/s: livekit-client's speech preset (AudioPresets.speech),
 * not its default music preset (48). Speech needs no more, and with RED every frame goes out twice:
 * at 48 a microphone cost a village house about 96 kbit/s of its uplink (bench/results). The house's
 * link budget counts it from this figure (link-allocation.ts).
 */
export const MICROPHONE_KBPS = 24;

const RANK: Readonly<Record<LayerCap, number>> = { none: -1, low: 0, medium: 1, high: 2 };

/** The lower of two caps; null is no limit. */
export function lowerCap(a: LayerCap | null, b: LayerCap | null): LayerCap | null {
	if (a === null) return b;
	if (b === null) return a;
	return RANK[a] <= RANK[b] ? a : b;
}

/** What the person's own bandwidth choice allows to receive. */
export function choiceCap(bandwidth: Bandwidth): LayerCap {
	return bandwidth === 'audio' ? 'none' : bandwidth === 'low' ? 'low' : 'high';
}

/** A cap as livekit-client's VideoQuality number (LOW 0, MEDIUM 1, HIGH 2); none has none. */
export function qualityIndex(layer: Layer): 0 | 1 | 2 {
	return RANK[layer] as 0 | 1 | 2;
}

/**
 * Turns off, in a simulcast sender's encodings (low first, as livekit-client makes them and
 * `LocalMedia.publishedLayers` reads them), the layers above `maxQuality` (a VideoQuality number)
 * and turns on those up to it; whether anything changed.
 */
export function layersUpTo(encodings: RTCRtpEncodingParameters[], maxQuality: 0 | 1 | 2): boolean {
	let changed = false;
	encodings.forEach((encoding, quality) => {
		const active = quality <= maxQuality;
		if ((encoding.active !== false) === active) return;
		encoding.active = active;
		changed = true;
	});
	return changed;
}

/** One reading of the link, over the interval since the previous one. */
export type LinkSample = {
	/** Milliseconds (any clock that only moves forward). */
	at: number;
	/** Share of packets lost (0–1) over the interval; null when nothing was expected. */
	loss: number | null;
	/** Worst inbound jitter, in seconds. */
	jitter: number | null;
	/** Round trip of the selected candidate pair, in seconds. */
	rtt: number | null;
	/** Share of video frames dropped by the decoder (0–1) over the interval. */
	framesDropped: number | null;
};

/**
 * Beyond any of these, video cannot keep up: audio still can (Opus conceals a few losses). The
 * loss limit is where the sender's own congestion control (Google's, in every browser) stops
 * holding its rate and cuts it: up to 10 % loss the video adapts to the link and still flows. A
 * village link losing 5 % each way measures 3–10 % per reading, end to end, with video playing.
 */
export const WEAK_LIMITS = { loss: 0.1, jitter: 0.1, rtt: 0.8, framesDropped: 0.3 } as const;

/**
 * Whether one reading says video cannot keep up. Loss and the round trip are the link's own
 * signs. Jitter and frames dropped by the decoder are also what a device short of processor
 * shows on a healthy network — the receiving browser reads packets late, the decoder falls
 * behind — and pausing video would not spare the link then: they count only beside some loss or
 * a long round trip. (A loaded machine once paused video on both pages of a call on a perfect
 * link, on jitter alone.)
 */
export function isBad(sample: LinkSample): boolean {
	const loss = sample.loss ?? 0;
	const rtt = sample.rtt ?? 0;
	const strained = loss > 0.02 || rtt > 0.3;
	return (
		loss > WEAK_LIMITS.loss ||
		rtt > WEAK_LIMITS.rtt ||
		(strained && (sample.jitter ?? 0) > WEAK_LIMITS.jitter) ||
		(strained && (sample.framesDropped ?? 0) > WEAK_LIMITS.framesDropped)
	);
}

/**
 * Decides "video cannot keep up" from readings, with hysteresis so that video neither flaps on a
 * burst nor comes back to a link that only caught its breath: bad for `dropAfterMs` to pause it,
 * good for `resumeAfterMs` to bring it back. The wait to pause outlasts a join's settling: on a
 * thin uplink a newcomer's first keyframes and layers, before the congestion control has found
 * the link, are lost by a third to a half for four to six seconds (measured on the village link);
 * with a 5 s wait that paused video now and then for a link that carries it well.
 */
export class WeakLinkDetector {
	weak = false;
	private since: number | null = null;

	constructor(
		private readonly dropAfterMs = 8_000,
		private readonly resumeAfterMs = 10_000
	) {}

	/** Takes one reading; returns true when `weak` changed. */
	add(sample: LinkSample): boolean {
		const bad = isBad(sample);
		// A reading that agrees with the current state resets the countdown to change it.
		if (bad === this.weak) {
			this.since = null;
			return false;
		}
		this.since ??= sample.at;
		const needed = this.weak ? this.resumeAfterMs : this.dropAfterMs;
		if (sample.at - this.since < needed) return false;
		this.weak = bad;
		this.since = null;
		return true;
	}

	reset(): void {
		this.weak = false;
		this.since = null;
	}
}

/** The connection quality a reading shows on the person's own tile. */
export function qualityOf(sample: LinkSample): QualityName {
	if (isBad(sample)) return 'poor';
	const loss = sample.loss ?? 0;
	const rtt = sample.rtt ?? 0;
	if (loss > 0.02 || rtt > 0.3 || (sample.jitter ?? 0) > 0.03) return 'good';
	return 'excellent';
}

/** The fields of RTCStats entries a reading uses (the browser gives more). */
export type StatEntry = {
	id: string;
	type: string;
	kind?: string;
	/** The received MediaStreamTrack's id (inbound-rtp). */
	trackIdentifier?: string;
	packetsLost?: number;
	packetsReceived?: number;
	jitter?: number;
	framesDropped?: number;
	framesReceived?: number;
	currentRoundTripTime?: number;
	state?: string;
	nominated?: boolean;
};

/** Counters kept between readings, by stats id. */
export type StatCounters = Map<
	string,
	{ lost: number; received: number; dropped: number; frames: number }
>;

/**
 * One reading from the stats of every received track: packets lost over the interval (inbound
 * counters since the previous reading, in `counters`), the worst jitter, frames dropped, and the
 * round trip of the candidate pair in use.
 */
export function sampleFromStats(
	entries: Iterable<StatEntry>,
	counters: StatCounters,
	at: number
): LinkSample {
	let lost = 0;
	let expected = 0;
	let dropped = 0;
	let frames = 0;
	let jitter: number | null = null;
	let rtt: number | null = null;
	const seen = new Set<string>();
	for (const entry of entries) {
		if (entry.type === 'candidate-pair' && entry.state === 'succeeded') {
			if (entry.currentRoundTripTime !== undefined && (entry.nominated ?? true)) {
				rtt = Math.max(rtt ?? 0, entry.currentRoundTripTime);
			}
			continue;
		}
		if (entry.type !== 'inbound-rtp' || seen.has(entry.id)) continue;
		seen.add(entry.id);
		if (entry.jitter !== undefined) jitter = Math.max(jitter ?? 0, entry.jitter);
		const now = {
			lost: entry.packetsLost ?? 0,
			received: entry.packetsReceived ?? 0,
			dropped: entry.framesDropped ?? 0,
			frames: entry.framesReceived ?? 0
		};
		const before = counters.get(entry.id);
		counters.set(entry.id, now);
		if (!before) continue;
		const newLost = Math.max(0, now.lost - before.lost);
		lost += newLost;
		expected += newLost + Math.max(0, now.received - before.received);
		dropped += Math.max(0, now.dropped - before.dropped);
		frames += Math.max(0, now.frames - before.frames);
	}
	return {
		at,
		loss: expected > 0 ? lost / expected : null,
		jitter,
		rtt,
		framesDropped: frames > 0 ? dropped / frames : null
	};
}
