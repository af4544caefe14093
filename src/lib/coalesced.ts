// A task that many events ask for (a page's reload after each change) runs once at a time: asked
// while it runs, it runs once more after, however many times it was asked meanwhile. A burst of
// events thus costs two runs at most, and the last run starts after the last event.

export function coalesced(task: () => Promise<unknown>): () => void {
	let running = false;
	let again = false;
	const run = async (): Promise<void> => {
		running = true;
		try {
			do {
				again = false;
				try {
					await task();
				} catch {
					// The next event asks again; a failed reload keeps the page's last data.
				}
			} while (again);
		} finally {
			running = false;
		}
	};
	return () => {
		if (running) again = true;
		else void run();
	};
}
