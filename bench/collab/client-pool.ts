// The measuring thread's side of the client threads (client-worker.ts): hands each thread its
// share of the clients (dealt round-robin, so every room's receivers and writers spread over all
// threads) and gathers what they measured.
import type { Worker } from 'node:worker_threads';
import { tsWorker } from '../ts-worker';
import { clockBaseOf, type Framing } from './client';
import type { ClientSpec, WorkerReply, WorkerRequest } from './client-worker';

type ReplyOf<T extends WorkerReply['type']> = Extract<WorkerReply, { type: T }>;

class ClientThread {
	private readonly worker: Worker;
	private waiting: Array<(reply: WorkerReply) => void> = [];
	private failure: Error | null = null;

	constructor() {
		this.worker = tsWorker(new URL('./client-worker.ts', import.meta.url), {
			clockBase: clockBaseOf()
		});
		this.worker.on('message', (reply: WorkerReply) => this.waiting.shift()?.(reply));
		this.worker.on('error', (error) => {
			this.failure = error;
			console.error('bench client thread failed:', error);
		});
	}

	/** Sends a request; the thread answers requests in order, one reply each. */
	ask<T extends WorkerReply['type']>(request: WorkerRequest, expect: T): Promise<ReplyOf<T>> {
		if (this.failure) return Promise.reject(this.failure);
		return new Promise((resolve, reject) => {
			this.waiting.push((reply) =>
				reply.type === expect
					? resolve(reply as ReplyOf<T>)
					: reject(new Error(`client thread answered ${reply.type}, expected ${expect}`))
			);
			this.worker.postMessage(request);
		});
	}

	terminate(): Promise<number> {
		return this.worker.terminate();
	}
}

export type PoolConnected = {
	/** Indices of the clients that connected and synced. */
	connected: Set<number>;
	failures: number;
	firstError: string | null;
};

export class ClientPool {
	private readonly threads: ClientThread[];
	/** Which thread holds each client index. */
	private readonly threadOf = new Map<number, number>();
	private closed = false;

	constructor(threads: number) {
		this.threads = Array.from({ length: threads }, () => new ClientThread());
	}

	async connect(
		clients: ClientSpec[],
		options: {
			framing: Framing;
			headers: Record<string, string>;
			timeoutMs: number;
			concurrency: number;
		}
	): Promise<PoolConnected> {
		const shares: ClientSpec[][] = this.threads.map(() => []);
		clients.forEach((client, n) => {
			shares[n % shares.length].push(client);
			this.threadOf.set(client.index, n % shares.length);
		});
		const concurrency = Math.max(1, Math.ceil(options.concurrency / this.threads.length));
		const replies = await Promise.all(
			this.threads.map((thread, t) =>
				thread.ask({ type: 'connect', clients: shares[t], ...options, concurrency }, 'connected')
			)
		);
		return {
			connected: new Set(replies.flatMap((r) => r.indices)),
			failures: replies.reduce((sum, r) => sum + r.failures, 0),
			firstError: replies.find((r) => r.firstError)?.firstError ?? null
		};
	}

	async reset(): Promise<void> {
		await Promise.all(this.threads.map((thread) => thread.ask({ type: 'reset' }, 'reset')));
	}

	/**
	 * Runs the writers (by client index, with their offset in ms from the common start) and
	 * resolves with what each sent once all of them are done.
	 */
	async write(
		offsets: Map<number, number>,
		settings: { rate: number; durationMs: number; startAtMicros: number }
	): Promise<Map<number, { updates: number; bytes: number }>> {
		const byThread = this.threads.map(() => ({}) as Record<number, number>);
		for (const [index, offset] of offsets) byThread[this.threadOf.get(index) ?? 0][index] = offset;
		const replies = await Promise.all(
			this.threads.map((thread, t) =>
				thread.ask({ type: 'write', offsets: byThread[t], ...settings }, 'written')
			)
		);
		return new Map(replies.flatMap((r) => r.sent.map((s) => [s.index, s] as const)));
	}

	/**
	 * Waits until each thread's receivers saw what they were expected to (`expectedOf`: the
	 * deliveries a receiver index should get) or the deadline passes; returns every latency and
	 * the last arrival (benchmark clock, µs).
	 */
	async drain(
		expectedOf: (index: number) => number,
		receivers: Iterable<number>,
		deadlineMs: number
	): Promise<{ latencies: Float64Array; lastArrivalMicros: number }> {
		const expected = this.threads.map(() => 0);
		for (const index of receivers) expected[this.threadOf.get(index) ?? 0] += expectedOf(index);
		const replies = await Promise.all(
			this.threads.map((thread, t) =>
				thread.ask({ type: 'drain', expected: expected[t], deadlineMs }, 'drained')
			)
		);
		const latencies = new Float64Array(replies.reduce((sum, r) => sum + r.latencies.length, 0));
		let offset = 0;
		for (const r of replies) {
			latencies.set(r.latencies, offset);
			offset += r.latencies.length;
		}
		return {
			latencies,
			lastArrivalMicros: Math.max(0, ...replies.map((r) => r.lastArrivalMicros))
		};
	}

	/** Closes every client and ends the threads (once; later calls do nothing). */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await Promise.allSettled(this.threads.map((thread) => thread.ask({ type: 'close' }, 'closed')));
		await Promise.all(this.threads.map((thread) => thread.terminate()));
	}
}
