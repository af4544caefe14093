// Seat counts kept live over a page's data: the `seats` events after the page's cursor, by house
// and date, applied in place of the loaded counts (no reload of the page's data). Used by the
// board (today's seats at each house) and the planner (the week's seats at the houses planned).
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { invalidateAll } from '$app/navigation';
import type { LiveChannel } from '$lib/live-events.svelte';
import type { LiveEvent, SeatCounts } from '$lib/live-events';

/** The latest counts the events gave, by house and date. */
export class SeatsAfter {
	private readonly counts = new SvelteMap<string, SeatCounts>();

	/** Keeps the counts of a `seats` event; any other event is not its business. */
	apply(event: LiveEvent): void {
		if (event.type !== 'seats') return;
		for (const day of event.days) this.counts.set(`${event.houseId} ${day.date}`, day);
	}

	/** The counts of a house on a date since the data was read, or undefined when none came. */
	get(houseId: string, date: string): SeatCounts | undefined {
		return this.counts.get(`${houseId} ${date}`);
	}
}

/**
 * Listens for seat counts after the page's cursor, anew after each reload of its data (the old
 * counts are then in the data). Call during a component's initialisation (it starts an effect).
 * When the events since the cursor are no longer known the page's data is reloaded.
 */
export function liveSeats(cursor: () => string, live: LiveChannel | undefined) {
	let seats = $state.raw<{ cursor: string; after: SeatsAfter } | null>(null);
	$effect(() => {
		const at = cursor();
		return untrack(() => {
			const after = new SeatsAfter();
			seats = { cursor: at, after };
			return live?.listenAfter(
				at,
				(event) => after.apply(event),
				() => void invalidateAll()
			);
		});
	});
	return {
		/** The live counts of a house on a date, or undefined (then the loaded ones stand). */
		get(houseId: string, date: string): SeatCounts | undefined {
			return seats?.cursor === cursor() ? seats.after.get(houseId, date) : undefined;
		}
	};
}
