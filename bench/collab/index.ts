// Collaboration servers under the same load: Hameau's CollabServer (SQLite persistence on), the
// same server with the update check of before issue 17 (no limit on nesting or values, fan-out
// only: the cost of the limits is read in the same run), the stock y-websocket 2.x server, @hocuspocus/server 3 with its SQLite extension, and a raw `ws`
// relay of the same bytes (the ceiling). Each server runs fresh, in its own process, per
// measurement; the fan-out clients run in worker threads of this process (client-worker.ts), and
// a delivery's latency runs from the writer's stamp, carried in the item, to the receiver's stamp
// of the frame's arrival, both on the machine's monotonic clock; while the writers write, the
// receivers only stamp and keep their frames, and decode them (with real Y.Docs) afterwards, so
// the load generator's own Yjs work does not delay the reads it times. Each workload runs in rounds that go through
// every server in turn, so a passing disturbance on the machine does not land on one server
// only; the rounds are pooled. Prints figures and whether the targets are met; asserts
// nothing.
//
// Run alone: `node --import tsx bench/collab/index.ts` (or `BENCH_ONLY=collab npm run bench`).
// Settings (environment):
//   BENCH_COLLAB_DURATION     seconds the writers write per round, measured (default 5)
//   BENCH_COLLAB_WARMUP       seconds they write before that, unmeasured (default 2)
//   BENCH_COLLAB_ROUNDS       rounds per workload and server, pooled (default 2)
//   BENCH_COLLAB_RATE         updates per second per writer (default 20)
//   BENCH_COLLAB_IDLE_DOCS    idle documents for the memory figure (default 1500, in 10 steps)
//   BENCH_COLLAB_IDLE_CONNS   idle connections on one document (default 1500, in 10 steps)
//   BENCH_COLLAB_SERVERS      comma-separated subset of hameau,hameau-unbounded,y-websocket,
//                             hocuspocus,relay
//   BENCH_COLLAB_WORKLOADS    comma-separated subset of the workload labels (e.g. 50x3,1x200)
//   BENCH_COLLAB_CLIENT_THREADS  worker threads the fan-out clients are spread over (default: one
//                             per core the clients have, or 2 when nothing is pinned)
//   BENCH_COLLAB_SERVER_ARGS  extra node options for the server processes (e.g. --cpu-prof)
//   BENCH_COLLAB_MEASURES     comma-separated subset of fanout,memory (default both)
//   BENCH_COLLAB_PIN=0        let servers and clients share every core (by default, with taskset
//                             and 2+ cores, the server under test has cpu 0 and the clients the rest)
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chooseCpuPlacement, pinThisProcess, type CpuPlacement } from './cpu-placement';
import { stealAllowance, waitForQuietHost } from './host-cpu';
import { hameauServers, serverLabels, serverNames, type ServerName } from './server-process';
import {
	combineRounds,
	runFanout,
	MEMORY_STEPS,
	percentile,
	runMemory,
	type FanoutResult,
	type FanoutSettings,
	type FanoutRound,
	type MemoryResult,
	type Workload
} from './workloads';

// One room writes 20 updates a second: in 5 s that is 100 updates, so its p99 would rest on the
// slowest one or two fan-outs. It writes three times longer, for a tail made of several.
const workloads: Workload[] = [
	{ label: '50x3', rooms: 50, clientsPerRoom: 3, durationScale: 1 },
	{ label: '5x200', rooms: 5, clientsPerRoom: 200, durationScale: 1 },
	{ label: '1x200', rooms: 1, clientsPerRoom: 200, durationScale: 3 }
];

/** The servers the targets compare Hameau with (the relay is the ceiling, not a peer). */
const peers: ServerName[] = ['y-websocket', 'hocuspocus'];

function numberSetting(name: string, fallback: number, min: number, max: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < min || value > max) {
		throw new Error(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
	}
	return value;
}

function listSetting<T extends string>(name: string, all: readonly T[]): T[] {
	const raw = process.env[name];
	if (!raw) return [...all];
	const chosen = raw.split(',').map((item) => item.trim());
	const unknown = chosen.filter((item) => !all.includes(item as T));
	if (unknown.length) throw new Error(`${name}: unknown ${unknown.join(', ')} (use ${all})`);
	return chosen as T[];
}

const ms = (value: number) => (Number.isFinite(value) ? Number(value.toFixed(2)) : 'n/a');
const mb = (bytes: number | null) =>
	bytes === null ? 'n/a' : Number((bytes / 2 ** 20).toFixed(1));
