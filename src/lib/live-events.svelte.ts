// The browser side of the live-events channel: one EventSource per open company page that
// reconnects by itself and catches up on what it missed. EventSource retries on its own after a
// dropped connection (sending Last-Event-ID); when it gives up (an error status, a server
// restart) or goes silent (a laptop that slept), we open a fresh one with the last id we saw.
// When the person's access ends (removed, signed out), it stops for good and says so.
import { getContext, setContext } from 'svelte';
import {
	isAfter,
	LIVE_ENDED,
	LIVE_PING,
	LIVE_RELOAD,
	LiveBacklog,
	type AccessEnd,
	type LiveEvent
} from './live-events';

/** No byte for this long (the server pings every 20 s) means the connection is dead. */
const SILENCE_LIMIT_MS = 45_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * `connecting` until the stream first opens, `reconnecting` when it was live and dropped,
 * `offline` when the browser says it has no network, `ended` once the person's access ended.
 */
export type LiveState = 'connecting' | 'reconnecting' | 'live' | 'offline' | 'ended';

export type LiveHandlers = {
	event: (event: LiveEvent, id: string | null) => void;
	/**
	 * Missed events are gone (too far behind, or the server restarted): reload the data. `id` is
	 * the stream's position the reloaded data should be current to.
	 */
	reload: (id: string | null) => void | Promise<void>;
	/** The person's access ended (the stream said so, or a check after it gave up): it stopped. */
	ended?: (reason: AccessEnd) => void;
};

export class LiveEvents {
	state = $state<LiveState>('connecting');
	/** Whether the stream has opened once: a page just opened is connecting, not reconnecting. */
	private wasLive = false;
	private source: EventSource | null = null;
	private lastId: string | null;
	private lastHeard = 0;
	private backoff = 1000;
	private retryTimer: ReturnType<typeof setTimeout> | undefined;
	private watchdog: ReturnType<typeof setInterval> | undefined;
	private stopped = false;

	/**
	 * @param url the company's events endpoint
	 * @param cursor the id the page's data is current to: events after it are replayed first
	 */
	constructor(
		private readonly url: string,
		cursor: string | null,
		private readonly handlers: LiveHandlers
	) {
		this.lastId = cursor;
	}

	start(): void {
		this.stopped = false;
		this.open();
		this.watchdog = setInterval(() => this.checkAlive(), 5_000);
		window.addEventListener('online', this.wake);
		window.addEventListener('offline', this.lose);
		document.addEventListener('visibilitychange', this.wake);
		if (!navigator.onLine) this.lose();
	}

	stop(): void {
		this.stopped = true;
		clearTimeout(this.retryTimer);
		clearInterval(this.watchdog);
		window.removeEventListener('online', this.wake);
		window.removeEventListener('offline', this.lose);
		document.removeEventListener('visibilitychange', this.wake);
		this.source?.close();
		this.source = null;
	}

	/**
	 * The browser lost the network: say so at once (an open EventSource notices only when the
	 * watchdog does, 45 s later) and stop retrying until `online` wakes us.
	 */
	private lose = () => {
		if (this.stopped) return;
		clearTimeout(this.retryTimer);
		this.source?.close();
		this.source = null;
		this.state = 'offline';
	};

	/** Back from sleep or offline: do not wait for the watchdog or the backoff. */
	private wake = () => {
		if (document.visibilityState === 'hidden' || this.stopped || !navigator.onLine) return;
		if (this.source?.readyState !== EventSource.OPEN || this.silentTooLong()) this.reconnect(0);
	};

	private silentTooLong(): boolean {
		return Date.now() - this.lastHeard > SILENCE_LIMIT_MS;
	}

	private checkAlive(): void {
		if (this.source?.readyState === EventSource.OPEN && this.silentTooLong()) this.reconnect(0);
	}

	private open(): void {
		const url = this.lastId ? `${this.url}?after=${encodeURIComponent(this.lastId)}` : this.url;
		const source = new EventSource(url);
		this.source = source;
		this.lastHeard = Date.now();
		this.state = this.wasLive ? 'reconnecting' : 'connecting';
		source.onopen = () => {
			this.state = 'live';
			this.wasLive = true;
			this.backoff = 1000;
			this.lastHeard = Date.now();
		};
		source.onmessage = (message) => {
			this.heard(message);
			this.handlers.event(JSON.parse(message.data) as LiveEvent, message.lastEventId || null);
		};
		source.addEventListener(LIVE_PING, () => (this.lastHeard = Date.now()));
		source.addEventListener(LIVE_RELOAD, (message) => {
			this.heard(message as MessageEvent<string>);
			void this.handlers.reload((message as MessageEvent<string>).lastEventId || null);
		});
		source.addEventListener(LIVE_ENDED, (message) => {
			const { reason } = JSON.parse((message as MessageEvent<string>).data) as {
				reason: AccessEnd;
			};
			this.end(reason);
		});
		source.onerror = () => {
			if (this.stopped) return;
			this.state = !navigator.onLine ? 'offline' : this.wasLive ? 'reconnecting' : 'connecting';
			// CONNECTING: the browser retries by itself (with Last-Event-ID). CLOSED: it gave up.
			if (source.readyState === EventSource.CLOSED) void this.gaveUp();
		};
	}

