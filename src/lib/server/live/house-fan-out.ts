// Events about a house, for every company that works in it. The live channel is per company; a
// house is shared by several, and what happens there (someone plans a day, checks in) concerns
// them all. Changes at a house are gathered for a short window after the first one, then the
// events are built once for the house and delivered to each company's stream: a burst (a usual
// week saved for fifty people, a desk confirming twenty check-ins) costs one read of the house
// and one event per company, and the counts are read after the writes have committed. The window
// runs from the first change, not the last, so a steady stream of changes still shows every
// window rather than never.
//
// The module knows nothing of what the events say: the caller builds them (presence/events.ts
// builds the seat counts), so the live transport does not depend on the presence domain.
import { logger } from '../logger';
import type { LiveEvent } from '../../live-events';
import { publishLiveEvent } from './hub';

/**
 * The events a change at a house on some dates gives, each for one stream of the hub: a company's
 * (its id), or the house operator's (operatorChannel).
 */
export type HouseEventsBuilder = (
	houseId: string,
	dates: readonly string[]
) => Iterable<{ companyId: string; event: LiveEvent }>;

export type HouseFanOutOptions = {
	/** Builds the events of a house's gathered changes (called once per house per window). */
	build: HouseEventsBuilder;
	/** How long after a house's first change its events leave; changes meanwhile join them. */
	windowMs?: number;
	/** Delivers to one company's stream (the process's hub unless a test says otherwise). */
	publish?: (companyId: string, event: LiveEvent) => void;
};

type Pending = { dates: Set<string>; timer: ReturnType<typeof setTimeout> };

export class HouseFanOut {
	private readonly build: HouseEventsBuilder;
	private readonly windowMs: number;
	private readonly publish: (companyId: string, event: LiveEvent) => void;
	private readonly pending = new Map<string, Pending>();

	constructor(options: HouseFanOutOptions) {
		this.build = options.build;
		this.windowMs = options.windowMs ?? 250;
		this.publish = options.publish ?? publishLiveEvent;
	}

	/** Something changed at the house on these dates: its events leave at the window's end. */
	notify(houseId: string, dates: Iterable<string>): void {
		let entry = this.pending.get(houseId);
		if (!entry) {
			const timer = setTimeout(() => this.flush(houseId), this.windowMs);
			// A pending window never keeps the process alive (shutdown, tests).
			timer.unref?.();
			entry = { dates: new Set(), timer };
			this.pending.set(houseId, entry);
		}
		for (const date of dates) entry.dates.add(date);
	}

	/** Sends a house's gathered changes now (every house's without an argument). */
	flush(houseId?: string): void {
		const houses = houseId === undefined ? [...this.pending.keys()] : [houseId];
		for (const id of houses) {
			const entry = this.pending.get(id);
			if (!entry) continue;
			this.pending.delete(id);
			clearTimeout(entry.timer);
			// A failure here runs in a timer, where nobody would catch it: logged, and the
			// pages keep their last counts until the next change or load.
			try {
				for (const { companyId, event } of this.build(id, [...entry.dates])) {
					this.publish(companyId, event);
				}
			} catch (error) {
				logger().error({ err: error, houseId: id }, 'house events failed');
			}
		}
	}

	/** Houses with changes waiting for their window to end (tests, benchmarks). */
	get pendingHouses(): number {
		return this.pending.size;
	}
}
