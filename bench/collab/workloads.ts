// The two measurements run against every server: fan-out under a steady write load, and the
// memory an idle loaded document and an idle connection cost.
import { newId } from '../../src/lib/server/ids';
import { BenchClient, CONNECT_CONCURRENCY, connectAll, nowMicros } from './client';
import { ClientPool } from './client-pool';
import { busySeconds, machineTicks, stealSeconds } from './host-cpu';
import { persisted } from './persisted';
import { ServerProcess, type ServerName } from './server-process';

export type Workload = {
	label: string;
	rooms: number;
	clientsPerRoom: number;
	/** The rounds of this workload write this many times the set duration. */
	durationScale: number;
};

export type FanoutSettings = {
	/** How long the writers write while measured. */
	durationMs: number;
	/** How long they write before that, unmeasured (0: no warm-up). */
	warmUpMs: number;
	/** Updates per second per writer. */
	rate: number;
	/** How long to wait after the last write for deliveries still in flight. */
	drainMs: number;
	/** taskset's cpu list for the server process; null: it shares every core. */
	serverCpus: string | null;
	/** Worker threads the clients are spread over. */
	clientThreads: number;
};

/** What one fresh server process did under one workload. */
export type FanoutRound = {
	server: ServerName;
	workload: Workload;
	clients: number;
	clientsConnected: number;
	connectError: string | null;
	/** Updates the writers sent, the warm-up's included (all of them must be persisted). */
	updatesSent: number;
	/** Updates sent while measuring (after the warm-up). */
	measuredUpdates: number;
	/** Yjs update bytes the writers produced, in total. */
	updateBytesTotal: number;
	expected: number;
	/** One fan-out latency (ms) per delivery. */
	latencies: Float64Array;
	/** From the first write to the last delivery (at least the write duration). */
	spanMs: number;
	rssEnd: number | null;
	cpuSeconds: number | null;
	/** CPU the clients (this process and its client threads) used over the same span. */
	clientCpuSeconds: number;
	/**
	 * CPU every other process on the machine used meanwhile (steal apart): noise when it is not
	 * near 0.
	 */
	otherCpuSeconds: number | null;
	/**
	 * CPU time the hypervisor gave to other guests while this machine wanted it (steal), over
	 * the same span: every process here, the server included, stood still for that long.
	 */
	stealSeconds: number | null;
	/** Growth of the storage files from the first write to after the clean stop; null = no storage. */
	storedBytes: number | null;
	/** Linux write_bytes of the server process over the same span; null = not measurable. */
	diskBytes: number | null;
	/** Writer items found in storage after the stop; null when the server stores nothing. */
	persisted: number | null;
	/**
	 * Bytes the document tables and indexes use after the stop (they start empty); for Hameau the
	 * rows and snapshots left after its stop-time compaction, for Hocuspocus each document's state.
	 */
	rowBytes: number | null;
	/** Pages of version history in the file after the stop (counted in storedBytes). */
	historyBytes: number | null;
};

/** Rounds of one server and workload pooled: latency percentiles over every delivery. */
export type FanoutResult = Omit<
	FanoutRound,
	'latencies' | 'spanMs' | 'updateBytesTotal' | 'stealSeconds'
> & {
	rounds: number;
	received: number;
	/** Mean Yjs update size the writers produced, in bytes. */
	updateBytes: number;
	p50: number;
	p99: number;
	/** p99 of each round alone, in round order: how much the pooled p99 moves from run to run. */
	roundP99s: number[];
	/** Steal seconds of each round, in round order (null where unmeasured). */
	roundSteals: Array<number | null>;
	deliveriesPerSecond: number;
};

const CONNECT_TIMEOUT_MS = 15_000;
const SETTLE_MS = 1_000;
/** Documents opened (each with a client that writes once) before the memory baseline. */
const WARM_UP_DOCUMENTS = 20;

const ownCpuSeconds = () => {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1e6;
};

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** The p-th percentile of sorted values (NaN when empty). */
export function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * One writer per room (client 0) sends small updates at `rate`/s; the others only receive. The
 * clients run in worker threads (client-worker.ts); a delivery's latency is the receiver's stamp
 * of the frame's arrival minus the writer's stamp carried in the item, both on the machine's
 * monotonic clock.
 */
