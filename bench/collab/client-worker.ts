// A thread of benchmark clients (started by client-pool.ts): it connects its share of the
// workload's clients, runs its writers at the set rate and stamps every item its receivers see.
// The clients live outside the thread that measures, so the latency of one does not wait on the
// bookkeeping of the other, and their Yjs work spreads over several threads.
import { parentPort, workerData } from 'node:worker_threads';
import { BenchClient, connectAll, nowMicros, useClockBase, type Framing } from './client';

export type ClientSpec = {
	/** The client's index in the workload (room-major). */
	index: number;
	url: string;
	room: string;
	writer: boolean;
};

export type WorkerRequest =
	| {
			type: 'connect';
			clients: ClientSpec[];
			framing: Framing;
			headers: Record<string, string>;
			timeoutMs: number;
			concurrency: number;
	  }
	| { type: 'reset' }
	| {
			type: 'write';
			/** Updates per second per writer. */
			rate: number;
			durationMs: number;
			/** Offset (ms) of each of this thread's writers from the common start, by client index. */
			offsets: Record<number, number>;
			/** The common start, on the benchmark clock (µs). */
			startAtMicros: number;
	  }
	| { type: 'drain'; expected: number; deadlineMs: number }
	| { type: 'close' };

export type WorkerReply =
	| { type: 'connected'; indices: number[]; failures: number; firstError: string | null }
	| { type: 'reset' }
	| { type: 'written'; sent: Array<{ index: number; updates: number; bytes: number }> }
	| {
			type: 'drained';
			/** One fan-out latency (ms) per delivery. */
			latencies: Float64Array;
			/** Benchmark-clock time (µs) of the last delivery; 0 when none. */
			lastArrivalMicros: number;
	  }
	| { type: 'closed' };

const port = parentPort;
if (!port) throw new Error('bench/collab/client-worker.ts runs as a worker thread');
useClockBase((workerData as { clockBase: string }).clockBase);

const clients = new Map<number, BenchClient>();
let latencies: number[] = [];
let lastArrival = 0;

const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) =>
	port.postMessage(message, transfer);

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function connect(request: Extract<WorkerRequest, { type: 'connect' }>): Promise<void> {
	const connected = await connectAll(
		request.clients.length,
		(n) => {
			const spec = request.clients[n];
			return new BenchClient({
				url: spec.url,
				room: spec.room,
				framing: request.framing,
				headers: request.headers,
				timeoutMs: request.timeoutMs,
				onItem: spec.writer
					? undefined
					: (_seq, sentAt, arrivedAt) => {
							latencies.push((arrivedAt - sentAt) / 1000);
							lastArrival = arrivedAt;
						}
			});
		},
		request.concurrency
	);
	const indices: number[] = [];
	connected.byIndex.forEach((client, n) => {
		if (!client) return;
		clients.set(request.clients[n].index, client);
		if (!request.clients[n].writer) receivers.add(client);
		indices.push(request.clients[n].index);
	});
	reply({
		type: 'connected',
		indices,
		failures: connected.failures,
		firstError: connected.firstError
	});
}

async function write(request: Extract<WorkerRequest, { type: 'write' }>): Promise<void> {
	const interval = 1000 / request.rate;
	const stopAt = request.startAtMicros + request.durationMs * 1000;
	const writers = Object.entries(request.offsets).flatMap(([index, offset]) => {
		const client = clients.get(Number(index));
		return client ? [{ index: Number(index), client, offset }] : [];
	});
	let seq = 0;
	await Promise.all(
		writers.map(
			({ client, offset }) =>
				new Promise<void>((finished) => {
					const delay = Math.max(0, (request.startAtMicros - nowMicros()) / 1000 + offset);
					setTimeout(() => {
						const timer = setInterval(() => {
							if (nowMicros() >= stopAt) {
								clearInterval(timer);
								finished();
								return;
							}
							client.write(seq++);
						}, interval);
					}, delay);
				})
		)
	);
	reply({
		type: 'written',
		sent: writers.map(({ index, client }) => ({
			index,
			updates: client.updatesSent,
			bytes: client.updateBytesSent
		}))
	});
}

/** Receivers hold their frames while the writers write (see BenchClient.hold). */
const receivers = new Set<BenchClient>();

/** How long no frame may arrive before the held frames are taken as all there will be. */
const QUIET_MS = 500;

async function drain(expected: number, deadlineMs: number): Promise<void> {
	const until = Date.now() + deadlineMs;
	// Every update reaches a receiver as one frame: wait for them without decoding any.
	const heldFrames = () => {
		let total = 0;
		for (const client of receivers) total += client.heldFrames;
		return total;
	};
	let seen = heldFrames();
	let changedAt = Date.now();
	while (seen < expected && Date.now() < until && Date.now() - changedAt < QUIET_MS) {
		await sleep(10);
		const now = heldFrames();
		if (now !== seen) changedAt = Date.now();
		seen = now;
	}
	for (const client of receivers) client.release();
	// Servers that merge updates or send extra frames: count what the documents show.
	while (latencies.length < expected && Date.now() < until) await sleep(10);
	const result = Float64Array.from(latencies);
	latencies = [];
	reply({ type: 'drained', latencies: result, lastArrivalMicros: lastArrival }, [result.buffer]);
}

port.on('message', (request: WorkerRequest) => {
	switch (request.type) {
		case 'connect':
			void connect(request);
			break;
		case 'reset':
			// Items delivered during the handshake (none expected) do not count.
			latencies = [];
			lastArrival = 0;
			for (const client of receivers) client.hold();
			reply({ type: 'reset' });
			break;
		case 'write':
			void write(request);
			break;
		case 'drain':
			void drain(request.expected, request.deadlineMs);
			break;
		case 'close':
			for (const client of clients.values()) client.close();
			clients.clear();
			receivers.clear();
			reply({ type: 'closed' });
			break;
	}
});
