/**
 * A fixed-window counter per key, held in memory: enough for one Node process (see docs/scaling.md
 * for several instances). Windows are cleaned lazily so the map cannot grow without bound.
 */
export class RateLimiter {
	private readonly hits = new Map<string, { count: number; resetAt: number }>();

	constructor(
		/** Attempts allowed per key and window. */
		readonly max: number,
		/** Window length in milliseconds. */
		readonly windowMs: number,
		/** Keys kept at most before expired windows are swept. */
		private readonly maxKeys = 100_000
	) {}

	/** Counts one attempt; returns how many ms to wait when the key is over its limit, else 0. */
	consume(key: string, now = Date.now()): number {
		let entry = this.hits.get(key);
		if (!entry || entry.resetAt <= now) {
			if (this.hits.size >= this.maxKeys) this.sweep(now);
			entry = { count: 0, resetAt: now + this.windowMs };
			this.hits.set(key, entry);
		}
		if (entry.count >= this.max) return entry.resetAt - now;
		entry.count += 1;
		return 0;
	}

	/** How many ms the key must wait, without counting an attempt; 0 when it may go on. */
	peek(key: string, now = Date.now()): number {
		const entry = this.hits.get(key);
		if (!entry || entry.resetAt <= now || entry.count < this.max) return 0;
		return entry.resetAt - now;
	}

	/**
	 * Gives back one attempt counted at `countedAt`, if the window that counted it is still open: an
	 * attempt that turned out fine (the right password) need not spend the key's budget. A window
	 * started since holds none of it, so nothing is given back there.
	 */
	giveBack(key: string, countedAt: number, now = Date.now()): void {
		const entry = this.hits.get(key);
		if (!entry || entry.resetAt <= now || entry.count === 0) return;
		if (countedAt < entry.resetAt - this.windowMs) return;
		entry.count -= 1;
	}

	/** Forgets a key, e.g. the email of a user who just logged in successfully. */
	reset(key: string): void {
		this.hits.delete(key);
	}

	private sweep(now: number): void {
		for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
		// Still full of live windows: drop the oldest half rather than grow.
		if (this.hits.size >= this.maxKeys) {
			let drop = Math.floor(this.hits.size / 2);
			for (const key of this.hits.keys()) {
				if (drop-- <= 0) break;
				this.hits.delete(key);
			}
		}
	}
}
