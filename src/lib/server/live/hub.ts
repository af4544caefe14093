// The live-events hub: one ordered stream per company, fanned out to that company's connected
// clients. Each event gets the next sequence number of its company; the last `replayLimit` stay
// in memory so a client that reconnects with its last id (SSE's Last-Event-ID) gets exactly what
// it missed, or is told to reload its data when it is too far behind or the process restarted.
// It also knows who has Hameau open (connected clients per person) and publishes online/offline.
//
// An operator's pages have a stream of their own on the same hub (operatorChannel): events about
// its houses, and no presence (staff at a desk are not "online" to any company).
import { onAccessEnded } from '../auth/access-ended';
import { randomToken } from '../ids';
import { processSingleton } from '../process-singleton';
import type { AccessEnd, LiveEvent, LiveMessage } from '../../live-events';

export type LiveHubOptions = {
	/** Events kept per company for catching up after a reconnect. */
	replayLimit?: number;
	/** How long a person stays "online" after their last client went away (a page reload). */
	offlineGraceMs?: number;
};

/** A connected client, as the transport (SSE) implements it. */
export interface LiveSubscriber {
	/** Sends one event; called synchronously by publish(). */
	deliver(message: LiveMessage): void;
	/** Tells the client its data is stale (missed events are gone): reload it, then go on. */
	reload(): void;
	/**
	 * Ends the connection: with `ended`, because the person's access ended (the session, the
	 * membership), which the client is told so that it does not come back; without, for a server
	 * shutdown (it reconnects).
	 */
	close(ended?: AccessEnd): void;
	/** The session the client signed in with, so that ending a session ends its streams. */
	readonly sessionId?: string;
}

/** An event kept for catching up, with the one person it is for (null: the whole company). */
type Buffered = { message: LiveMessage; to: string | null };

type CompanyStream = {
	seq: number;
	/** Ring buffer of the last events, oldest first from `start`. */
	buffer: Buffered[];
	start: number;
	/** Connected clients and the person each belongs to. */
	subscribers: Map<LiveSubscriber, string>;
	/** Connected clients per user. */
	clients: Map<string, number>;
	offlineTimers: Map<string, ReturnType<typeof setTimeout>>;
};

/** The hub's stream of an operator, beside those of companies (whose key is the company id). */
export function operatorChannel(operatorId: string): string {
	return `operator:${operatorId}`;
}

export class LiveHub {
	/** Changes at every process start, so ids of an earlier process are recognised as such. */
	readonly epoch = randomToken(5);
	private readonly replayLimit: number;
	private readonly offlineGraceMs: number;
	private readonly streams = new Map<string, CompanyStream>();

	constructor(options: LiveHubOptions = {}) {
		this.replayLimit = options.replayLimit ?? 1000;
		this.offlineGraceMs = options.offlineGraceMs ?? 5000;
	}

	private stream(companyId: string): CompanyStream {
		let stream = this.streams.get(companyId);
		if (!stream) {
			stream = {
				seq: 0,
				buffer: [],
				start: 0,
				subscribers: new Map(),
				clients: new Map(),
				offlineTimers: new Map()
			};
			this.streams.set(companyId, stream);
		}
		return stream;
	}

	/**
	 * Sends `event` to every connected client of the company (and only of that company), or with
	 * `to` only to that person's clients there (a notification). A personal event still takes the
	 * company's next number, so everyone's ids stay one sequence; the others just skip it.
	 */
	publish(companyId: string, event: LiveEvent, to: string | null = null): LiveMessage {
		const stream = this.stream(companyId);
		stream.seq += 1;
		const message: LiveMessage = { id: `${this.epoch}-${stream.seq}`, event };
		const kept: Buffered = { message, to };
		if (stream.buffer.length < this.replayLimit) stream.buffer.push(kept);
		else {
			stream.buffer[stream.start] = kept;
			stream.start = (stream.start + 1) % this.replayLimit;
		}
		for (const [subscriber, userId] of stream.subscribers) {
			if (to === null || to === userId) subscriber.deliver(message);
		}
		return message;
	}

	/** The id of the company's latest event: a page rendered now is up to date as of this id. */
	cursor(companyId: string): string {
		return `${this.epoch}-${this.streams.get(companyId)?.seq ?? 0}`;
	}

	/**
	 * Whether every event the company's stream has published since `cursor` (one of its own
	 * `cursor()` ids) is one `ignorable` accepts: a cache of data read at `cursor` stays true
	 * through events that do not concern it. False when those events are no longer all known
	 * (another epoch, dropped from the replay buffer).
	 */
	onlySince(
		companyId: string,
		cursor: string,
		ignorable: (event: LiveEvent, to: string | null) => boolean
	): boolean {
		const stream = this.streams.get(companyId);
		const seq = stream?.seq ?? 0;
		const match = /^([a-z0-9]+)-(\d+)$/.exec(cursor);
		const seen = match && match[1] === this.epoch ? Number(match[2]) : null;
		if (seen === null || seen > seq) return false;
		if (!stream || seen === seq) return true;
		const oldest = seq - stream.buffer.length + 1;
		if (seen < oldest - 1) return false;
		for (let next = seen + 1; next <= seq; next += 1) {
			const { message, to } =
				stream.buffer[(stream.start + (next - oldest)) % stream.buffer.length];
			if (!ignorable(message.event, to)) return false;
		}
		return true;
	}

