// The live-events channel, shared by the server (src/lib/server/live) and the browser
// (src/lib/live-events.svelte.ts). One channel per company carries every change a board needs;
// other features add their event types to `LiveEvent` (room occupancy from the video rooms).

import type { RunState as StandupRunState } from './standups/run-machine';
import type { PlaceKind } from './vocabulary';

/** Where someone is for one half of their day; `unset` = neither planned nor checked in. */
export type BoardPlace = {
	kind: PlaceKind | 'unset';
	houseId: string | null;
	note: string;
	/** They checked in there (QR code or "I'm here"), rather than just planning it. */
	checkedIn: boolean;
};

export type BoardStatus = {
	text: string;
	emoji: string;
	/** Do not disturb until this instant (ms), or null. */
	dndUntil: number | null;
	/** The status disappears at this instant (end of their day, in their time zone). */
	expiresAt: number;
};

/** The video room someone is in right now. Filled by the video-rooms feature; null until then. */
export type BoardRoom = { id: string; name: string; joinUrl: string };

/** A house as the board shows it. */
export type BoardHouse = {
	id: string;
	name: string;
	commune: string;
	seats: number;
	timeZone: string;
	/** ISO weekdays it opens, and its hours on its own clock: the card says when it is closed. */
	openingDays: number[];
	opensAt: string;
	closesAt: string;
};

/** One person on the presence board. */
export type BoardPerson = {
	userId: string;
	name: string;
	/** Their "today" (YYYY-MM-DD) in `timeZone`. */
	date: string;
	/** The time zone of their house today, else of their home house, else of the company's first. */
	timeZone: string;
	homeHouseId: string | null;
	/** The morning and the afternoon; equal unless they planned half-days. */
	am: BoardPlace;
	pm: BoardPlace;
	status: BoardStatus | null;
	/** Has Hameau open right now (a connected live-events client). */
	online: boolean;
	room: BoardRoom | null;
};

/**
 * A house's seats on one day as one company sees them: counts across all the companies of the
 * house, never who. The same rule as the board's and the planner's figures (seats left =
 * seats − what the other companies hold − this company's planned people).
 */
export type SeatCounts = {
	date: string;
	seats: number;
	/** Seats left for this company; below 0 when the house is over capacity. */
	seatsLeft: number;
	/** People planned at once across all the companies (check-ins included). */
	people: number;
	/** People checked in at once across all the companies. */
	checkedIn: number;
	/** Seats this company's agreement reserves that its own people do not fill yet. */
	reservedLeft: number;
	overCapacity: boolean;
	/**
	 * Whether other companies share the house (an operated house, or a company's house linked to
	 * several): only then do the pages say the figures are "across all companies".
	 */
	shared: boolean;
};

export type LiveEvent =
	/**
	 * Someone's place, check-in or status changed: their whole card, as the board shows it.
	 * `roomOnly` when all that changed is the video room they are in (they entered or left one).
	 */
	| { type: 'person'; person: BoardPerson; roomOnly?: boolean }
	/** Someone opened Hameau (first client) or closed it (last client, after a short grace). */
	| { type: 'online'; userId: string; online: boolean }
	/**
	 * Someone entered or left a video room. It carries no names: rooms open to chosen people are
	 * not everyone's business, so each page reloads the occupancy its reader may see.
	 */
	| { type: 'occupancy' }
	/**
	 * Who is in the company or which houses it works from changed. With `userId`, only that
	 * person (they joined, left, or chose a home house): boards read their card again. Without, the
	 * houses (one was created, edited or archived, an agreement began or ended): boards read the
	 * houses and every card again. Never the whole board.
	 */
	| { type: 'company'; userId?: string }
	/**
	 * Plans or check-ins changed at a house the company works in (its own people's or another
	 * company's): the house's counts on the dates concerned, applied in place. Counts only.
	 */
	| { type: 'seats'; houseId: string; days: SeatCounts[] }
	/** A stand-up's run changed (answers, blockers, or a step of its live round): its whole state. */
	| { type: 'standup'; standupId: string; runId: string; state: StandupRunState }
	/**
	 * A notification for the one person this stream belongs to (sent to nobody else); `ring`: show
	 * it as a browser notification (their choice, and not while they asked not to be disturbed).
	 */
	| { type: 'notification'; notification: NotificationView; unread: number; ring: boolean }
	/** A knock that involves the person this stream belongs to (sent to its two people only). */
	| { type: 'knock'; knock: KnockView }
	/**
	 * For one person in a call: how much video their house's shared link leaves them (sent to
	 * nobody else). Counts only: it names the house, never who else is in calls from there.
	 */
	| { type: 'link-budget'; budget: LinkBudgetView }
	/**
	 * On an operator's stream only: plans or check-ins changed at one of its houses on these dates.
	 * It carries no people and no counts: each page reads again what its reader may see.
	 */
	| { type: 'house-activity'; houseId: string; dates: string[] };