export async function runFanout(
	name: ServerName,
	workload: Workload,
	settings: FanoutSettings
): Promise<FanoutRound> {
	const server = await ServerProcess.start(name, { cpus: settings.serverCpus });
	const pool = new ClientPool(settings.clientThreads);
	try {
		const rooms = Array.from({ length: workload.rooms }, () => newId());
		const headers = await server.prepare(rooms);
		const total = workload.rooms * workload.clientsPerRoom;
		const roomOf = (index: number) => Math.floor(index / workload.clientsPerRoom);
		const isWriter = (index: number) => index % workload.clientsPerRoom === 0;
		const connected = await pool.connect(
			Array.from({ length: total }, (_, index) => ({
				index,
				url: server.url(rooms[roomOf(index)]),
				room: rooms[roomOf(index)],
				writer: isWriter(index)
			})),
			{
				framing: server.framing,
				headers,
				timeoutMs: CONNECT_TIMEOUT_MS,
				concurrency: CONNECT_CONCURRENCY
			}
		);
		await sleep(SETTLE_MS);
		await pool.reset();

		// Only rooms whose writer connected write; their receivers that connected count.
		const interval = 1000 / settings.rate;
		const writerRooms = rooms
			.map((_, r) => r)
			.filter((r) => connected.connected.has(r * workload.clientsPerRoom));
		const offsets = new Map<number, number>(
			// Writers are spread over one interval so the rooms do not tick in lockstep.
			writerRooms.map((r, n) => [
				r * workload.clientsPerRoom,
				(n * interval) / Math.max(1, writerRooms.length)
			])
		);
		const receivers = [...connected.connected].filter(
			(index) => !isWriter(index) && offsets.has(roomOf(index) * workload.clientsPerRoom)
		);

		// Storage counts every update written from here on, the warm-up's included.
		const storedBefore = server.ready.storageFiles.length > 0 ? server.storageBytes() : null;
		const diskBefore = server.writeBytes();
		/**
		 * Writes for `durationMs` and waits for the deliveries. A writer's count of updates runs on
		 * over the round: `before` holds each writer's count before these writes.
		 */
		const writeAndDrain = async (durationMs: number, before: ReadonlyMap<number, number>) => {
			// A little ahead, so every thread has the request before the first write.
			const startAtMicros = nowMicros() + 50_000;
			const sent = await pool.write(offsets, { rate: settings.rate, durationMs, startAtMicros });
			const sentByRoom = (r: number) => {
				const writer = r * workload.clientsPerRoom;
				return (sent.get(writer)?.updates ?? 0) - (before.get(writer) ?? 0);
			};
			const drained = await pool.drain(
				(index) => sentByRoom(roomOf(index)),
				receivers,
				settings.drainMs
			);
			return { sent, sentByRoom, drained, startAtMicros };
		};

		// The same writes first run unmeasured: a fresh process compiles its hot paths during its
		// first second or two of load, which is not what the server costs once it has run a while.
		const warmUp = new Map<number, number>();
		if (settings.warmUpMs > 0) {
			const { sent } = await writeAndDrain(settings.warmUpMs, warmUp);
			await pool.reset();
			for (const [index, { updates }] of sent) warmUp.set(index, updates);
		}
		const cpuBefore = server.cpuSeconds();
		const machineBefore = machineTicks();
		const clientsBefore = ownCpuSeconds();
		const { sent, sentByRoom, drained, startAtMicros } = await writeAndDrain(
			settings.durationMs,
			warmUp
		);
		const expected = receivers.reduce((sum, index) => sum + sentByRoom(roomOf(index)), 0);

		const rssEnd = server.rss();
		const cpuAfter = server.cpuSeconds();
		const machineAfter = machineTicks();
		const clientCpu = ownCpuSeconds() - clientsBefore;
		let updatesSent = 0;
		let updateBytes = 0;
		for (const { updates, bytes } of sent.values()) {
			updatesSent += updates;
			updateBytes += bytes;
		}
		let warmUpUpdates = 0;
		for (const updates of warmUp.values()) warmUpUpdates += updates;
		await pool.close();
		const diskAfter = await server.stop();
		const storedAfter = storedBefore === null ? null : server.storageBytes();
		const stored = persisted(name, server.dir, rooms);
		const lastArrivalMs = (drained.lastArrivalMicros - startAtMicros) / 1000;

		return {
			server: name,
			workload,
			clients: total,
			clientsConnected: connected.connected.size,
			connectError: connected.firstError,
			updatesSent,
			measuredUpdates: updatesSent - warmUpUpdates,
			updateBytesTotal: updateBytes,
			expected,
			latencies: drained.latencies,
			spanMs: Math.max(lastArrivalMs, settings.durationMs),
			rssEnd,
			cpuSeconds: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
			clientCpuSeconds: clientCpu,
			otherCpuSeconds:
				machineBefore === null || machineAfter === null || cpuBefore === null || cpuAfter === null
					? null
					: Math.max(
							0,
							busySeconds(machineAfter) -
								busySeconds(machineBefore) -
								clientCpu -
								(cpuAfter - cpuBefore)
						),
			stealSeconds:
				machineBefore === null || machineAfter === null
					? null
					: stealSeconds(machineAfter) - stealSeconds(machineBefore),
			storedBytes:
				storedBefore === null || storedAfter === null ? null : storedAfter - storedBefore,
			diskBytes:
				storedBefore === null || diskBefore === null || diskAfter === null
					? null
					: diskAfter - diskBefore,
			persisted: stored?.items ?? null,
			rowBytes: stored?.usedBytes ?? null,
			historyBytes: stored?.historyBytes ?? null
		};
	} finally {
		await pool.close();
		await server.stop();
		server.cleanUp();
	}
}

