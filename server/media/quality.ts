// Connection quality measured, scored as LiveKit scores it (livekit/livekit
// pkg/sfu/connectionquality): a simplified E-model of packet loss, jitter and round-trip time over
// each window (the room's 5 s quality interval), smoothed — quick to fall, slow to recover — and
// mapped to EXCELLENT (> 80), GOOD (> 40) or POOR; LOST when a peer connection is down.
//
// What it is measured from:
// - what a participant receives (down): the RTCP receiver reports its browser sends for each
//   track this server forwards to it — cumulative loss and highest sequence number (loss over the
//   window), interarrival jitter, and the round-trip time werift derives from LSR/DLSR;
// - what it publishes (up): werift's receive statistics of each published stream (packets
//   received and lost, jitter), with the participant's round-trip time measured down, as LiveKit
//   does (an upstream RTT needs RTCP XR, which browsers do not send).
// A participant's quality is its worst stream's, as in LiveKit.
import { ConnectionQuality } from '@livekit/protocol';
import type { RTCRtpReceiver, RTCRtpSender, RtcpPacket } from 'werift';

const MAX_SCORE = 100;
/** A stream that should flow and delivered nothing in a window. */
const DRY_SCORE = 30;
/** Floor, so a score recovers within a few windows once the link does. */
const MIN_SCORE = 20;
/** Smoothing: a better window moves the score 40% of the way, a worse one 70%. */
const INCREASE_FACTOR = 0.4;
const DECREASE_FACTOR = 0.7;
/** RTCP receiver report packet type. */
const RTCP_RR = 201;
const RTCP_SR = 200;

/** One stream's figures over one window. */
export interface QualityWindow {
	/** Packets expected (sent) in the window. */
	expected: number;
	/** Packets lost in the window. */
	lost: number;
	/** Interarrival jitter at the end of the window, in milliseconds. */
	jitterMs: number;
	/** Round-trip time, in milliseconds (0 when not measured). */
	rttMs: number;
	/** Length of the window, in milliseconds. */
	durationMs: number;
}

/**
 * How much a lost packet costs, per codec (LiveKit's weights): Opus with in-band FEC (which this
 * server always negotiates) falls to GOOD at 3.75% loss and POOR at 11.25%; RED at 15% and 45%;
 * video at 2% and 6%.
 */
export function packetLossWeight(kind: 'audio' | 'video', red: boolean): number {
	if (kind === 'video') return 10;
	return (red ? 2 : 8) / 1.5;
}

/** The window's score (0–100) before smoothing. */
export function packetScore(window: QualityWindow, lossWeight: number): number {
	const effectiveDelay = window.rttMs / 2 + window.jitterMs * 2;
	const delayEffect = effectiveDelay > 160 ? (effectiveDelay - 120) / 10 : effectiveDelay / 40;
	const lossPercent = window.expected > 0 ? (Math.max(0, window.lost) * 100) / window.expected : 0;
	return Math.max(0, MAX_SCORE - delayEffect - lossPercent * lossWeight);
}

/** LiveKit's mapping of a score to the three levels clients show. */
export function scoreToQuality(score: number): ConnectionQuality {
	if (score > 80) return ConnectionQuality.EXCELLENT;
	if (score > 40) return ConnectionQuality.GOOD;
	return ConnectionQuality.POOR;
}

/** A MOS estimate (1–4.5) from a score read as an E-model R factor (ITU-T G.107 Annex B). */
export function scoreToMos(score: number): number {
	if (score <= 0) return 1;
	if (score >= 100) return 4.5;
	return 1 + 0.035 * score + 0.000007 * score * (score - 60) * (100 - score);
}

/** One stream's smoothed score. */
export class StreamScorer {
	score = MAX_SCORE;
	/** Highest packet rate seen: DTX silence sends far fewer packets, and each then matters less. */
	private maxPacketsPerSecond = 0;

	constructor(private readonly lossWeight: number) {}

