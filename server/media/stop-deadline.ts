// The media process must not outlive its app. When the app goes away (a crash, kill -9, its
// build replaced under it) the process stops on IPC `disconnect`; but a stop that awaits
// something which never settles would leave it running, holding its UDP ports, with nobody left to
// send SIGKILL (seen once: 23 minutes, until killed by hand). A deadline makes the exit certain.

/** Longer than a clean stop takes: closing the rooms, then up to 5 s for the last webhooks. */
export const STOP_DEADLINE_MS = 8_000;

/**
 * Runs `stop` (which exits the process when done) and calls `exit(1)` if it has not by then.
 * The timer is unref'd: it never keeps a process alive that has nothing else to do.
 */
export function stopWithDeadline(
	stop: () => Promise<void>,
	exit: (code: number) => void,
	onLate: () => void,
	deadlineMs = STOP_DEADLINE_MS
): Promise<void> {
	const deadline = setTimeout(() => {
		onLate();
		exit(1);
	}, deadlineMs);
	deadline.unref();
	return stop().finally(() => clearTimeout(deadline));
}
