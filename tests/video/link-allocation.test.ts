// Sharing a house's link: audio is never cut before video, screens go before cameras, every
// camera at the same layer, the downlink over what each person receives, no link no limit.
import { AudioPresets, VideoPresets, ScreenSharePresets } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import {
	allocateLink,
	AUDIO_KBPS,
	LAYER_KBPS,
	SCREEN_KBPS,
	SEND_KBPS,
	type CallSize,
	type LinkCaller
} from '../../src/lib/server/video/link-allocation';
import { MICROPHONE_KBPS } from '../../src/lib/call/link';

/** `count` callers in room `roomId`; the first `screens` of them share a screen. */
function callers(count: number, roomId = 'r1', screens = 0): LinkCaller[] {
	return Array.from({ length: count }, (_, index) => ({ roomId, sharesScreen: index < screens }));
}

function calls(entries: Record<string, CallSize>): Map<string, CallSize> {
	return new Map(Object.entries(entries));
}

describe('allocateLink', () => {
	it('costs layers as livekit-client encodes them by default', () => {
		expect(LAYER_KBPS.low * 1000).toBe(VideoPresets.h180.encoding.maxBitrate);
		expect(LAYER_KBPS.medium * 1000).toBe(VideoPresets.h360.encoding.maxBitrate);
		expect(LAYER_KBPS.high * 1000).toBe(VideoPresets.h720.encoding.maxBitrate);
		expect(SCREEN_KBPS * 1000).toBe(ScreenSharePresets.h1080fps15.encoding.maxBitrate);
	});

	it('costs a microphone as the browser sends it: Opus twice over (RED) and its headers', () => {
		// The call publishes microphones at LiveKit's speech preset (media.svelte.ts).
		expect(MICROPHONE_KBPS * 1000).toBe(AudioPresets.speech.maxBitrate);
		// Two people on 420 kbit/s up: two lowest camera layers (320) leave 100, less than their two
		// microphones really send (the village bench measured what a microphone sends: RED carries
		// each Opus frame twice, and 50 packets a second carry their RTP, UDP, IP and SRTP headers).
		const two = allocateLink({
			uplinkKbps: 420,
			downlinkKbps: null,
			callers: callers(2),
			calls: calls({ r1: { people: 2, screens: 0 } })
		});
		expect(two.send).toBe('none');
		expect(AUDIO_KBPS).toBeGreaterThanOrEqual(2 * MICROPHONE_KBPS + 20);
	});

	it('sets no limit without a declared link', () => {
		const result = allocateLink({
			uplinkKbps: null,
			downlinkKbps: null,
			callers: callers(12),
			calls: calls({ r1: { people: 12, screens: 0 } })
		});
		expect(result).toEqual({ send: null, receive: null, reducedBy: [], audioOverBudget: false });
	});

	it('gives every camera the same, highest layer that fits after audio', () => {
		// Two people: audio 80, then 2 × 610 (low + medium) fits in 1400 but 2 × 2310 does not.
		const result = allocateLink({
			uplinkKbps: 80 + 2 * SEND_KBPS.medium + 100,
			downlinkKbps: null,
			callers: callers(2),
			calls: calls({ r1: { people: 2, screens: 0 } })
		});
		expect(result.send).toBe('medium');
		expect(result.reducedBy).toEqual(['uplink']);
	});

	it('keeps full video when the link holds it', () => {
		const result = allocateLink({
			uplinkKbps: 10_000,
			downlinkKbps: 50_000,
			callers: callers(2),
			calls: calls({ r1: { people: 4, screens: 0 } })
		});
		expect(result).toEqual({
			send: 'high',
			receive: 'high',
			reducedBy: [],
			audioOverBudget: false
		});
	});

	it('cuts every camera before any audio', () => {
		const four = { callers: callers(4), calls: calls({ r1: { people: 4, screens: 0 } }) };
		// Four microphones and four lowest layers: exactly what fits.
		const enough = 4 * AUDIO_KBPS + 4 * SEND_KBPS.low;
		expect(allocateLink({ ...four, uplinkKbps: enough, downlinkKbps: null }).send).toBe('low');
		// One kbit/s less: the cameras go, the microphones stay.
		const short = allocateLink({ ...four, uplinkKbps: enough - 1, downlinkKbps: null });
		expect(short.send).toBe('none');
		expect(short.audioOverBudget).toBe(false);
		// Even a link below the audio itself never cuts it: it is flagged, and video is off.
		const starved = allocateLink({ ...four, uplinkKbps: 100, downlinkKbps: null });
		expect(starved.send).toBe('none');
		expect(starved.audioOverBudget).toBe(true);
	});

	it('keeps a shared screen before the cameras', () => {
		const link = 2 * AUDIO_KBPS + SCREEN_KBPS + 2 * SEND_KBPS.low + 50;
		const withScreen = allocateLink({
			uplinkKbps: link,
			downlinkKbps: null,
			callers: callers(2, 'r1', 1),
			calls: calls({ r1: { people: 2, screens: 1 } })
		});
		// The screen takes its whole share: cameras go down to the lowest layer.
		expect(withScreen.send).toBe('low');
		const withoutScreen = allocateLink({
			uplinkKbps: link,
			downlinkKbps: null,
			callers: callers(2),
			calls: calls({ r1: { people: 2, screens: 0 } })
		});
		expect(withoutScreen.send).toBe('medium');
	});

	it('shares the downlink over what each person receives', () => {
		// Two people of the house, each in a call of 5: each hears 4 and may watch 4 cameras.
		const audio = 2 * 4 * AUDIO_KBPS;
		const result = allocateLink({
			uplinkKbps: null,
			downlinkKbps: audio + 8 * LAYER_KBPS.medium,
			callers: [
				{ roomId: 'a', sharesScreen: false },
				{ roomId: 'b', sharesScreen: false }
			],
			calls: calls({ a: { people: 5, screens: 0 }, b: { people: 5, screens: 0 } })
		});
		expect(result.receive).toBe('medium');
		expect(result.reducedBy).toEqual(['downlink']);
		// Below the lowest layer for everyone: audio only, the audio itself untouched.
		const audioOnly = allocateLink({
			uplinkKbps: null,
			downlinkKbps: audio + 100,
			callers: [
				{ roomId: 'a', sharesScreen: false },
				{ roomId: 'b', sharesScreen: false }
			],
			calls: calls({ a: { people: 5, screens: 0 }, b: { people: 5, screens: 0 } })
		});
		expect(audioOnly.receive).toBe('none');
		expect(audioOnly.audioOverBudget).toBe(false);
	});

	it('counts a screen received before the cameras received', () => {
		const result = allocateLink({
			uplinkKbps: null,
			downlinkKbps: 2 * AUDIO_KBPS + SCREEN_KBPS + 2 * LAYER_KBPS.low,
			callers: callers(1),
			calls: calls({ r1: { people: 3, screens: 1 } })
		});
		expect(result.receive).toBe('low');
	});

	it('reduces nothing for someone alone in a call', () => {
		const result = allocateLink({
			uplinkKbps: null,
			downlinkKbps: 64,
			callers: callers(1),
			calls: calls({ r1: { people: 1, screens: 0 } })
		});
		expect(result.receive).toBe('high');
		expect(result.reducedBy).toEqual([]);
	});
});