	/** Folds one window in; `null` = nothing flowed that should have (a dry window). */
	update(window: QualityWindow | null): void {
		let next: number;
		if (!window || window.expected <= 0) next = DRY_SCORE;
		else {
			const rate = window.expected / Math.max(window.durationMs / 1000, 0.001);
			this.maxPacketsPerSecond = Math.max(this.maxPacketsPerSecond, rate);
			const ratio = rate / this.maxPacketsPerSecond;
			const raw = packetScore(window, this.lossWeight * ratio * ratio);
			const factor = raw < this.score ? DECREASE_FACTOR : INCREASE_FACTOR;
			next = factor * raw + (1 - factor) * this.score;
		}
		this.score = Math.max(MIN_SCORE, next);
	}

	get quality(): ConnectionQuality {
		return scoreToQuality(this.score);
	}
}

type ReceiverReport = {
	ssrc: number;
	packetsLost: number;
	highestSequence: number;
	jitter: number;
};

/**
 * Reads the receiver reports a subscriber sends about one forwarded track (werift's sender hands
 * every RTCP packet of its connection to `onRtcp`) and turns them into windows.
 */
export class ReceiverReports {
	private latest: ReceiverReport | null = null;
	private taken: ReceiverReport | null = null;
	private takenAt = Date.now();
	private readonly dispose: () => void;

	constructor(
		private readonly sender: RTCRtpSender,
		/** RTP clock rate, to read jitter (in timestamp units) as time. */
		private readonly clockRate: number
	) {
		const { unSubscribe } = sender.onRtcp.subscribe((packet) => this.read(packet));
		this.dispose = unSubscribe;
	}

	private read(packet: RtcpPacket): void {
		if (packet.type !== RTCP_RR && packet.type !== RTCP_SR) return;
		const reports = (packet as unknown as { reports: ReceiverReport[] }).reports;
		const report = reports.find((entry) => entry.ssrc === this.sender.ssrc);
		if (report) this.latest = { ...report };
	}

	/** The window since the last call; null when no new report came (nothing to judge). */
	take(now = Date.now()): QualityWindow | null {
		const latest = this.latest;
		const previous = this.taken;
		const durationMs = now - this.takenAt;
		if (!latest || latest === previous) return null;
		this.taken = latest;
		this.takenAt = now;
		if (!previous) return null;
		// Extended highest sequence numbers: differences are exact, wraps included.
		const expected = (latest.highestSequence - previous.highestSequence) >>> 0;
		if (expected === 0 || expected > 0x7fffffff) return null;
		return {
			expected,
			lost: latest.packetsLost - previous.packetsLost,
			jitterMs: (latest.jitter / this.clockRate) * 1000,
			rttMs: this.roundTripMs(now),
			durationMs
		};
	}

	/**
	 * werift's round-trip time from the reports' LSR/DLSR (smoothed), in milliseconds. Read from
	 * the sender's own statistics: `getStats()` would also gather the transport's, ICE included.
	 */
	private roundTripMs(now: number): number {
		for (const stats of this.sender.collectStats(now)) {
			const remote = stats as { type?: string; roundTripTime?: number };
			if (remote.type === 'remote-inbound-rtp' && remote.roundTripTime !== undefined) {
				return remote.roundTripTime * 1000;
			}
		}
		return 0;
	}

	close(): void {
		this.dispose();
	}
}

type Counts = { received: number; lost: number; jitterMs: number };

/** Turns werift's cumulative receive statistics of a published track into windows. */
export class InboundStats {
	private previous: Counts | null = null;
	private previousAt = Date.now();

	constructor(private readonly receiver: RTCRtpReceiver) {}