/** A knock on a colleague's door, as both of its people see it. */
export type KnockView = {
	id: string;
	status: 'ringing' | 'accepted' | 'declined' | 'missed' | 'cancelled';
	fromUserId: string;
	fromName: string;
	toUserId: string;
	toName: string;
	/** The knocked person asked not to be disturbed: it does not ring, it waits in their centre. */
	quiet: boolean;
	/** The call an accepted knock opened (its page). */
	roomLink: string | null;
};

/** A simulcast layer, LiveKit's names: low ≈ 180p, medium ≈ 360p, high ≈ 720p. */
export type Layer = 'low' | 'medium' | 'high';
/** The highest layer allowed, or none at all (no camera sent / audio only received). */
export type LayerCap = Layer | 'none';
/** Why video was reduced: the house's upload, its download. */
export type ReducedBy = 'uplink' | 'downlink';

/**
 * What a house's declared link leaves one person in a call (docs/media.md, "A house's link"):
 * null caps mean no limit. `house` is null when they are at no house with a declared link.
 */
export type LinkBudgetView = {
	house: { id: string; name: string } | null;
	/** People in calls from that house right now, across every company working there. */
	people: number;
	/** The highest camera layer to send ('none': camera off). */
	send: LayerCap | null;
	/** The highest video quality to receive ('none': audio only). */
	receive: LayerCap | null;
	reducedBy: ReducedBy[];
};

/** A notification as the centre and the bell show it. */
export type NotificationView = {
	id: string;
	kind: string;
	/** Its text, in the reader's language, made on the server. */
	text: string;
	link: string;
	createdAt: number;
	read: boolean;
};

/** A delivered event with its position in the company's stream (`<epoch>-<seq>`). */
export type LiveMessage = { id: string; event: LiveEvent };

/** SSE event names besides the default `message` (which carries a LiveEvent as JSON). */
export const LIVE_RELOAD = 'reload';
export const LIVE_PING = 'ping';
/**
 * The person's access ended while the stream was open (its data `{"reason": …}`): the page stops
 * showing what it holds, and the client does not come back. `access`: no longer a member (of the
 * company, of the operator's staff); `session`: signed out.
 */
export const LIVE_ENDED = 'ended';
export type AccessEnd = 'access' | 'session';

/** A position in a company's stream (`<epoch>-<seq>`), or null when it is not one. */
export function parseLiveId(id: string | null): { epoch: string; seq: number } | null {
	const match = id ? /^([a-z0-9]+)-(\d+)$/.exec(id) : null;
	return match ? { epoch: match[1], seq: Number(match[2]) } : null;
}

/**
 * Is the event `id` newer than a page's data rendered at `cursor`? An id of another epoch (the
 * server restarted since) counts as newer; so does any id when the cursor is unknown.
 */
export function isAfter(id: string | null, cursor: string | null): boolean {
	const event = parseLiveId(id);
	const seen = parseLiveId(cursor);
	if (!event || !seen || event.epoch !== seen.epoch) return true;
	return event.seq > seen.seq;
}

/**
 * The events a browser's channel has received lately, so a component that starts listening after
 * its data was loaded (a page between its server load and its mount) is handed what it would
 * otherwise have missed. It knows the span it covers: from the cursor the connection started at
 * (or was reset to by a `reload`), every event after it, up to `limit` of them.
 */
export class LiveBacklog {
	private readonly messages: LiveMessage[] = [];
	private from: string | null = null;

	/** @param limit events kept; older ones are forgotten and narrow the span covered */
	constructor(private readonly limit = 200) {}

	/** Starts again from `cursor`: a new connection, or a reload after which earlier events are moot. */
	reset(cursor: string | null): void {
		this.messages.length = 0;
		this.from = cursor;
	}

	/** Records an event the channel delivered, in stream order. */
	push(message: LiveMessage): void {
		this.messages.push(message);
		if (this.messages.length > this.limit) this.from = this.messages.shift()!.id;
	}

	/**
	 * The events after `cursor`, or null when they cannot be told exactly: the cursor is older than
	 * what is kept, or of another epoch (then the data at `cursor` should be reloaded).
	 */
	since(cursor: string | null): LiveMessage[] | null {
		const after = parseLiveId(cursor);
		const from = parseLiveId(this.from);
		if (!after || !from || after.epoch !== from.epoch || after.seq < from.seq) return null;
		return this.messages.filter((message) => isAfter(message.id, cursor));
	}
}
