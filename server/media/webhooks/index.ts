// LiveKit webhooks from the embedded media server (media contract §5). Each event is the JSON of
// the protocol's `WebhookEvent` (protojson: camelCase, defaults left out), POSTed as
// `application/webhook+json` with `Authorization: <JWT>` signed by the API secret whose `sha256`
// claim is the base64 SHA-256 of the body — what livekit-server-sdk's WebhookReceiver verifies
// (protocol webhook/url_notifier.go does the same).
//
// `send()` only queues, so the rooms and the packet path never wait on the network. Events of one
// room are delivered in order; a few rooms are delivered side by side. Like LiveKit, a full queue
// drops new events and the next delivered event says how many were lost (`numDropped`), and a
// delivery is retried with backoff on network errors, 429 and 5xx (not on other 4xx, which a retry
// cannot fix).
//
// Wiring in the media process (server/media/main.ts, media-core's file):
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
	/** Events waiting (including the ones being delivered) before new ones are dropped; default 500. */
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

	/** Events per room (key ''), oldest first. */
	private readonly queues = new Map<string, WebhookEvent[]>();
	/** Rooms with events and no delivery under way, in turn order. */
	private readonly ready: string[] = [];
	/** Rooms with a delivery under way. */
	private readonly active = new Set<string>();
	private queued = 0;
	/** Events lost since the last delivered one (reported in its `numDropped`). */
	private dropped = 0;
	private accepting = true;
	/** Whether events are being dropped for a full queue (logged once per episode). */
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
		if (this.queued >= this.maxQueuedEvents) {
			this.dropped += 1;
			// Once per overflow, not once per event: a flood would otherwise flood the log too.
			if (!this.overflowing) {
				this.overflowing = true;
				this.log.warn(
					{ event: event.event, queued: this.queued, url: this.url },
					'webhooks dropped: too many events waiting'
				);
			}
			return;
		}
		this.overflowing = false;
		if (!event.id) event.id = webhookEventId();
		if (!event.createdAt) event.createdAt = BigInt(Math.floor(Date.now() / 1000));
		const key = event.room?.name ?? '';
		let queue = this.queues.get(key);
		if (!queue) {
			queue = [];
			this.queues.set(key, queue);
		}
		queue.push(event);
		this.queued += 1;
		if (!this.active.has(key) && !this.ready.includes(key)) this.ready.push(key);
		this.pump();
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
			this.queued -= queue.length;
			queue.length = 0;
		}
		this.ready.length = 0;
		await this.idle();
		this.log.warn({ lost, url: this.url }, 'webhooks not delivered before shutdown');
	}

	private idle(): Promise<void> {
		if (this.queued === 0 && this.active.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	private pump(): void {
		while (this.active.size < this.concurrency && this.ready.length > 0) {
			const key = this.ready.shift()!;
			this.active.add(key);
			void this.deliverNext(key);
		}
	}

	/** Delivers the oldest event of one room, then gives the turn to the next room. */
	private async deliverNext(key: string): Promise<void> {
		const queue = this.queues.get(key);
		const event = queue?.shift();
		if (event) {
			try {
				await this.deliver(event);
			} catch (error) {
				// deliver() handles its own failures; anything else is a bug worth seeing once.
				this.log.error({ err: error, event: event.event }, 'webhook delivery crashed');
			}
			this.queued -= 1;
		}
		this.active.delete(key);
		if (queue && queue.length > 0) this.ready.push(key);
		else if (queue) this.queues.delete(key);
		this.pump();
		if (this.queued === 0 && this.active.size === 0) {
			const waiters = this.idleWaiters;
			this.idleWaiters = [];
			for (const resolve of waiters) resolve();
		}
	}

	private async deliver(event: WebhookEvent): Promise<void> {
		if (this.aborted) return;
		event.numDropped = this.dropped;
		this.dropped = 0;
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
		// LiveKit counts an event it failed to deliver as dropped too.
		this.dropped += event.numDropped + 1;
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