	/**
	 * Connects a client. With `lastEventId`, first replays what came after it, or calls reload()
	 * when that cannot be done exactly. Returns the function that disconnects it.
	 */
	subscribe(
		companyId: string,
		userId: string,
		lastEventId: string | null,
		subscriber: LiveSubscriber,
		options: { presence?: boolean } = {}
	): () => void {
		const stream = this.stream(companyId);
		// An operator's stream says nothing of who has a page open (operatorChannel).
		const presence = options.presence ?? true;
		if (lastEventId !== null) this.catchUp(stream, lastEventId, userId, subscriber);
		stream.subscribers.set(subscriber, userId);
		if (presence) this.clientArrived(companyId, stream, userId);
		let done = false;
		return () => {
			if (done) return;
			done = true;
			stream.subscribers.delete(subscriber);
			if (presence) this.clientLeft(companyId, stream, userId);
		};
	}

	private catchUp(
		stream: CompanyStream,
		lastEventId: string,
		userId: string,
		subscriber: LiveSubscriber
	): void {
		const match = /^([a-z0-9]+)-(\d+)$/.exec(lastEventId);
		const seen = match && match[1] === this.epoch ? Number(match[2]) : null;
		const oldest = stream.seq - stream.buffer.length + 1;
		// Unknown epoch (a restart), an id from the future, or events dropped from the buffer.
		if (seen === null || seen > stream.seq || seen < oldest - 1) {
			subscriber.reload();
			return;
		}
		for (let seq = seen + 1; seq <= stream.seq; seq += 1) {
			const index = (stream.start + (seq - oldest)) % stream.buffer.length;
			const { message, to } = stream.buffer[index];
			if (to === null || to === userId) subscriber.deliver(message);
		}
	}

	private clientArrived(companyId: string, stream: CompanyStream, userId: string): void {
		const count = stream.clients.get(userId) ?? 0;
		stream.clients.set(userId, count + 1);
		const pending = stream.offlineTimers.get(userId);
		if (pending) {
			// Back within the grace period (a reload, a flaky network): never seen as offline.
			clearTimeout(pending);
			stream.offlineTimers.delete(userId);
		} else if (count === 0) {
			this.publish(companyId, { type: 'online', userId, online: true });
		}
	}

	private clientLeft(companyId: string, stream: CompanyStream, userId: string): void {
		const count = (stream.clients.get(userId) ?? 1) - 1;
		if (count > 0) {
			stream.clients.set(userId, count);
			return;
		}
		stream.clients.delete(userId);
		const timer = setTimeout(() => {
			stream.offlineTimers.delete(userId);
			this.publish(companyId, { type: 'online', userId, online: false });
		}, this.offlineGraceMs);
		timer.unref?.();
		stream.offlineTimers.set(userId, timer);
	}

	/** Has this person a connected client (or did they within the grace period)? */
	isOnline(companyId: string, userId: string): boolean {
		const stream = this.streams.get(companyId);
		return !!stream && (stream.clients.has(userId) || stream.offlineTimers.has(userId));
	}

	/**
	 * Has this person a client connected right now, to that company's stream (or, without one, to
	 * any)? Unlike isOnline, the grace period after a tab went away does not count: Web Push asks,
	 * and a closed tab must be reached at once.
	 */
	isConnected(userId: string, companyId?: string): boolean {
		if (companyId !== undefined) return this.streams.get(companyId)?.clients.has(userId) ?? false;
		for (const stream of this.streams.values()) if (stream.clients.has(userId)) return true;
		return false;
	}

	/** Number of connected clients of a company (for tests and benchmarks). */
	clientCount(companyId: string): number {
		return this.streams.get(companyId)?.subscribers.size ?? 0;
	}

	/**
	 * Ends at once the streams of someone who is no longer a member, so they stop hearing the
	 * company's events now rather than at their stream's next check.
	 */
	disconnectMember(companyId: string, userId: string): void {
		const stream = this.streams.get(companyId);
		if (!stream) return;
		for (const [subscriber, owner] of [...stream.subscribers]) {
			if (owner === userId) subscriber.close('access');
		}
	}

	/** Ends the streams opened with sessions that have just been ended, in every company. */
	disconnectSessions(ended: (sessionId: string) => boolean): void {
		for (const stream of this.streams.values()) {
			for (const subscriber of [...stream.subscribers.keys()]) {
				if (subscriber.sessionId !== undefined && ended(subscriber.sessionId))
					subscriber.close('session');
			}
		}
	}

	/** Ends every connection (shutdown) and forgets timers. */
	closeAll(): void {
		for (const stream of this.streams.values()) {
			for (const subscriber of [...stream.subscribers.keys()]) subscriber.close();
			for (const timer of stream.offlineTimers.values()) clearTimeout(timer);
			stream.offlineTimers.clear();
		}
	}
}

/** The process's one hub: pages publish from the SvelteKit bundle, shutdown closes from server/. */
export function liveHub(): LiveHub {
	return processSingleton('hameau.live', () => {
		const hub = new LiveHub();
		// Streams of an ended session, or of someone who is no longer a member, end at once.
		onAccessEnded((ended) => {
			if (ended.kind === 'sessions') hub.disconnectSessions((id) => ended.sessionIds.has(id));
			else if (ended.kind === 'operator-membership')
				hub.disconnectMember(operatorChannel(ended.operatorId), ended.userId);
			// A house leaving the company closes no stream: its pages are told (a 'company' event).
			else if (ended.kind === 'membership') hub.disconnectMember(ended.companyId, ended.userId);
		});
		return hub;
	});
}

/** Publishes a live event to every connected client of one company. */
export function publishLiveEvent(companyId: string, event: LiveEvent): void {
	liveHub().publish(companyId, event);
}

/** Publishes a live event to one person's clients of one company, and nobody else's. */
export function publishPersonalEvent(companyId: string, userId: string, event: LiveEvent): void {
	liveHub().publish(companyId, event, userId);
}
