// Each company's board data kept between its live events. Every write that changes what a board
// reads publishes an event on the company's stream (a card, the houses, who joined or left), so
// data read at a cursor stays true until the stream moves past it with an event that concerns
// the board, or until the clock changes it with no event at all (a status ending, midnight in one
// of the zones involved): `validUntil`, worked out from the data when it is read. What changes
// with no event on the company's stream is not kept: who is online and in which room (in memory,
// read per request), the other companies' seats at a shared house (their changes reach this
// company only after the house's fan-out window). And nothing is kept past a write by another
// connection to the database file (another process, a tool, a test seeding data): the events only
// tell what this process wrote.
import type { LiveEvent } from '../../live-events';

/** Data kept for a company, with the instant it stops being true if nothing else happens. */
export type Cacheable = {
	/** The first instant at which the data read may differ with no event (ms). */
	validUntil: number;
	/** How many people it holds, for the memory bound. */
	size: number;
};

export type CompanyCacheOptions = {
	/** Companies kept at most; the least recently used leaves first. */
	maxCompanies?: number;
	/** People kept at most across all companies (a few big companies weigh as many small ones). */
	maxPeople?: number;
};

/** The stream's view a cache needs: its cursor, and what was published since one of them. */
export type StreamView = {
	cursor(companyId: string): string;
	onlySince(
		companyId: string,
		cursor: string,
		ignorable: (event: LiveEvent, to: string | null) => boolean
	): boolean;
};

type Entry<T> = {
	data: T;
	/** The stream's cursor the data is known true at (read before the data). */
	cursor: string;
	/** When it was read: data for a later instant says nothing of an earlier one. */
	readAt: number;
	/** Which database it came from (tests swap databases within a process). */
	source: unknown;
	/** The database's count of other connections' commits when it was read. */
	version: number;
};

/**
 * Events after which a board's cached data is still true: `online` and `occupancy`, with the
 * cards that only say who entered or left a video room (`roomOnly`: rooms are read per request,
 * and a burst of them, a meeting starting, would otherwise drop the data for each), `seats`
 * (the other companies' counts are read per request, and the company's own people only move with
 * a `person` event, which publishPlaceChanged sends first), a stand-up's state (not part of the
 * board's data) and anything for one person only (a notification, a knock, a link budget). Every
 * other event drops the company's data, including kinds added later: a new event is assumed to
 * change the board until said otherwise here.
 */
export function boardIgnores(event: LiveEvent, to: string | null): boolean {
	return (
		to !== null ||
		event.type === 'online' ||
		event.type === 'occupancy' ||
		(event.type === 'person' && event.roomOnly === true) ||
		event.type === 'seats' ||
		event.type === 'standup'
	);
}

export class CompanyCache<T extends Cacheable> {
	private readonly entries = new Map<string, Entry<T>>();
	private readonly maxCompanies: number;
	private readonly maxPeople: number;
	private people = 0;

	constructor(
		private readonly stream: () => StreamView,
		private readonly ignorable: (event: LiveEvent, to: string | null) => boolean,
		options: CompanyCacheOptions = {}
	) {
		this.maxCompanies = options.maxCompanies ?? 300;
		this.maxPeople = options.maxPeople ?? 100_000;
	}

	/**
	 * The company's data at `now`: kept if still true, else read by `read` (synchronously, right
	 * after the cursor, so no event can fall between the two) and kept. `source` is the database
	 * and `version` its count of commits by other connections (SQLite's `data_version`).
	 */
	get(companyId: string, now: number, source: unknown, version: number, read: () => T): T {
		const stream = this.stream();
		const entry = this.entries.get(companyId);
		if (
			entry &&
			entry.source === source &&
			entry.version === version &&
			now >= entry.readAt &&
			now < entry.data.validUntil &&
			stream.onlySince(companyId, entry.cursor, this.ignorable)
		) {
			// Most recently used last; the cursor moves on so the next check scans only what is new.
			this.entries.delete(companyId);
			entry.cursor = stream.cursor(companyId);
			this.entries.set(companyId, entry);
			return entry.data;
		}
		const cursor = stream.cursor(companyId);
		const data = read();
		this.forget(companyId);
		this.entries.set(companyId, { data, cursor, readAt: now, source, version });
		this.people += data.size;
		this.evict();
		return data;
	}

	/** Drops a company's data (it is read again at its next board). */
	forget(companyId: string): void {
		const entry = this.entries.get(companyId);
		if (!entry) return;
		this.entries.delete(companyId);
		this.people -= entry.data.size;
	}

	/** Companies kept now (tests). */
	get size(): number {
		return this.entries.size;
	}

	private evict(): void {
		for (const companyId of this.entries.keys()) {
			if (this.entries.size <= this.maxCompanies && this.people <= this.maxPeople) return;
			// The newest entry stays even when it alone is over the bound: it is being served.
			if (this.entries.size === 1) return;
			this.forget(companyId);
		}
	}
}
