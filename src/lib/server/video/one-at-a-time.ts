// Work on a key (a room, a person) that must not overlap itself: two passes over the same room, or
// two updates of the same person's metadata, could finish in the wrong order and leave the older
// answer in place.

/**
 * Runs passes one at a time per key. Asked while its pass runs, a key gets one more pass after it
 * (what asked may postdate what the running pass read), however many asks came.
 */
export function oneAtATime(
	pass: (key: string) => Promise<unknown>
): (key: string) => Promise<void> {
	const running = new Map<string, { again: boolean; done: Promise<void> }>();
	return (key) => {
		const current = running.get(key);
		if (current) {
			current.again = true;
			return current.done;
		}
		const state = { again: true, done: Promise.resolve() };
		running.set(key, state);
		state.done = (async () => {
			try {
				while (state.again) {
					state.again = false;
					await pass(key);
				}
			} finally {
				running.delete(key);
			}
		})();
		return state.done;
	};
}