function sumOrNull(values: Array<number | null>): number | null {
	return values.some((value) => value === null)
		? null
		: values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

/** Pools rounds of the same server and workload (at least one). */
export function combineRounds(rounds: FanoutRound[]): FanoutResult {
	const [first] = rounds;
	const sum = (pick: (round: FanoutRound) => number) =>
		rounds.reduce((total, round) => total + pick(round), 0);
	const latencies = new Float64Array(sum((round) => round.latencies.length));
	let offset = 0;
	for (const round of rounds) {
		latencies.set(round.latencies, offset);
		offset += round.latencies.length;
	}
	latencies.sort();
	const updatesSent = sum((round) => round.updatesSent);
	const rss = rounds.map((round) => round.rssEnd).filter((value) => value !== null);
	return {
		server: first.server,
		workload: first.workload,
		rounds: rounds.length,
		clients: first.clients,
		clientsConnected: Math.min(...rounds.map((round) => round.clientsConnected)),
		connectError: rounds.find((round) => round.connectError)?.connectError ?? null,
		updatesSent,
		measuredUpdates: sum((round) => round.measuredUpdates),
		updateBytes: updatesSent ? sum((round) => round.updateBytesTotal) / updatesSent : NaN,
		expected: sum((round) => round.expected),
		received: latencies.length,
		p50: percentile(latencies, 50),
		p99: percentile(latencies, 99),
		roundP99s: rounds.map((round) => percentile(Float64Array.from(round.latencies).sort(), 99)),
		deliveriesPerSecond: latencies.length / (sum((round) => round.spanMs) / 1000),
		rssEnd: rss.length ? Math.max(...rss) : null,
		cpuSeconds: sumOrNull(rounds.map((round) => round.cpuSeconds)),
		clientCpuSeconds: sum((round) => round.clientCpuSeconds),
		otherCpuSeconds: sumOrNull(rounds.map((round) => round.otherCpuSeconds)),
		roundSteals: rounds.map((round) => round.stealSeconds),
		storedBytes: sumOrNull(rounds.map((round) => round.storedBytes)),
		diskBytes: sumOrNull(rounds.map((round) => round.diskBytes)),
		persisted: sumOrNull(rounds.map((round) => round.persisted)),
		rowBytes: sumOrNull(rounds.map((round) => round.rowBytes)),
		historyBytes: sumOrNull(rounds.map((round) => round.historyBytes))
	};
}

export type MemoryResult = {
	server: ServerName;
	/** Idle documents loaded, in all steps. */
	documents: number;
	/** Extra idle connections on one document, in all steps. */
	connections: number;
	failures: number;
	/** RSS and V8 heap growth per idle loaded document (each with its one client): the slope. */
	rssPerDocument: number;
	heapPerDocument: number;
	/** RSS and V8 heap growth per extra idle connection on one document: the slope. */
	rssPerConnection: number;
	heapPerConnection: number;
	/** RSS growth per document and per connection of each step alone, in order. */
	rssPerDocumentSteps: number[];
	rssPerConnectionSteps: number[];
};

/**
 * The loads of a memory run are opened in this many equal steps, with a reading after each. RSS
 * grows by steps of its own (V8 commits whole pages, malloc keeps arenas), so one step's growth
 * may say tens of KB per document more or less than it holds: the figure is the slope of the
 * least-squares line through every reading, which no single jump decides.
 */
export const MEMORY_STEPS = 10;

/**
 * Node options for every server of a memory run. V8 grows its young generation in steps of
 * megabytes as the heap grows (up to 2 × 16 MB), and its memory reducer hands pages back when it
 * judges the process idle: either lands in a step as tens of KB per document that no document
 * holds. The young generation is fixed at V8's own maximum, and the reducer is off, so RSS moves
 * with what the server keeps.
 */
const STEADY_HEAP = ['--min-semi-space-size=16', '--max-semi-space-size=16', '--no-memory-reducer'];

/** Slope of the least-squares line through the points (x: clients opened, y: bytes). */
function slope(points: Array<{ x: number; y: number }>): number {
	const n = points.length;
	const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
	const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
	let covariance = 0;
	let variance = 0;
	for (const p of points) {
		covariance += (p.x - meanX) * (p.y - meanY);
		variance += (p.x - meanX) ** 2;
	}
	return variance === 0 ? 0 : covariance / variance;
}

/**
 * `documents` documents with one client each (each writes one small update, so the document
 * holds content), then `connections` more idle clients on one further document, each opened in
 * MEMORY_STEPS equal steps. Every reading follows two full GCs in the server process;
 * the baseline follows WARM_UP_DOCUMENTS documents opened the same way, so one-time costs (code
 * compiled on first use, caches) are not counted per document.
 */
export async function runMemory(
	name: ServerName,
	documents: number,
	connections: number
): Promise<MemoryResult> {
	const server = await ServerProcess.start(name, { nodeOptions: STEADY_HEAP });
	const all: BenchClient[] = [];
	try {
		const names = Array.from({ length: documents + 1 + WARM_UP_DOCUMENTS }, () => newId());
		const shared = names[documents];
		const warmUp = names.slice(documents + 1);
		/** The clients `step` opens out of `total`: from index `first`, `count` of them. */
		const stepOf = (total: number, step: number) => {
			const first = Math.round((step * total) / MEMORY_STEPS);
			return { first, count: Math.round(((step + 1) * total) / MEMORY_STEPS) - first };
		};
		const headers = await server.prepare(names);
		const open = (room: string) =>
			new BenchClient({
				url: server.url(room),
				room,
				framing: server.framing,
				headers,
				timeoutMs: CONNECT_TIMEOUT_MS
			});
		let failures = 0;
		/** Keeps the clients that connected (closed at the end) and counts the others. */
		const opened = async (connected: Awaited<ReturnType<typeof connectAll>>) => {
			all.push(...connected.clients);
			failures += connected.failures;
			return connected.clients;
		};

		// The first documents compile code paths and fill caches once per process: that is not
		// what another idle document costs, so a few are opened before the baseline.
		const warm = await opened(await connectAll(WARM_UP_DOCUMENTS, (index) => open(warmUp[index])));
		for (const client of warm) client.write(0);
		await sleep(SETTLE_MS);

		/**
		 * Opens clients in MEMORY_STEPS steps with `load`, measuring the server before and after
		 * each: RSS and heap growth per client, the slope through every reading and each step's.
		 */
		const growthPerClient = async (load: (step: number) => Promise<BenchClient[]>) => {
			const readings: Array<{ clients: number; rss: number; heap: number }> = [];
			let clients = 0;
			const read = async () => {
				const { rss, heapUsed } = await server.measure(true);
				readings.push({ clients, rss, heap: heapUsed });
			};
			await read();
			const steps: number[] = [];
			for (let step = 0; step < MEMORY_STEPS; step++) {
				const count = (await load(step)).length;
				clients += count;
				await sleep(SETTLE_MS);
				await read();
				const [before, after] = readings.slice(-2);
				steps.push(count ? (after.rss - before.rss) / count : 0);
			}
			const slopeOf = (key: 'rss' | 'heap') =>
				slope(readings.map((reading) => ({ x: reading.clients, y: reading[key] })));
			return { rss: slopeOf('rss'), heap: slopeOf('heap'), steps, opened: clients };
		};
		const documentGrowth = await growthPerClient(async (step) => {
			const { first, count } = stepOf(documents, step);
			const loaded = await opened(await connectAll(count, (index) => open(names[first + index])));
			for (const client of loaded) client.write(0);
			return loaded;
		});

		await opened(await connectAll(1, () => open(shared)));
		await sleep(SETTLE_MS / 2);
		const connectionGrowth = await growthPerClient(async (step) =>
			opened(await connectAll(stepOf(connections, step).count, () => open(shared)))
		);

		return {
			server: name,
			documents: documentGrowth.opened,
			connections: connectionGrowth.opened,
			failures,
			rssPerDocument: documentGrowth.rss,
			heapPerDocument: documentGrowth.heap,
			rssPerConnection: connectionGrowth.rss,
			heapPerConnection: connectionGrowth.heap,
			rssPerDocumentSteps: documentGrowth.steps,
			rssPerConnectionSteps: connectionGrowth.steps
		};
	} finally {
		for (const client of all) client.close();
		await server.stop();
		server.cleanUp();
	}
}
