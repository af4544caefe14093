/** Timeouts that all stop at once when the call is left, so nothing fires on a closed page. */
export class Timers {
	private pending = new Set<ReturnType<typeof setTimeout>>();

	later(ms: number, run: () => void) {
		const timer = setTimeout(() => {
			this.pending.delete(timer);
			run();
		}, ms);
		this.pending.add(timer);
	}

	clear() {
		for (const timer of this.pending) clearTimeout(timer);
		this.pending.clear();
	}
}
