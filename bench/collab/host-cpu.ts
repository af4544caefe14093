// What the machine's CPU did, from /proc/stat's first line (all cores, in USER_HZ ticks of 10 ms):
// how much went to this machine's processes, and how much the hypervisor gave to other guests
// while this one wanted it (steal). On this kind of VM, steal comes in bursts that last minutes;
// a fan-out round that runs inside one shows the host's pauses, not the server's.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** The machine's CPU ticks so far (all cores), or null without /proc/stat. */
export function machineTicks(): number[] | null {
	try {
		return readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
	} catch {
		// Not Linux: the noise figures print as n/a.
		return null;
	}
}

/** Seconds the hypervisor ran other guests instead of this one (the 8th field), in these ticks. */
export const stealSeconds = (ticks: number[]) => (ticks[7] ?? 0) / 100;

/** CPU seconds this machine's processes and kernel used (idle, I/O wait and steal apart). */
export function busySeconds(ticks: number[]): number {
	const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
	return (ticks.reduce((sum, value) => sum + value, 0) - idle) / 100 - stealSeconds(ticks);
}

/** The steal (s) that `share` of the machine comes to over `ms`. */
export const stealAllowance = (share: number, ms: number) =>
	(share * availableParallelism() * ms) / 1000;

export type QuietWait = {
	/** How long the wait took, the last (quiet) window included. */
	waitedMs: number;
	/**
	 * false: the host was still stealing when the wait gave up. Unreadable steal counts as quiet,
	 * as it does for a round (its steal prints as n/a and never makes it run again).
	 */
	quiet: boolean;
};

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Waits for a window of `windowMs` in which the host stole at most `share` of the machine, for
 * at most `maxWaitMs`. Rounds started this way are not begun in the middle of a burst of steal,
 * where running them again at once only fails again.
 */
export async function waitForQuietHost(
	share: number,
	{ windowMs = 2_000, maxWaitMs = 120_000 } = {}
): Promise<QuietWait> {
	const started = Date.now();
	let before = machineTicks();
	if (!before) return { waitedMs: 0, quiet: true };
	for (;;) {
		await sleep(windowMs);
		const after = machineTicks();
		if (!after) return { waitedMs: Date.now() - started, quiet: true };
		const quiet = stealSeconds(after) - stealSeconds(before) <= stealAllowance(share, windowMs);
		const waitedMs = Date.now() - started;
		if (quiet || waitedMs >= maxWaitMs) return { waitedMs, quiet };
		before = after;
	}
}