const kb = (bytes: number) => Number((bytes / 1024).toFixed(1));
const perUpdate = (bytes: number | null, r: FanoutResult) =>
	bytes === null || r.updatesSent === 0 ? 'n/a' : Math.round(bytes / r.updatesSent);
const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;

/** What the host's steal cost the fan-out runs. */
type HostNoise = {
	/** Rounds run again because the host stole during them. */
	reruns: number;
	/** Time waited for a quiet host before attempts, and attempts started without one. */
	waits: { ms: number; gaveUp: number };
	/** Rounds the host still disturbed at their last attempt: printed, not pooled. */
	leftOut: FanoutRound[];
};

function printFanout(
	results: FanoutResult[],
	settings: { durationMs: number; warmUpMs: number; rate: number },
	placement: CpuPlacement | null,
	clientThreads: number,
	{ reruns, waits, leftOut }: HostNoise
) {
	const rounds = Math.max(1, ...results.map((r) => r.rounds));
	const durations = [...new Set(results.map((r) => r.workload.durationScale))]
		.map((scale) => `${(settings.durationMs * scale) / 1000} s`)
		.join(' or ');
	const longer = workloads.filter((w) => w.durationScale > 1).map((w) => w.label);
	console.log(
		`\nCollaboration fan-out — one writer per room, ${settings.rate} updates/s, ` +
			`${rounds} round(s) × ${durations} per server (fresh process each; ` +
			(longer.length
				? `${longer.join(', ')} ${longer.length === 1 ? 'writes' : 'write'} longer; `
				: '') +
			`each round first writes ${settings.warmUpMs / 1000} s unmeasured), pooled (round p99s: each round alone, in order); latency = writer's stamp → ` +
			`the receiver's read of the frame; ` +
			(placement
				? `servers on cpu ${placement.server}, clients on cpu ${placement.clients} ` +
					`(${clientThreads} thread(s))`
				: 'servers and clients share every cpu') +
			(reruns
				? `; ${reruns} round(s) run again because the host took the CPU (steal) meanwhile`
				: '') +
			`; ${Math.round(waits.ms / 1000)} s spent waiting for the host to stop stealing before ` +
			`attempts` +
			(waits.gaveUp ? ` (${waits.gaveUp} attempt(s) started while it still did)` : '')
	);
	console.table(
		results.map((r) => ({
			load: r.workload.label,
			server: serverLabels[r.server],
			clients: r.clientsConnected === r.clients ? r.clients : `${r.clientsConnected}/${r.clients}`,
			updates: r.measuredUpdates,
			'p50 ms': ms(r.p50),
			'p99 ms': ms(r.p99),
			'round p99s': r.roundP99s.map((value) => ms(value)).join(' '),
			'deliveries/s': Math.round(r.deliveriesPerSecond),
			drops: r.expected - r.received
		}))
	);
	for (const round of leftOut) {
		console.log(
			`  left out: a ${round.server} ${round.workload.label} round that the host still ` +
				`disturbed at attempt ${ATTEMPTS} of ${ATTEMPTS} (steal ${round.stealSeconds?.toFixed(2)} s, ` +
				`p99 ${ms(percentile(Float64Array.from(round.latencies).sort(), 99))} ms)`
		);
	}
	for (const r of results) {
		if (r.connectError) {
			console.log(`  ${r.server} ${r.workload.label}: first connect failure: ${r.connectError}`);
		}
	}
	console.log('\nCollaboration fan-out — server resources and storage, same runs');
	console.table(
		results.map((r) => ({
			load: r.workload.label,
			server: serverLabels[r.server],
			'RSS MB': mb(r.rssEnd),
			'server CPU s': r.cpuSeconds === null ? 'n/a' : Number(r.cpuSeconds.toFixed(1)),
			'clients CPU s': Number(r.clientCpuSeconds.toFixed(1)),
			'others CPU s': r.otherCpuSeconds === null ? 'n/a' : Number(r.otherCpuSeconds.toFixed(1)),
			'steal s': r.roundSteals
				.map((steal) => (steal === null ? 'n/a' : steal.toFixed(2)))
				.join(' '),
			'update B': Number(r.updateBytes.toFixed(1)),
			'file B/upd': perUpdate(r.storedBytes, r),
			'kept B/upd': perUpdate(r.rowBytes, r),
			'history B/upd': perUpdate(r.historyBytes, r),
			'disk B/upd': perUpdate(r.diskBytes, r),
			persisted: r.persisted === null ? 'n/a' : `${r.persisted}/${r.updatesSent}`
		}))
	);
	console.log(
		'  RSS MB: the server at the end of a round (largest round); CPU s: summed over rounds; ' +
			'file B/upd: growth of the SQLite files (incl. WAL) from the first write to after a ' +
			'clean stop, ÷ updates sent; kept B/upd: bytes the document tables and indexes still ' +
			'use after the stop (dbstat, after any compaction), ÷ updates; history B/upd: pages of ' +
			'version history in that growth (Hameau saves an automatic version of every edited ' +
			'document when it stops), ÷ updates; disk B/upd: bytes the ' +
			'kernel counted as written by the server process (write_bytes) over the same span, ÷ ' +
			'updates. persisted: writer items read back from SQLite after the stop. steal s: per ' +
			'round, CPU time the hypervisor gave other guests while this machine wanted it (the ' +
			'whole machine stood still), kept for the round that counted.'
	);
	const noisy = results.filter((r) => isNoisy(r, settings.durationMs));
	if (noisy.length) {
		console.log(
			`  ⚠ other processes used the CPU during ${noisy.length} of ${results.length} runs ` +
				`(others CPU s); their latency figures are not comparable.`
		);
	}
}