	/**
	 * The browser gave up: an error status (which it does not tell), or a server restarting. Asks
	 * the endpoint whether access ended (`?check`: 401 signed out, 404 no longer a member) before
	 * trying again, so a page whose access ended while it was away stops instead of retrying.
	 */
	private async gaveUp(): Promise<void> {
		this.source?.close();
		this.source = null;
		const delay = this.backoff;
		let status = 0;
		try {
			status = (await fetch(`${this.url}?check`, { cache: 'no-store' })).status;
		} catch {
			// No answer (offline, the server restarting): try again as before.
		}
		if (this.stopped) return;
		if (status === 401) this.end('session');
		else if (status === 404) this.end('access');
		else this.reconnect(delay);
	}

	private end(reason: AccessEnd): void {
		this.stop();
		this.state = 'ended';
		this.handlers.ended?.(reason);
	}

	private heard(message: MessageEvent<string>): void {
		this.lastHeard = Date.now();
		if (message.lastEventId) this.lastId = message.lastEventId;
	}

	private reconnect(delay: number): void {
		this.source?.close();
		this.source = null;
		clearTimeout(this.retryTimer);
		if (this.stopped) return;
		this.state = navigator.onLine ? 'connecting' : 'offline';
		this.retryTimer = setTimeout(() => this.open(), delay);
		this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
	}
}

// One connection per open company page, made by the company layout and shared through context,
// so every company page counts as "has Hameau open" and any component can listen.
const CONTEXT_KEY = Symbol('hameau.live-events');

export type LiveListener = (event: LiveEvent, id: string | null) => void;

/** Fans one connection's events out to the components listening on the page. */
export class LiveChannel {
	// Not reactive on purpose: listeners are plain callbacks, nothing renders from this set.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private readonly listeners = new Set<LiveListener>();
	private connection = $state<LiveEvents | null>(null);
	/** Why the person's access ended while the page was open; null while it has not. */
	ended = $state<AccessEnd | null>(null);
	// What the connection delivered lately: a page mounted after its load replays from it.
	private readonly backlog = new LiveBacklog();

	/** The connection's state, for a "Live" / "Reconnecting…" indicator. */
	get state(): LiveState {
		return this.connection?.state ?? 'connecting';
	}

	/**
	 * (Re)connects to a company's stream, from `cursor` on; `ended` is told too when the person's
	 * access ends (as `ended` is set).
	 */
	connect(
		url: string,
		cursor: string | null,
		reload: () => void | Promise<void>,
		ended?: (reason: AccessEnd) => void
	): void {
		this.connection?.stop();
		this.backlog.reset(cursor);
		this.ended = null;
		const connection = new LiveEvents(url, cursor, {
			event: (event, id) => {
				if (id) this.backlog.push({ id, event });
				for (const listener of this.listeners) listener(event, id);
			},
			reload: (id) => {
				this.backlog.reset(id);
				return reload();
			},
			ended: (reason) => {
				this.ended = reason;
				ended?.(reason);
			}
		});
		connection.start();
		this.connection = connection;
	}

	disconnect(): void {
		this.connection?.stop();
		this.connection = null;
	}

	/**
	 * Calls `listener` with each live event newer than `cursor`, the stream position its data was
	 * read at (a page's load cursor), until the returned function is called. The events delivered
	 * since `cursor` (between a page's load and its mount, say) come first; when those cannot be
	 * told (long ago, or the server restarted since), `stale` is called instead, to reload the data.
	 * With a null cursor (data that follows no position), every event from now on.
	 *
	 * This is the one place that decides whether an event is already in a listener's data: an
	 * event of another epoch than `cursor` is newer, since the stream only moves to a new epoch
	 * after a restart. A listener whose data is reloaded listens again after the new cursor.
	 */
	listenAfter(cursor: string | null, listener: LiveListener, stale?: () => void): () => void {
		// Before the layout connects nothing was delivered, so nothing was missed: the connection
		// starts at the layout's cursor, which the company's loads make no later than a page's.
		if (cursor !== null && this.connection) {
			const missed = this.backlog.since(cursor);
			if (missed === null) stale?.();
			else for (const message of missed) listener(message.event, message.id);
		}
		const newer: LiveListener = (event, id) => {
			if (cursor === null || isAfter(id, cursor)) listener(event, id);
		};
		this.listeners.add(newer);
		return () => this.listeners.delete(newer);
	}
}

export function setLiveChannel(channel: LiveChannel): void {
	setContext(CONTEXT_KEY, channel);
}

/** The company's live channel (undefined outside a company page). */
export function getLiveChannel(): LiveChannel | undefined {
	return getContext<LiveChannel | undefined>(CONTEXT_KEY);
}
