// How a house's declared internet link is shared by the calls of the people there, as a pure
// function (link-budget.ts gathers who is where and tells them). Audio first, then shared screens,
// then cameras, all at the same simulcast layer; the downlink likewise over what each person
// receives.
import { MICROPHONE_KBPS } from '../../call/link';
import type { Layer, LayerCap, ReducedBy } from '../../live-events';

export type { Layer, LayerCap, ReducedBy };

/** From the lowest layer to the highest. */
export const LAYERS: readonly Layer[] = ['low', 'medium', 'high'];

/**
 * What one layer costs, kbit/s: livekit-client's default simulcast encodings for a 16:9 camera
 * (VideoPresets.h180, h360, h720; a unit test keeps them equal to the library's).
 */
export const LAYER_KBPS: Readonly<Record<Layer, number>> = { low: 160, medium: 450, high: 1700 };
/**
 * Sending with simulcast up to a layer sends every layer below it as well (the server picks one
 * per viewer), so what a camera costs the uplink is the sum.
 */
export const SEND_KBPS: Readonly<Record<Layer, number>> = {
	low: LAYER_KBPS.low,
	medium: LAYER_KBPS.low + LAYER_KBPS.medium,
	high: LAYER_KBPS.low + LAYER_KBPS.medium + LAYER_KBPS.high
};
/** Opus frames of 20 ms: packets a microphone sends a second (DTX sends fewer in silence). */
const AUDIO_PACKETS_PER_SECOND = 50;
/**
 * Headers of one audio packet, bytes: RTP with LiveKit's header extensions (about 24), UDP (8),
 * IPv4 (20) and the SRTP authentication tag (10).
 */
const AUDIO_PACKET_HEADERS_BYTES = 62;
/**
 * One microphone as the browser really sends it, kbit/s: Opus at the call's microphone bitrate
 * twice over (RED, which livekit-client turns on by default, carries each frame again in the next
 * packet) plus the headers of 50 packets a second.
 */
export const AUDIO_KBPS = Math.ceil(
	2 * MICROPHONE_KBPS + (AUDIO_PACKETS_PER_SECOND * AUDIO_PACKET_HEADERS_BYTES * 8) / 1000
);
/** A shared screen: livekit-client's default screen share encoding (ScreenSharePresets.h1080fps15). */
export const SCREEN_KBPS = 2500;

/** One person of the house in a call (one connection: two tabs count twice, as they send twice). */
export type LinkCaller = {
	/** The call (room) they are in. */
	roomId: string;
	sharesScreen: boolean;
};

/** A call seen whole, whatever house its people are at: what each person in it receives. */
export type CallSize = {
	/** People in the call. */
	people: number;
	/** Screens shared in it. */
	screens: number;
};

export type LinkInput = {
	/** Declared kbit/s, or null: not declared, no limit. */
	uplinkKbps: number | null;
	downlinkKbps: number | null;
	callers: readonly LinkCaller[];
	/** Every call a caller is in, by room id. */
	calls: ReadonlyMap<string, CallSize>;
};

export type LinkAllocation = {
	/** The highest camera layer each caller sends; null: no limit (no declared uplink). */
	send: LayerCap | null;
	/** The highest video quality each caller receives ('none': audio only); null: no limit. */
	receive: LayerCap | null;
	/** The links that made video go below its best; empty when nothing was reduced. */
	reducedBy: ReducedBy[];
	/** The audio alone does not fit: it is sent anyway (never cut), the link will queue. */
	audioOverBudget: boolean;
};

/** The highest cap whose cost for everyone fits in `left` kbit/s ('none' when not even the lowest). */
function highestFitting(left: number, cost: (layer: Layer) => number): LayerCap {
	for (const layer of [...LAYERS].reverse()) {
		if (cost(layer) <= left) return layer;
	}
	return 'none';
}

/**
 * Shares a house's link between its callers. Audio is never cut: it is counted first and always
 * sent, even above the link (then nothing else is). Shared screens come next and are kept whole
 * (they are what a meeting is looking at). Cameras share what is left, every camera at the same
 * layer, counted as if every caller's camera were on: the budget is for the call the house can
 * have, so turning a camera on never overloads it.
 */
export function allocateLink(input: LinkInput): LinkAllocation {
	const { callers, calls } = input;
	const reducedBy: ReducedBy[] = [];
	let audioOverBudget = false;

	let send: LayerCap | null = null;
	if (input.uplinkKbps !== null && callers.length > 0) {
		const audio = callers.length * AUDIO_KBPS;
		const screens = callers.filter((caller) => caller.sharesScreen).length * SCREEN_KBPS;
		if (audio > input.uplinkKbps) audioOverBudget = true;
		const left = input.uplinkKbps - audio - screens;
		send = highestFitting(left, (layer) => callers.length * SEND_KBPS[layer]);
		if (send !== 'high') reducedBy.push('uplink');
	}

	let receive: LayerCap | null = null;
	if (input.downlinkKbps !== null && callers.length > 0) {
		let audio = 0;
		let screens = 0;
		let cameras = 0;
		for (const caller of callers) {
			const call = calls.get(caller.roomId) ?? { people: 1, screens: 0 };
			const others = Math.max(0, call.people - 1);
			audio += others * AUDIO_KBPS;
			screens += Math.max(0, call.screens - (caller.sharesScreen ? 1 : 0)) * SCREEN_KBPS;
			cameras += others;
		}
		if (audio > input.downlinkKbps) audioOverBudget = true;
		const left = input.downlinkKbps - audio - screens;
		receive = highestFitting(left, (layer) => cameras * LAYER_KBPS[layer]);
		// Nobody else to watch: nothing was reduced, whatever the link.
		if (cameras === 0) receive = 'high';
		if (receive !== 'high') reducedBy.push('downlink');
	}

	return { send, receive, reducedBy, audioOverBudget };
}
