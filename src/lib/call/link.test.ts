import { describe, expect, it } from 'vitest';
import {
	layersUpTo,
	lowerCap,
	qualityOf,
	sampleFromStats,
	WeakLinkDetector,
	type LinkSample,
	type StatCounters
} from './link';

const good = (at: number): LinkSample => ({
	at,
	loss: 0,
	jitter: 0.01,
	rtt: 0.05,
	framesDropped: 0
});
const bad = (at: number): LinkSample => ({ ...good(at), loss: 0.2 });

/** Feeds one reading a second from `from` (s) to `to` (s), inclusive; returns the changes seen. */
function feed(
	detector: WeakLinkDetector,
	reading: (at: number) => LinkSample,
	from: number,
	to: number
) {
	const changes: Array<{ at: number; weak: boolean }> = [];
	for (let second = from; second <= to; second++) {
		if (detector.add(reading(second * 1000))) changes.push({ at: second, weak: detector.weak });
	}
	return changes;
}

describe('WeakLinkDetector', () => {
	it('pauses video after 8 s of a bad link and brings it back after 10 s of a good one', () => {
		const detector = new WeakLinkDetector();
		expect(feed(detector, good, 0, 10)).toEqual([]);
		expect(feed(detector, bad, 11, 20)).toEqual([{ at: 19, weak: true }]);
		expect(feed(detector, good, 21, 40)).toEqual([{ at: 31, weak: false }]);
	});

	it('leaves video to a link losing a few percent, as a village link does, and to a join’s settling', () => {
		// Readings taken every 2 s in calls on the village link (5 % lost each way): a newcomer's
		// video settling in (the first three), then the link's own losses.
		const losses = [0.54, 0.57, 0.31, 0.129, 0.049, 0.54, 0.57, 0.31, 0.087, 0.093, 0.08, 0.043];
		const detector = new WeakLinkDetector();
		const changes = losses.map((loss, index) =>
			detector.add({ ...good(index * 2000), loss, rtt: 0.31 })
		);
		expect(changes.some(Boolean)).toBe(false);
		expect(detector.weak).toBe(false);
	});

	it('ignores a burst shorter than the wait, and a short recovery too', () => {
		const detector = new WeakLinkDetector();
		feed(detector, bad, 0, 3);
		expect(feed(detector, good, 4, 4)).toEqual([]);
		// The countdown started again: seven more bad seconds are not enough.
		expect(feed(detector, bad, 5, 12)).toEqual([]);
		expect(detector.weak).toBe(false);
		feed(detector, bad, 13, 21);
		expect(detector.weak).toBe(true);
		// Eight good seconds, then a bad one: still paused.
		feed(detector, good, 22, 29);
		feed(detector, bad, 30, 30);
		expect(feed(detector, good, 31, 39)).toEqual([]);
		expect(detector.weak).toBe(true);
	});

	it('leaves video alone when only the processor drops frames or reads packets late', () => {
		for (const change of [{ framesDropped: 0.9 }, { jitter: 0.4 }, { jitter: 0.4, rtt: 0.2 }]) {
			const detector = new WeakLinkDetector(0, 0);
			expect(detector.add({ ...good(0), ...change })).toBe(false);
			expect(detector.weak).toBe(false);
		}
	});

	it('takes loss, round trip, or jitter or dropped frames beside them as a bad reading', () => {
		for (const change of [
			{ loss: 0.12 },
			{ rtt: 1.2 },
			{ jitter: 0.2, loss: 0.03 },
			{ jitter: 0.2, rtt: 0.4 },
			{ framesDropped: 0.5, loss: 0.03 }
		]) {
			// No wait: the first bad reading is enough.
			const detector = new WeakLinkDetector(0, 0);
			expect(detector.add({ ...good(0), ...change })).toBe(true);
		}
	});
});

describe('sampleFromStats', () => {
	it('counts losses over the interval, the worst jitter and the round trip in use', () => {
		const counters: StatCounters = new Map();
		const first = sampleFromStats(
			[
				{
					id: 'a',
					type: 'inbound-rtp',
					kind: 'audio',
					packetsLost: 10,
					packetsReceived: 1000,
					jitter: 0.01
				},
				{
					id: 'v',
					type: 'inbound-rtp',
					kind: 'video',
					packetsLost: 0,
					packetsReceived: 500,
					framesDropped: 0,
					framesReceived: 100
				},
				{
					id: 'p',
					type: 'candidate-pair',
					state: 'succeeded',
					nominated: true,
					currentRoundTripTime: 0.3
				}
			],
			counters,
			0
		);
		// The first reading has no interval to count losses over.
		expect(first).toEqual({ at: 0, loss: null, jitter: 0.01, rtt: 0.3, framesDropped: null });
		const second = sampleFromStats(
			[
				{
					id: 'a',
					type: 'inbound-rtp',
					kind: 'audio',
					packetsLost: 30,
					packetsReceived: 1080,
					jitter: 0.02
				},
				{
					id: 'v',
					type: 'inbound-rtp',
					kind: 'video',
					packetsLost: 20,
					packetsReceived: 580,
					framesDropped: 10,
					framesReceived: 120
				},
				{ id: 'q', type: 'candidate-pair', state: 'failed', currentRoundTripTime: 9 }
			],
			counters,
			2000
		);
		// 40 lost of 200 expected; 10 of 20 frames dropped; no pair in use this time.
		expect(second).toEqual({ at: 2000, loss: 0.2, jitter: 0.02, rtt: null, framesDropped: 0.5 });
		expect(qualityOf(second)).toBe('poor');
		expect(qualityOf(good(0))).toBe('excellent');
	});
});

describe('lowerCap', () => {
	it('takes the lower, none lowest, null as no limit', () => {
		expect(lowerCap(null, 'medium')).toBe('medium');
		expect(lowerCap('high', null)).toBe('high');
		expect(lowerCap('low', 'medium')).toBe('low');
		expect(lowerCap('none', 'low')).toBe('none');
		expect(lowerCap(null, null)).toBe(null);
	});
});

describe('layersUpTo', () => {
	const simulcast = (): RTCRtpEncodingParameters[] => [
		{ rid: 'q', active: true },
		{ rid: 'h', active: true },
		{ rid: 'f' }
	];
	const actives = (encodings: RTCRtpEncodingParameters[]) =>
		encodings.map((encoding) => encoding.active !== false);

	it('turns off the layers above the cap and says it changed them', () => {
		const encodings = simulcast();
		expect(layersUpTo(encodings, 0)).toBe(true);
		expect(actives(encodings)).toEqual([true, false, false]);
		expect(layersUpTo(encodings, 0)).toBe(false);
	});

	it('turns layers back on up to a higher cap', () => {
		const encodings = simulcast();
		layersUpTo(encodings, 0);
		expect(layersUpTo(encodings, 1)).toBe(true);
		expect(actives(encodings)).toEqual([true, true, false]);
		expect(layersUpTo(encodings, 2)).toBe(true);
		expect(actives(encodings)).toEqual([true, true, true]);
	});

	it('reads a single unnamed encoding as the lowest layer', () => {
		const encodings: RTCRtpEncodingParameters[] = [{}];
		expect(layersUpTo(encodings, 0)).toBe(false);
		expect(actives(encodings)).toEqual([true]);
	});
});
