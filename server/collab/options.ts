import type { Logger } from 'pino';
import { DEFAULT_UPDATE_LIMITS, type UpdateLimits } from './update-check';

/** Time source and timers; tests inject their own to drive idle and version delays. */
export interface Clock {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

/** Real time; timers do not keep the process alive on their own. */
export const systemClock: Clock = {
	now: () => Date.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)
};

export interface CollabServerOptions {
	/** A document with no connection is written out and unloaded after this many ms. Default 30 s. */
	idleUnloadMs?: number;
	/** Largest frame accepted, in bytes; a bigger one closes its connection (1009). Default 2 MiB. */
	maxMessageBytes?: number;
	/**
	 * Deepest nesting of values (arrays, objects, embed and format JSON) in a client's update; a
	 * deeper one closes its connection (1007) unapplied, unstored, unrelayed. Default 128 (see
	 * DEFAULT_UPDATE_LIMITS in update-check.ts). Infinity checks only that the update decodes.
	 */
	maxUpdateDepth?: number;
	/** Values (nested ones included) one update may carry, or its connection closes (1007). Default 250,000. */
	maxUpdateValues?: number;
	/** Awareness states (client ids) one connection may introduce; one more closes it (1008). Default 16. */
	maxAwarenessStates?: number;
	/** Largest awareness update accepted, in bytes; a bigger one closes its connection (1009). Default 256 KiB. */
	maxAwarenessBytes?: number;
	/** Messages per second a connection may send on average (token bucket). Default 100. */
	rateLimitPerSecond?: number;
	/** Messages a connection may send in a burst above the average. Default 500. */
	rateLimitBurst?: number;
	/** Compact (new snapshot, updates deleted) once this many updates follow the snapshot. Default 500. */
	compactAfterUpdates?: number;
	/** …or once the updates after the snapshot weigh this many bytes. Default 1 MiB. */
	compactAfterBytes?: number;
	/** An automatic version is saved when a document was edited and then left alone this long. Default 3 min. */
	autoVersionIdleMs?: number;
	/** Bytes of frames a connection may send before its document is loaded. Default 4 MiB. */
	preloadBufferBytes?: number;
	/** Frames a connection may send before its document is loaded. Default 256. */
	preloadBufferMessages?: number;
	/** Bytes queued to a client that does not read them before it is disconnected (1013). Default 16 MiB. */
	maxOutgoingBufferBytes?: number;
	/** After a failed write to SQLite, retry after this many ms (the document stays in memory). Default 1 s. */
	storeRetryMs?: number;
	/**
	 * WAL checkpoints run in a worker thread every this many ms while the server runs, instead of
	 * inside a commit on the event loop; 0 leaves them to SQLite's automatic checkpoint. Default 1 s.
	 */
	walCheckpointMs?: number;
	/**
	 * The search index takes a document's text once it has been left alone this long (and at
	 * each snapshot). Default 2 s.
	 */
	searchIndexIdleMs?: number;
	/** documents.edited_at is written at most this often per edited document (always at unload). Default 5 s. */
	editedAtIntervalMs?: number;
	/**
	 * Origins a browser may open a socket from. Default: ORIGIN when configured, otherwise the
	 * origin whose host is the request's Host header (same-origin only).
	 */
	allowedOrigins?: string[];
	/** Time source and timers. Default: the system clock. */
	clock?: Clock;
	/** Logger. Default: the process's pino logger. */
	logger?: Logger;
}

export type ResolvedOptions = Required<
	Omit<CollabServerOptions, 'allowedOrigins' | 'logger' | 'maxUpdateDepth' | 'maxUpdateValues'>
> & {
	allowedOrigins: string[] | undefined;
	/** maxUpdateDepth and maxUpdateValues, as the update check takes them. */
	updateLimits: UpdateLimits;
};

export function resolveOptions(options: CollabServerOptions): ResolvedOptions {
	return {
		idleUnloadMs: options.idleUnloadMs ?? 30_000,
		maxMessageBytes: options.maxMessageBytes ?? 2 * 1024 * 1024,
		updateLimits: {
			maxDepth: options.maxUpdateDepth ?? DEFAULT_UPDATE_LIMITS.maxDepth,
			maxValues: options.maxUpdateValues ?? DEFAULT_UPDATE_LIMITS.maxValues
		},
		maxAwarenessStates: options.maxAwarenessStates ?? 16,
		maxAwarenessBytes: options.maxAwarenessBytes ?? 256 * 1024,
		rateLimitPerSecond: options.rateLimitPerSecond ?? 100,
		rateLimitBurst: options.rateLimitBurst ?? 500,
		compactAfterUpdates: options.compactAfterUpdates ?? 500,
		compactAfterBytes: options.compactAfterBytes ?? 1024 * 1024,
		autoVersionIdleMs: options.autoVersionIdleMs ?? 3 * 60_000,
		preloadBufferBytes: options.preloadBufferBytes ?? 4 * 1024 * 1024,
		preloadBufferMessages: options.preloadBufferMessages ?? 256,
		maxOutgoingBufferBytes: options.maxOutgoingBufferBytes ?? 16 * 1024 * 1024,
		storeRetryMs: options.storeRetryMs ?? 1000,
		editedAtIntervalMs: options.editedAtIntervalMs ?? 5000,
		searchIndexIdleMs: options.searchIndexIdleMs ?? 2000,
		walCheckpointMs: options.walCheckpointMs ?? 1000,
		allowedOrigins: options.allowedOrigins,
		clock: options.clock ?? systemClock
	};
}