function printMemory(results: MemoryResult[]) {
	console.log(
		`\nIdle memory — RSS and V8 heap growth after two full GCs; a document is loaded with ` +
			`one client (which wrote one item); connections are extra idle clients on one ` +
			`document; opened in ${MEMORY_STEPS} equal steps with a reading after each: the ` +
			`figure is the slope of the least-squares line through the readings (RSS grows by ` +
			`jumps of its own), each step's growth is listed; every server runs with V8's young ` +
			`generation fixed at 2 × 16 MB and its memory reducer off, so that V8 resizing its ` +
			`heap does not land in one step`
	);
	const steps = (values: number[]) => values.map((value) => Math.round(value / 1024)).join(' ');
	console.table(
		results.map((r) => ({
			server: serverLabels[r.server],
			documents: r.documents,
			connections: r.connections,
			failures: r.failures,
			'RSS KB/doc': kb(r.rssPerDocument),
			'steps KB/doc': steps(r.rssPerDocumentSteps),
			'heap KB/doc': kb(r.heapPerDocument),
			'RSS KB/conn': kb(r.rssPerConnection),
			'steps KB/conn': steps(r.rssPerConnectionSteps),
			'heap KB/conn': kb(r.heapPerConnection)
		}))
	);
}

/** Below this, file growth is a handful of SQLite pages and no measure of bytes per update. */
const MIN_MEASURABLE_GROWTH = 64 * 1024;

/** Other processes took more than a tenth of a core while these rounds wrote. */
function isNoisy(r: FanoutResult, durationMs: number): boolean {
	const writeSeconds = (r.rounds * durationMs * r.workload.durationScale) / 1000;
	return r.otherCpuSeconds !== null && r.otherCpuSeconds > 0.1 * writeSeconds;
}

/**
 * The host stole more than this share of the machine's CPU during a round: every process stood
 * still for a while, and a p99 made of 1% of the deliveries shows those pauses rather than the
 * server. Each attempt at a round first waits for the host to be this quiet for a moment (see
 * waitForQuietHost); a round disturbed all the same is run again (every server alike), up to
 * ATTEMPTS times in all; if the last attempt is disturbed too, the round is printed and left out
 * of the pooled figures.
 */
const MAX_STEAL_SHARE = 0.005;
const ATTEMPTS = 3;

function hostDisturbed(round: FanoutRound, durationMs: number): boolean {
	return (
		round.stealSeconds !== null && round.stealSeconds > stealAllowance(MAX_STEAL_SHARE, durationMs)
	);
}

function verdict(met: boolean): string {
	return met ? 'met' : 'NOT met';
}

/** Largest minus smallest of a server's round p99s: how much a rerun alone moves the figure. */
function spread(r: FanoutResult): number {
	return r.roundP99s.length < 2 ? NaN : Math.max(...r.roundP99s) - Math.min(...r.roundP99s);
}

/**
 * Issue 17: the bounded update check may not make the fan-out slower at p99 than the unbounded
 * one by more than the run-to-run spread (the wider of the two servers' spreads in this run).
 */
function checkCost(bounded: FanoutResult, unbounded: FanoutResult): string {
	const slower = bounded.p99 - unbounded.p99;
	const allowed = Math.max(spread(bounded), spread(unbounded));
	const judged = Number.isFinite(allowed)
		? verdict(slower <= allowed)
		: 'not judged (one round has no spread: BENCH_COLLAB_ROUNDS ≥ 2)';
	return (
		`[${bounded.workload.label}] bounded update check p99 ${ms(bounded.p99)} ms vs unbounded ` +
		`${ms(unbounded.p99)} ms (${slower <= 0 ? '≤' : '+' + ms(slower) + ' ms'}), run-to-run ` +
		`spread of round p99s ${ms(spread(bounded))} / ${ms(spread(unbounded))} ms ` +
		`(target: slower by no more than the spread, issue 17): ${judged}`
	);
}

