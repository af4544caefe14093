// Where the fan-out runs put their processes. The servers under test and the load generator
// otherwise share the machine's cores, and the 200 client sockets of a big room, all woken at
// once by one update, preempt whichever server is writing them: the tail then measures the
// scheduler more than the server. With a core of its own for the server (and the clients on the
// others), each server is compared on what it does. Every server gets the same placement.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export type CpuPlacement = {
	/** taskset's cpu list for the server processes, e.g. "0". */
	server: string;
	/** taskset's cpu list for this process and its client threads, e.g. "1" or "1-3". */
	clients: string;
	/** How many cpus that list holds. */
	clientCpus: number;
	/** Every cpu, to restore this process afterwards. */
	all: string;
};

function hasTaskset(): boolean {
	try {
		execFileSync('taskset', ['-V'], { stdio: 'ignore' });
		return true;
	} catch {
		// Not installed (or not Linux): the runs share the cores, as the header says.
		return false;
	}
}

/**
 * The placement for this machine, or null when the runs share every core: fewer than 2 cores,
 * no taskset, or BENCH_COLLAB_PIN=0.
 */
export function chooseCpuPlacement(): CpuPlacement | null {
	const cpus = availableParallelism();
	if (process.env.BENCH_COLLAB_PIN === '0' || cpus < 2 || !hasTaskset()) return null;
	const last = cpus - 1;
	return {
		server: '0',
		clients: last === 1 ? '1' : `1-${last}`,
		clientCpus: last,
		all: `0-${last}`
	};
}

/** Moves every thread of this process (and the threads it creates later) onto `cpus`. */
export function pinThisProcess(cpus: string): void {
	execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(process.pid)], {
		stdio: 'ignore'
	});
}

/** The command and arguments that start `command args` on `cpus` (unchanged when null). */
export function placed(
	cpus: string | null,
	command: string,
	args: string[]
): { command: string; args: string[] } {
	if (cpus === null) return { command, args };
	// taskset execs the command: the child's pid stays the server's, for /proc readings.
	return { command: 'taskset', args: ['--cpu-list', cpus, command, ...args] };
}
