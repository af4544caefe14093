// A probe for the village bench (and any run of the app): preloaded into every Node process of a
// run, it writes, each second, how late the process's event loop ran and how long its main thread
// waited for a core, and every garbage collection over 10 ms. It tells a stall of the media
// server's own making (long work, long collections) from a machine too busy to run it (the wait).
//
//   NODE_OPTIONS="--import ./bench/village/loop-probe.mjs" BENCH_ONLY=village BENCH_VILLAGE=calls \
//     node --import tsx bench/index.ts
//
// One file per process in LOOP_PROBE_DIR (default: the system's temporary directory), named
// loop-<pid>.log, each line stamped with the time of day (UTC). Linux only (the wait is read from
// /proc); elsewhere the wait reads 0.
import { appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const file = join(process.env.LOOP_PROBE_DIR ?? tmpdir(), `loop-${process.pid}.log`);
// The end of the command line names the process: the bench, the app or the media process.
const name = process.argv.slice(1).join(' ').slice(-60);
const clock = () => new Date().toISOString().slice(11, 23);
const write = (line) => appendFileSync(file, `${clock()} ${line} ${name}\n`);

/** Milliseconds the main thread has spent ready to run but waiting for a core, since it began. */
function waitedMs() {
	try {
		const stat = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8');
		return Number(stat.split(' ')[1]) / 1e6;
	} catch {
		return 0;
	}
}

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
let waitedBefore = waitedMs();
setInterval(() => {
	const waited = waitedMs();
	const ms = (ns) => (ns / 1e6).toFixed(1);
	write(
		`loop max=${ms(delay.max)} p99=${ms(delay.percentile(99))} wait=${(waited - waitedBefore).toFixed(0)}`
	);
	waitedBefore = waited;
	delay.reset();
}, 1000).unref();

const kinds = new Map([
	[constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
	[constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
	[constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
	[constants.NODE_PERFORMANCE_GC_WEAKCB, 'weak callbacks']
]);
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) {
		if (entry.duration <= 10) continue;
		const heapMB = (process.memoryUsage().heapUsed / 1e6).toFixed(0);
		write(
			`gc ${kinds.get(entry.detail?.kind) ?? '?'} ${entry.duration.toFixed(1)} ms heap=${heapMB}MB`
		);
	}
}).observe({ entryTypes: ['gc'] });