function printTargets(fanout: FanoutResult[], memory: MemoryResult[], durationMs: number) {
	const lines: string[] = [];
	const find = (server: ServerName, label: string) =>
		fanout.find((r) => r.server === server && r.workload.label === label);

	for (const workload of workloads) {
		const hameau = find('hameau', workload.label);
		if (!hameau) continue;
		const peerResults = peers
			.map((peer) => find(peer, workload.label))
			.filter((r): r is FanoutResult => r !== undefined && Number.isFinite(r.p99));
		const persistedAll = hameau.persisted === hameau.updatesSent;
		const persistence = `persisted ${hameau.persisted ?? 'n/a'}/${hameau.updatesSent} updates`;
		if (peerResults.length) {
			const best = peerResults.reduce((a, b) => (b.p99 < a.p99 ? b : a));
			const met = hameau.p99 <= best.p99 && persistedAll && hameau.received === hameau.expected;
			const noise = [hameau, best].some((r) => isNoisy(r, durationMs))
				? ' (other processes used the CPU meanwhile: rerun on a quiet machine)'
				: '';
			lines.push(
				`[${workload.label}] p99 ${ms(hameau.p99)} ms vs best peer ${best.server} ` +
					`${ms(best.p99)} ms (${hameau.p99 <= best.p99 ? '≤' : '+' + ms(hameau.p99 - best.p99) + ' ms'}), ` +
					`${persistence}, drops ${hameau.expected - hameau.received}: ${verdict(met)}${noise}`
			);
		}
		const unbounded = find('hameau-unbounded', workload.label);
		if (unbounded && Number.isFinite(unbounded.p99)) lines.push(checkCost(hameau, unbounded));
		const relay = find('relay', workload.label);
		if (relay && relay.deliveriesPerSecond > 0) {
			const ratio = hameau.deliveriesPerSecond / relay.deliveriesPerSecond;
			lines.push(
				`[${workload.label}] deliveries/s ${Math.round(hameau.deliveriesPerSecond)} = ` +
					`${pct(ratio)} of the relay's ${Math.round(relay.deliveriesPerSecond)} ` +
					`(target ≥ 70%): ${verdict(ratio >= 0.7)}`
			);
		}
		if (hameau.storedBytes !== null && hameau.updatesSent > 0) {
			const times = (bytes: number) => bytes / hameau.updatesSent / hameau.updateBytes;
			// Storing updates is judged without the version history the stop adds: in a 5 s run
			// one automatic version per document weighs as much as all of its snapshot, while in use
			// it is one per few minutes of editing. The history is printed beside it.
			const history = hameau.historyBytes ?? 0;
			const updateStorage = hameau.storedBytes - history;
			const amplification = times(updateStorage);
			const rows =
				hameau.rowBytes === null ? '' : `; kept after stop ${times(hameau.rowBytes).toFixed(2)}×`;
			const disk =
				hameau.diskBytes === null
					? ''
					: `; kernel-counted writes ${times(hameau.diskBytes).toFixed(0)}×`;
			// SQLite grows its file by whole pages: a small growth says nothing per update.
			const judged =
				updateStorage >= MIN_MEASURABLE_GROWTH
					? verdict(amplification <= 1.5)
					: `not judged (growth ${updateStorage} B < ${MIN_MEASURABLE_GROWTH / 1024} KB; write longer)`;
			lines.push(
				`[${workload.label}] file growth for updates ${perUpdate(updateStorage, hameau)} B per ` +
					`${hameau.updateBytes.toFixed(1)} B update = ${amplification.toFixed(2)}× ` +
					`(target ≤ 1.5×): ${judged}${rows}; with the stop's automatic versions ` +
					`${times(hameau.storedBytes).toFixed(2)}×${disk}`
			);
		}
	}

	const hameauMemory = memory.find((r) => r.server === 'hameau');
	const peerMemory = memory.filter((r) => peers.includes(r.server));
	if (hameauMemory && peerMemory.length) {
		for (const [what, key] of [
			['document', 'rssPerDocument'],
			['connection', 'rssPerConnection']
		] as const) {
			const best = peerMemory.reduce((a, b) => (b[key] < a[key] ? b : a));
			lines.push(
				`memory per idle ${what} ${kb(hameauMemory[key])} KB vs best peer ${best.server} ` +
					`${kb(best[key])} KB: ${verdict(hameauMemory[key] <= best[key])}`
			);
		}
	}

	if (lines.length) {
		console.log('\nTargets (issues 3 and 17) for Hameau:');
		for (const line of lines) console.log(`  ${line}`);
	}
}

