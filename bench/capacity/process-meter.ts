// What a process used, read from /proc (Linux): CPU time (user + system, not wall clock, so
// the clients sharing the cores do not count), resident memory, and bytes it caused to be written
// to storage (its SQLite file and WAL: the server writes nothing else to disk).
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times, on every architecture Node runs on. */
const CLOCK_TICKS = 100;

export type ProcessReading = {
	at: number;
	cpuSeconds: number;
	rssBytes: number;
	writtenBytes: number;
};

/** CPU time (user + system, seconds) the process has used so far. */
export function cpuSeconds(pid: number): number {
	// utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(stat[11]) + Number(stat[12])) / CLOCK_TICKS;
}

export function readProcess(pid: number): ProcessReading {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const rssKib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	let writtenBytes = 0;
	try {
		writtenBytes = Number(/write_bytes: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);
	} catch {
		// /proc/<pid>/io needs ptrace access; without it the write rate prints as 0.
	}
	return {
		at: performance.now(),
		cpuSeconds: cpuSeconds(pid),
		rssBytes: rssKib * 1024,
		writtenBytes
	};
}

/** The direct children of a process (the app's media process). */
export function childrenOf(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}

export type ProcessUse = {
	/** Cores busy on average (CPU seconds per second). */
	cores: number;
	rssBytes: number;
	writtenBytesPerSecond: number;
};

/** What the process used between two readings (RSS: at the second). */
export function used(before: ProcessReading, after: ProcessReading): ProcessUse {
	const seconds = (after.at - before.at) / 1000;
	return {
		cores: (after.cpuSeconds - before.cpuSeconds) / seconds,
		rssBytes: after.rssBytes,
		writtenBytesPerSecond: (after.writtenBytes - before.writtenBytes) / seconds
	};
}
