// LiveKit webhooks from the embedded media server (docs/media.md). Each event is the JSON of
// the protocol's `WebhookEvent` (protojson: camelCase, defaults left out), POSTed as
// `application/webhook+json` with `Authorization: <JWT>` signed by the API secret whose `sha256`
// claim is the base64 SHA-256 of the body — what livekit-server-sdk's WebhookReceiver verifies
// (LiveKit's own sender, webhook/url_notifier.go in livekit/protocol, does the same).
//
// `send()` only queues, so the rooms and the packet path never wait on the network. Events of one
// room are delivered in order; a few rooms are delivered side by side. A delivery is retried with
// backoff on network errors, 429 and 5xx (not on other 4xx, which a retry cannot fix).
//
// A burst (a join storm) never drops an event unannounced, and the queue stays within its bound
// (at worst one event per waiting room). LiveKit drops new events when its queue is full and
// counts them in whichever event goes next, so the app cannot tell which room lost them. Here,
// when more events wait than the bound, the room holding the most waiting events is folded: only
// its latest waiting event stays, and the next event delivered for that room carries in
// `numDropped` how many of that room's events were folded (or failed delivery) before it. The app
// answers `numDropped > 0` by reconciling that room through RoomService, so it ends up right
// without the events it never saw. Quiet rooms keep every event while one room storms.
//
// Wiring in the media process (server/media/main.ts):
//   const webhooks = createWebhookSender({ url: config.webhookUrl, keys, log });
//   new MediaServer({ ..., webhooks });
//   on stop: `await server.close()` (it emits room_finished), then `await webhooks.stop(5_000)`.
import { createHash, randomBytes } from 'node:crypto';
import { type ParticipantInfo, type Room, type TrackInfo, WebhookEvent } from '@livekit/protocol';
import type { Logger } from 'pino';
import { signAccessToken, type MediaApiKeys } from '../auth';
import type { WebhookSink } from '../backend';

/** The events the embedded server sends. */
export type WebhookEventName =
	| 'room_started'
	| 'room_finished'
	| 'participant_joined'
	| 'participant_left'
	| 'track_published'
	| 'track_unpublished';

/** Content type LiveKit posts webhooks with. */
export const WEBHOOK_CONTENT_TYPE = 'application/webhook+json';

/** How long the signature of one delivery attempt stays valid (LiveKit: five minutes). */
const TOKEN_TTL_SECONDS = 5 * 60;

export interface WebhookNotifierOptions {
	/** Where events are POSTed. */
	url: string;
	/** Key pair the `Authorization` JWT is signed with. */
	keys: MediaApiKeys;
	/** Where failed deliveries and drops are logged. */
	log: Logger;
	/**
	 * Events waiting (including the ones being delivered) past which the busiest room is folded to
	 * its latest event; default 500. Past it only while each waiting room holds a single event.
	 */
	maxQueuedEvents?: number;
	/** Tries per event, the first included; default 5. */
	maxAttempts?: number;
	/** Wait before the first retry, doubled for each next one; default 500 ms. */
	retryDelayMs?: number;
	/** Longest wait between two tries; default 10 s. */
	maxRetryDelayMs?: number;
	/** Time allowed for one POST; default 5 s. */
	requestTimeoutMs?: number;
	/** Rooms whose events are delivered at the same time; default 4. */
	concurrency?: number;
}

/** A LiveKit-style event id: `EV_` and 12 random characters. */
export function webhookEventId(): string {
	return `EV_${randomBytes(9).toString('base64url')}`;
}

/** A webhook event with a fresh id (`EV_…`) and the current time. */
export function webhookEvent(
	name: WebhookEventName,
	subject: { room?: Room; participant?: ParticipantInfo; track?: TrackInfo },
	now: number = Date.now()
): WebhookEvent {
	return new WebhookEvent({
		event: name,
		room: subject.room,
		participant: subject.participant,
		track: subject.track,
		id: webhookEventId(),
		createdAt: BigInt(Math.floor(now / 1000))
	});
}

/** One room's events not delivered yet. */
interface RoomQueue {
	/** Waiting events, oldest first (the one being delivered has left this list). */
	events: WebhookEvent[];
	/** Events of this room folded away or not delivered, told in the next one sent (`numDropped`). */
	folded: number;
}