export async function benchCollab(): Promise<void> {
	const settings = {
		durationMs: numberSetting('BENCH_COLLAB_DURATION', 5, 1, 600) * 1000,
		warmUpMs: numberSetting('BENCH_COLLAB_WARMUP', 2, 0, 60) * 1000,
		rate: numberSetting('BENCH_COLLAB_RATE', 20, 1, 1000),
		drainMs: 5_000
	};
	const rounds = numberSetting('BENCH_COLLAB_ROUNDS', 2, 1, 10);
	const idleDocuments = numberSetting('BENCH_COLLAB_IDLE_DOCS', 1500, MEMORY_STEPS, 15000);
	const idleConnections = numberSetting('BENCH_COLLAB_IDLE_CONNS', 1500, MEMORY_STEPS, 15000);
	let servers = listSetting('BENCH_COLLAB_SERVERS', serverNames);
	const chosenWorkloads = listSetting(
		'BENCH_COLLAB_WORKLOADS',
		workloads.map((w) => w.label)
	);

	if (
		servers.some((server) => hameauServers.includes(server)) &&
		!existsSync(resolve('server/collab/collab-server.ts'))
	) {
		console.log('\nCollaboration: server/collab/collab-server.ts is missing; Hameau is left out.');
		servers = servers.filter((server) => !hameauServers.includes(server));
	}

	const measures = listSetting('BENCH_COLLAB_MEASURES', ['fanout', 'memory'] as const);
	const fanout: FanoutResult[] = [];
	const fanoutWorkloads = measures.includes('fanout') ? workloads : [];
	const placement = fanoutWorkloads.length ? chooseCpuPlacement() : null;
	// A thread per core the clients have: two threads on one core only take turns.
	const clientThreads = numberSetting(
		'BENCH_COLLAB_CLIENT_THREADS',
		placement ? placement.clientCpus : 2,
		1,
		16
	);
	let reruns = 0;
	/** Time spent waiting for the host to stop stealing, and attempts it never did before. */
	const waits = { ms: 0, gaveUp: 0 };
	const runWhenQuiet = async (
		server: ServerName,
		workload: Workload,
		runSettings: FanoutSettings
	) => {
		const wait = await waitForQuietHost(MAX_STEAL_SHARE);
		waits.ms += wait.waitedMs;
		if (!wait.quiet) waits.gaveUp++;
		return runFanout(server, workload, runSettings);
	};
	/** Rounds the host still disturbed at their last attempt: printed, not pooled. */
	const leftOut: FanoutRound[] = [];
	if (placement) pinThisProcess(placement.clients);
	try {
		for (const workload of fanoutWorkloads.filter((w) => chosenWorkloads.includes(w.label))) {
			const durationMs = settings.durationMs * workload.durationScale;
			const runSettings = {
				...settings,
				durationMs,
				serverCpus: placement?.server ?? null,
				clientThreads
			};
			const done = new Map<ServerName, FanoutRound[]>(servers.map((server) => [server, []]));
			for (let round = 0; round < rounds; round++) {
				for (const server of servers) {
					try {
						let result = await runWhenQuiet(server, workload, runSettings);
						for (
							let attempt = 1;
							attempt < ATTEMPTS && hostDisturbed(result, durationMs);
							attempt++
						) {
							reruns++;
							result = await runWhenQuiet(server, workload, runSettings);
						}
						if (hostDisturbed(result, durationMs)) leftOut.push(result);
						else done.get(server)?.push(result);
					} catch (error) {
						console.error(`collab ${server} ${workload.label} round ${round + 1} failed:`, error);
					}
				}
			}
			for (const results of done.values()) if (results.length) fanout.push(combineRounds(results));
		}
	} finally {
		// The media and video parts that may follow use every core.
		if (placement) pinThisProcess(placement.all);
	}
	if (fanout.length) {
		printFanout(fanout, settings, placement, clientThreads, { reruns, waits, leftOut });
	}

	const memory: MemoryResult[] = [];
	// The unbounded check only changes the path of an update: its memory is Hameau's.
	const memoryServers = servers.filter((server) => server !== 'hameau-unbounded');
	for (const server of measures.includes('memory') ? memoryServers : []) {
		try {
			memory.push(await runMemory(server, idleDocuments, idleConnections));
		} catch (error) {
			console.error(`collab ${server} memory failed:`, error);
		}
	}
	if (memory.length) printMemory(memory);
	printTargets(fanout, memory, settings.durationMs);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	await benchCollab();
}
