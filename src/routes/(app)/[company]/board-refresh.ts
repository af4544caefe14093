// What an open board must read again after live events, gathered over a short window so that a
// burst of events (ten people joining, a round of stand-up answers) costs one request, not one
// per event. Only the parts named: some people's cards, the houses, some stand-up cards; never
// the board's whole data. One refresh at a time: what is asked meanwhile goes in the next one.

/** The parts to read again; empty sets and `houses: false` ask for nothing. */
export type BoardRefreshRequest = {
	people: ReadonlySet<string>;
	houses: boolean;
	standups: ReadonlySet<string>;
};

export type BoardRefreshOptions = {
	/** Reads the parts and applies them; a failure is the reader's to handle. */
	read: (request: BoardRefreshRequest) => Promise<void>;
	/** How long after the first event of a burst the refresh starts. */
	windowMs?: number;
};

export class BoardRefresh {
	private people = new Set<string>();
	private houses = false;
	private standups = new Set<string>();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private reading: Promise<void> | null = null;
	private stopped = false;
	private readonly windowMs: number;

	constructor(private readonly options: BoardRefreshOptions) {
		this.windowMs = options.windowMs ?? 100;
	}

	/** Someone's card changed in a way the event does not carry (they joined, left, moved home). */
	person(userId: string): void {
		this.people.add(userId);
		this.schedule();
	}

	/** The company's houses changed (and with their zones, anyone's card may have). */
	allHouses(): void {
		this.houses = true;
		this.schedule();
	}

	/** A stand-up's card changed. */
	standup(standupId: string): void {
		this.standups.add(standupId);
		this.schedule();
	}

	/** Nothing more is read (the board's data was reloaded, or the page left). */
	stop(): void {
		this.stopped = true;
		clearTimeout(this.timer);
		this.timer = undefined;
	}

	private get pending(): boolean {
		return this.houses || this.people.size > 0 || this.standups.size > 0;
	}

	private schedule(): void {
		if (this.stopped || this.timer !== undefined || this.reading) return;
		this.timer = setTimeout(() => this.flush(), this.windowMs);
	}

	private flush(): void {
		this.timer = undefined;
		if (this.stopped || !this.pending) return;
		const request: BoardRefreshRequest = {
			people: this.people,
			houses: this.houses,
			standups: this.standups
		};
		this.people = new Set();
		this.houses = false;
		this.standups = new Set();
		this.reading = this.options
			.read(request)
			.catch(() => {})
			.finally(() => {
				this.reading = null;
				// What came in during the read: one more refresh, after its own window.
				if (this.pending) this.schedule();
			});
	}
}