/** Queues webhook events and delivers them in the background; see the file comment. */
export class WebhookNotifier implements WebhookSink {
	private readonly url: string;
	private readonly keys: MediaApiKeys;
	private readonly log: Logger;
	private readonly maxQueuedEvents: number;
	private readonly maxAttempts: number;
	private readonly retryDelayMs: number;
	private readonly maxRetryDelayMs: number;
	private readonly requestTimeoutMs: number;
	private readonly concurrency: number;

	/** Rooms (key: room name, '' for none) with events waiting or a loss still to tell. */
	private readonly queues = new Map<string, RoomQueue>();
	/** Rooms with events and no delivery under way, in turn order (a Set keeps insertion order). */
	private readonly ready = new Set<string>();
	/** Rooms with a delivery under way. */
	private readonly active = new Set<string>();
	private queued = 0;
	private accepting = true;
	/** Whether rooms are being folded for a full queue (logged once per episode). */
	private overflowing = false;
	private aborted = false;
	private readonly requests = new Set<AbortController>();
	private readonly sleepers = new Set<() => void>();
	private idleWaiters: Array<() => void> = [];

	constructor(options: WebhookNotifierOptions) {
		this.url = options.url;
		this.keys = options.keys;
		this.log = options.log;
		this.maxQueuedEvents = options.maxQueuedEvents ?? 500;
		this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
		this.retryDelayMs = options.retryDelayMs ?? 500;
		this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
		this.requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
		this.concurrency = Math.max(1, options.concurrency ?? 4);
	}

	/** Events queued or being delivered. */
	get pending(): number {
		return this.queued;
	}

	/** Queues an event; stamps an id and a time when it has none. Never throws, never waits. */
	send(event: WebhookEvent): void {
		if (!this.accepting) {
			this.log.debug({ event: event.event }, 'webhook dropped: the sender is stopping');
			return;
		}
		if (!event.id) event.id = webhookEventId();
		if (!event.createdAt) event.createdAt = BigInt(Math.floor(Date.now() / 1000));
		const key = event.room?.name ?? '';
		let queue = this.queues.get(key);
		if (!queue) {
			queue = { events: [], folded: 0 };
			this.queues.set(key, queue);
		}
		queue.events.push(event);
		this.queued += 1;
		if (this.queued > this.maxQueuedEvents) this.foldBusiestRoom();
		else this.overflowing = false;
		if (!this.active.has(key)) this.ready.add(key);
		this.pump();
	}

	/**
	 * Brings the queue back to its bound: the room with the most waiting events keeps only its
	 * latest one, which will tell how many were folded. Nothing to fold when every waiting room holds
	 * one event: the queue then holds one event per room, as the rooms themselves are bounded.
	 */
	private foldBusiestRoom(): void {
		let busiest: { key: string; queue: RoomQueue } | undefined;
		for (const [key, queue] of this.queues) {
			if (queue.events.length > (busiest?.queue.events.length ?? 1)) busiest = { key, queue };
		}
		if (!busiest) return;
		const { key, queue } = busiest;
		const folded = queue.events.length - 1;
		queue.events.splice(0, folded);
		queue.folded += folded;
		this.queued -= folded;
		// Once per overflow, not once per fold: a storm would otherwise flood the log too.
		if (!this.overflowing) {
			this.overflowing = true;
			this.log.warn(
				{ room: key, folded, queued: this.queued, url: this.url },
				'webhooks coalesced: too many events waiting, the room will be reconciled'
			);
		}
	}

	/** Builds and queues an event about a room, participant or track. */
	notify(
		name: WebhookEventName,
		subject: { room?: Room; participant?: ParticipantInfo; track?: TrackInfo }
	): void {
		this.send(webhookEvent(name, subject));
	}

	/**
	 * Stops taking events and waits for the queue to drain, at most `deadlineMs`; past it, requests
	 * under way are aborted and what is left is dropped (and logged).
	 */
	async stop(deadlineMs = 5_000): Promise<void> {
		this.accepting = false;
		if (this.queued === 0) return;
		let timer: NodeJS.Timeout | undefined;
		const drained = await Promise.race([
			this.idle().then(() => true),
			new Promise<false>((resolve) => {
				timer = setTimeout(() => resolve(false), deadlineMs);
			})
		]);
		clearTimeout(timer);
		if (drained) return;
		const lost = this.queued;
		this.aborted = true;
		for (const request of this.requests) request.abort();
		for (const wake of this.sleepers) wake();
		for (const queue of this.queues.values()) {
			this.queued -= queue.events.length;
			queue.events.length = 0;
		}
		this.ready.clear();
		await this.idle();
		this.log.warn({ lost, url: this.url }, 'webhooks not delivered before shutdown');
	}