	/**
	 * The window since the last call (`rttMs` is the participant's, measured down). Read from the
	 * receiver's own statistics: `getStats()` would also gather the transport's, ICE included.
	 */
	take(rttMs: number, now = Date.now()): QualityWindow | null {
		const counts: Counts = { received: 0, lost: 0, jitterMs: 0 };
		for (const stats of this.receiver.collectStats(now)) {
			if ((stats as { type?: string }).type !== 'inbound-rtp') continue;
			const inbound = stats as { packetsReceived?: number; packetsLost?: number; jitter?: number };
			counts.received += inbound.packetsReceived ?? 0;
			counts.lost += inbound.packetsLost ?? 0;
			counts.jitterMs = Math.max(counts.jitterMs, (inbound.jitter ?? 0) * 1000);
		}
		const previous = this.previous;
		const durationMs = now - this.previousAt;
		this.previous = counts;
		this.previousAt = now;
		if (!previous) return null;
		const received = counts.received - previous.received;
		const lost = counts.lost - previous.lost;
		return {
			expected: Math.max(0, received + lost),
			lost,
			jitterMs: counts.jitterMs,
			rttMs,
			durationMs
		};
	}
}

/** A participant's streams as its quality is measured from them. */
export interface MeasuredStreams {
	/** What it publishes (unmuted tracks), by track sid. */
	published: Array<{
		trackSid: string;
		kind: 'audio' | 'video';
		red: boolean;
		receiver: RTCRtpReceiver;
	}>;
	/** What it receives, by track sid: the sender on its subscriber connection. */
	received: Array<{
		trackSid: string;
		kind: 'audio' | 'video';
		red: boolean;
		sender: RTCRtpSender;
	}>;
}

type Down = { sender: RTCRtpSender; reports: ReceiverReports; scorer: StreamScorer };
type Up = { receiver: RTCRtpReceiver; stats: InboundStats; scorer: StreamScorer };

/**
 * One participant's measured quality: a scorer per stream it sends and receives, fed once per
 * quality interval. A window with nothing in it is not scored (LiveKit scores it as poor): here a
 * muted microphone, a layer the browser paused and a track nobody watches all look the same.
 */
export class ParticipantQuality {
	private readonly down = new Map<string, Down>();
	private readonly up = new Map<string, Up>();

	measure(streams: MeasuredStreams, now = Date.now()): void {
		let rttMs = 0;
		const receiving = new Set(streams.received.map((stream) => stream.trackSid));
		for (const [trackSid, entry] of this.down) {
			if (!receiving.has(trackSid)) {
				entry.reports.close();
				this.down.delete(trackSid);
			}
		}
		for (const stream of streams.received) {
			let entry = this.down.get(stream.trackSid);
			if (!entry || entry.sender !== stream.sender) {
				entry?.reports.close();
				const clockRate = stream.kind === 'audio' ? 48_000 : 90_000;
				entry = {
					sender: stream.sender,
					reports: new ReceiverReports(stream.sender, clockRate),
					scorer: new StreamScorer(packetLossWeight(stream.kind, stream.red))
				};
				this.down.set(stream.trackSid, entry);
			}
			const window = entry.reports.take(now);
			if (!window) continue;
			entry.scorer.update(window);
			rttMs = Math.max(rttMs, window.rttMs);
		}
		const publishing = new Set(streams.published.map((stream) => stream.trackSid));
		for (const trackSid of this.up.keys()) if (!publishing.has(trackSid)) this.up.delete(trackSid);
		for (const stream of streams.published) {
			let entry = this.up.get(stream.trackSid);
			if (!entry || entry.receiver !== stream.receiver) {
				entry = {
					receiver: stream.receiver,
					stats: new InboundStats(stream.receiver),
					scorer: new StreamScorer(packetLossWeight(stream.kind, stream.red))
				};
				this.up.set(stream.trackSid, entry);
			}
			const window = entry.stats.take(rttMs, now);
			if (window && window.expected > 0) entry.scorer.update(window);
		}
	}

	/** The worst stream's score (100 before anything was measured). */
	get score(): number {
		let score = MAX_SCORE;
		for (const entry of [...this.down.values(), ...this.up.values()]) {
			score = Math.min(score, entry.scorer.score);
		}
		return score;
	}

	close(): void {
		for (const entry of this.down.values()) entry.reports.close();
		this.down.clear();
		this.up.clear();
	}
}