	private idle(): Promise<void> {
		if (this.queued === 0 && this.active.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	private pump(): void {
		while (this.active.size < this.concurrency && this.ready.size > 0) {
			const key = this.ready.values().next().value!;
			this.ready.delete(key);
			this.active.add(key);
			void this.deliverNext(key);
		}
	}

	/** Delivers the oldest event of one room, then gives the turn to the next room. */
	private async deliverNext(key: string): Promise<void> {
		const queue = this.queues.get(key);
		const event = queue?.events.shift();
		if (queue && event) {
			try {
				await this.deliver(event, queue);
			} catch (error) {
				// deliver() handles its own failures; anything else is a bug worth seeing once.
				this.log.error({ err: error, event: event.event }, 'webhook delivery crashed');
			}
			this.queued -= 1;
		}
		this.active.delete(key);
		if (queue && queue.events.length > 0) this.ready.add(key);
		// A loss not told yet keeps its room's entry until the room's next event carries it.
		else if (queue && queue.folded === 0) this.queues.delete(key);
		this.pump();
		if (this.queued === 0 && this.active.size === 0) {
			const waiters = this.idleWaiters;
			this.idleWaiters = [];
			for (const resolve of waiters) resolve();
		}
	}

	private async deliver(event: WebhookEvent, queue: RoomQueue): Promise<void> {
		if (this.aborted) return;
		// Every event counted here was sent before this one, so the app's reconciliation after it
		// sees what they changed.
		event.numDropped = queue.folded;
		queue.folded = 0;
		const body = event.toJsonString();
		const sha256 = createHash('sha256').update(body).digest('base64');
		let failure = '';
		for (let attempt = 1; attempt <= this.maxAttempts && !this.aborted; attempt += 1) {
			const outcome = await this.post(body, sha256);
			if (outcome === 'delivered') return;
			failure = outcome.reason;
			if (!outcome.retry || attempt === this.maxAttempts) break;
			await this.sleep(Math.min(this.retryDelayMs * 2 ** (attempt - 1), this.maxRetryDelayMs));
		}
		// LiveKit counts an event it failed to deliver as dropped too; here, in its own room.
		queue.folded += event.numDropped + 1;
		this.log.warn(
			{ event: event.event, id: event.id, url: this.url, reason: failure },
			'webhook not delivered'
		);
	}

	private async post(
		body: string,
		sha256: string
	): Promise<'delivered' | { retry: boolean; reason: string }> {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), this.requestTimeoutMs);
		this.requests.add(controller);
		try {
			const response = await fetch(this.url, {
				method: 'POST',
				headers: {
					Authorization: signAccessToken({ sha256 }, this.keys, TOKEN_TTL_SECONDS),
					'Content-Type': WEBHOOK_CONTENT_TYPE,
					'User-Agent': 'Hameau media server'
				},
				body,
				signal: controller.signal
			});
			// Read the answer so the connection can be reused.
			await response.arrayBuffer();
			if (response.ok) return 'delivered';
			const status = response.status;
			return {
				retry: status === 429 || (status >= 500 && status !== 501),
				reason: `HTTP ${status}`
			};
		} catch (error) {
			return { retry: true, reason: (error as Error).message };
		} finally {
			clearTimeout(timer);
			this.requests.delete(controller);
		}
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const wake = () => {
				clearTimeout(timer);
				this.sleepers.delete(wake);
				resolve();
			};
			const timer = setTimeout(wake, ms);
			this.sleepers.add(wake);
		});
	}
}

/** A sink that discards events, for MEDIA_WEBHOOK_URL=off. */
class DisabledWebhooks implements WebhookSink {
	send(): void {}
	async stop(): Promise<void> {}
}

/** The webhook sender of the media server; `url: null` turns webhooks off. */
export function createWebhookSender(
	options: Omit<WebhookNotifierOptions, 'url'> & { url: string | null }
): WebhookSink & { stop(deadlineMs?: number): Promise<void> } {
	if (!options.url) return new DisabledWebhooks();
	return new WebhookNotifier({ ...options, url: options.url });
}
