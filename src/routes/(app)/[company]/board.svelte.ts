// The company board's state, for the page beside it: the loaded board with the live changes since
// it was read on top, each person placed in the half of their day they are in now, the filters,
// and what the status form shows. The page is only markup over it.
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { invalidateAll } from '$app/navigation';
import { m } from '$lib/paraglide/messages';
import { timeInputValue } from '$lib/format';
import { byName } from '$lib/name-order';
import { placeKindLabel } from '$lib/place-kinds';
import { placesOutsideHouses } from '$lib/vocabulary';
import type { LiveChannel, LiveListener } from '$lib/live-events.svelte';
import { SeatsAfter } from '$lib/live-seats.svelte';
import { isAfter, type BoardPerson, type BoardPlace, type SeatCounts } from '$lib/live-events';
import type { BoardParts } from '$lib/server/presence/board';
import {
	currentPlace,
	groupKey,
	hiddenGroup,
	housesPastSeatsDay,
	isMorning,
	type HiddenPerson
} from '$lib/board-groups';
import { valueBeforeScripts } from '$lib/hydration';
import { wallClock } from '$lib/zoned-time';
import { BoardRefresh, type BoardRefreshRequest } from './board-refresh';
import type { ActionData, PageData } from './$types';

type StandupCard = PageData['standups'][number];

/** Each person once: the half of their day they are in now, and the other half if it differs. */
export type Placed = {
	person: BoardPerson;
	current: BoardPlace;
	other: { label: string; place: string } | null;
};

type HousesPart = NonNullable<BoardParts['houses']>;

/**
 * The live changes since one cursor. A reload of the data brings a new cursor and a new set,
 * filled with the events after it: changes the reloaded data already holds are never shown over it.
 */
class ChangesAfter {
	/** Cards from `person` events and from refreshes (null: no longer a member). */
	readonly cards = new SvelteMap<string, BoardPerson | null>();
	/**
	 * Where in the stream each card is from (the event's id, or the cursor a refresh was read at),
	 * so a refresh read before an event never covers that event's card. Not reactive: bookkeeping.
	 */
	readonly cardAt = new Map<string, string>();
	/** The houses and their seats as a refresh read them, and at which cursor. */
	houses = $state.raw<HousesPart | null>(null);
	housesAt: string | null = null;
	readonly online = new SvelteMap<string, boolean>();
	/** Stand-up cards refreshed one at a time (null: no longer on this board). */
	readonly standups = new SvelteMap<string, StandupCard | null>();
	/** Houses' seat counts as the events since the cursor gave them. */
	readonly seats = new SeatsAfter();

	constructor(
		readonly cursor: string,
		/** What the events said changed without carrying it, read again in one request per burst. */
		readonly refresh: BoardRefresh
	) {}

	/** A card as an event carried it. */
	card(person: BoardPerson, id: string | null): void {
		this.cards.set(person.userId, person);
		if (id) this.cardAt.set(person.userId, id);
	}

	/** What a refresh read at `parts.cursor`, except cards an event has since replaced. */
	apply(parts: BoardParts): void {
		for (const [userId, card] of Object.entries(parts.people)) {
			const at = this.cardAt.get(userId);
			if (at && isAfter(at, parts.cursor)) continue;
			this.cards.set(userId, card);
			this.cardAt.set(userId, parts.cursor);
		}
		if (parts.houses && !(this.housesAt && isAfter(this.housesAt, parts.cursor))) {
			this.houses = parts.houses;
			this.housesAt = parts.cursor;
		}
	}
}

const samePlace = (a: BoardPlace, b: BoardPlace) => a.kind === b.kind && a.houseId === b.houseId;

/** The id of the board's "Show" select (BoardFilters.svelte). */
export const BOARD_FILTER_ID = 'board-filter';

/**
 * The board's state over the page's data. Call during the page's initialisation (it starts effects).
 * @param data the page's data, read anew after each reload
 * @param form the page's form result
 * @param live the company's live channel (undefined outside a company page)
 */
export function createBoard(
	data: () => PageData,
	form: () => ActionData,
	live: LiveChannel | undefined
) {
	let now = $state(Date.now());
	let viewerZone = $state<string | null>(null);
	// What "Show" says when the scripts run: on a slow link people choose before they arrive, and
	// hydration would put back the rendered "everyone" (a bound select is not kept as text is).
	let filter = $state(valueBeforeScripts(BOARD_FILTER_ID) ?? 'all');
	let onlyOnline = $state(false);
	const base = $derived(`/${data().company.slug}`);

	// Live changes over the data: those after its cursor, gathered anew after each reload.
	const cursor = $derived(data().cursor);
	let changes = $state.raw<ChangesAfter | null>(null);
	// None in the moment between a reload and listening after its cursor.
	const current = $derived(changes?.cursor === cursor ? changes : null);
	$effect(() => {
		const after = cursor;
		return untrack(() => listenAfter(after));
	});
	function listenAfter(cursor: string): () => void {
		const after: ChangesAfter = new ChangesAfter(
			cursor,
			new BoardRefresh({ read: (request) => readParts(after, request) })
		);
		changes = after;
		// Events carry what they can (a card, seat counts, who is online) and are applied in place;
		// the others name what to read again, never the whole board.
		const listener: LiveListener = (event, id) => {
			if (event.type === 'person') after.card(event.person, id);
			else if (event.type === 'online') after.online.set(event.userId, event.online);
			else if (event.type === 'standup') after.refresh.standup(event.standupId);
			else if (event.type === 'seats') after.seats.apply(event);
			else if (event.type === 'company' && event.userId) after.refresh.person(event.userId);
			// A bounded board reads its bounded data again: the houses' refresh brings every card.
			else if (event.type === 'company' && data().hidden.length > 0) void invalidateAll();
			else if (event.type === 'company') after.refresh.allHouses();
		};
		// Events missed and no longer known: only then the board's whole data is read again.
		const stop = live?.listenAfter(cursor, listener, () => void invalidateAll());
		return () => {
			stop?.();
			after.refresh.stop();
		};
	}

	/** One refresh: the cards and houses in one request, each stand-up card named. */
	async function readParts(after: ChangesAfter, request: BoardRefreshRequest): Promise<void> {
		const reads: Array<Promise<void>> = [...request.standups].map((id) => readStandup(after, id));
		if (request.people.size > 0 || request.houses) {
			const query = [
				request.people.size > 0 ? `people=${[...request.people].join(',')}` : '',
				request.houses ? 'houses' : ''
			]
				.filter(Boolean)
				.join('&');
			reads.push(
				fetch(`${base}/board?${query}`).then(async (response) => {
					if (!response.ok) return void invalidateAll();
					after.apply((await response.json()) as BoardParts);
				})
			);
		}
		await Promise.all(reads);
	}

	async function readStandup(after: ChangesAfter, standupId: string): Promise<void> {
		const response = await fetch(`${base}/standups/${standupId}/card`);
		if (response.status === 404) return void after.standups.set(standupId, null);
		if (!response.ok) return void invalidateAll();
		const { card } = (await response.json()) as { card: StandupCard | null };
		after.standups.set(standupId, card);
	}

	// The loaded people with the changes on top; members who joined since come in name order.
	const people = $derived.by(() => {
		const loaded = data().board.people;
		if (!current) return loaded;
		const shown: BoardPerson[] = [];
		// Rebuilt whole by the $derived on every change, never mutated afterwards.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const loadedIds = new Set<string>();
		const add = (person: BoardPerson | null | undefined) => {
			if (!person) return;
			const online = current.online.get(person.userId);
			shown.push(online === undefined ? person : { ...person, online });
		};
		for (const person of loaded) {
			loadedIds.add(person.userId);
			add(current.cards.has(person.userId) ? current.cards.get(person.userId) : person);
		}
		const before = shown.length;
		for (const [userId, card] of current.cards) if (!loadedIds.has(userId)) add(card);
		if (shown.length > before) shown.sort(byName);
		return shown;
	});
	const houses = $derived(current?.houses?.houses ?? data().board.houses);

	// People counted but not sent, until an event or a refresh brings their card (then placed as
	// any card), with who is online kept live.
	const hidden = $derived.by((): HiddenPerson[] => {
		const loaded = data().hidden;
		if (!current) return loaded;
		return loaded
			.filter((entry) => !current.cards.has(entry.userId))
			.map((entry) => {
				const online = current.online.get(entry.userId);
				return online === undefined ? entry : { ...entry, online };
			});
	});

	const standups = $derived.by(() => {
		const loaded = data().standups;
		if (!current) return loaded;
		const refreshed = current.standups;
		const shown = loaded
			.map((card) => (refreshed.has(card.id) ? refreshed.get(card.id)! : card))
			.filter((card): card is StandupCard => card !== null);
		for (const [id, card] of refreshed) {
			if (card && !loaded.some((entry) => entry.id === id)) shown.push(card);
		}
		return shown;
	});

	$effect(() => {
		viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
		const tick = setInterval(() => {
			now = Date.now();
			// Someone's day ended (midnight where they are): their card for the new day is needed.
			for (const person of [...people, ...hidden]) {
				if (wallClock(now, person.timeZone).date !== person.date) {
					current?.refresh.person(person.userId);
				}
			}
			refreshSeatsAfterMidnight();
		}, 30_000);
		return () => clearInterval(tick);
	});

	// The house days whose seats were asked for again: a clock that disagrees with the server's
	// asks once, not every tick. Bookkeeping, not shown.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	const seatDaysAsked = new Set<string>();
	/** A house's seats are today's: past midnight where it is, the new day's are read. */
	function refreshSeatsAfterMidnight(): void {
		const stale = housesPastSeatsDay(
			houses,
			current?.houses?.seatsLeft ?? data().seatsLeft,
			now
		).filter(({ houseId, today }) => !seatDaysAsked.has(`${houseId} ${today}`));
		if (stale.length === 0) return;
		for (const { houseId, today } of stale) seatDaysAsked.add(`${houseId} ${today}`);
		// A bounded board reads its bounded data again, as after a change to the houses.
		if (data().hidden.length > 0) void invalidateAll();
		else current?.refresh.allHouses();
	}

	const houseName = (id: string | null) => houses.find((house) => house.id === id)?.name ?? '';
	const placeLabel = (place: BoardPlace) =>
		place.kind === 'house' ? houseName(place.houseId) : placeKindLabel(place.kind);

	const placed = $derived(
		people.map((person): Placed => {
			const morning = isMorning(person, now);
			const split = !samePlace(person.am, person.pm);
			return {
				person,
				current: currentPlace(person, now),
				other: split
					? {
							label: morning ? m.presence_afternoon() : m.presence_morning(),
							place: placeLabel(morning ? person.pm : person.am)
						}
					: null
			};
		})
	);

	// Filters: everyone, my house (home or today's), one house; and only people online.
	const myHouseId = $derived.by(() => {
		const me = placed.find((entry) => entry.person.userId === data().me.userId);
		return me?.current.kind === 'house' ? me.current.houseId : data().me.homeHouseId;
	});
	const filterHouseId = $derived(
		filter === 'mine' ? myHouseId : filter.startsWith('house:') ? filter.slice(6) : null
	);
	/** Whether someone in `group` passes the filters. */
	const passes = (group: string, person: { online: boolean; homeHouseId: string | null }) => {
		if (onlyOnline && !person.online) return false;
		if (filter === 'all') return true;
		return group === `house:${filterHouseId}` || person.homeHouseId === filterHouseId;
	};
	const shown = $derived(placed.filter(({ person, current }) => passes(groupKey(current), person)));
	// How many people each group has beyond the cards shown, under the filters.
	const hiddenCounts = $derived.by(() => {
		// Rebuilt whole by the $derived on every change, never mutated afterwards.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const counts = new Map<string, number>();
		for (const entry of hidden) {
			// Where they are now: at 13:00 on their clock the afternoon's group counts them.
			const group = hiddenGroup(entry, now);
			if (passes(group, entry)) counts.set(group, (counts.get(group) ?? 0) + 1);
		}
		return counts;
	});
	const shownHouses = $derived(
		filter === 'all' ? houses : houses.filter((house) => house.id === filterHouseId)
	);
	// Grouped in one pass: house id, or the column's kind, → the people there.
	const groups = $derived.by(() => {
		// Rebuilt whole by the $derived on every change, never mutated afterwards.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const byPlace = new Map<string, Placed[]>();
		for (const entry of shown) {
			const key = groupKey(entry.current);
			const list = byPlace.get(key);
			if (list) list.push(entry);
			else byPlace.set(key, [entry]);
		}
		return byPlace;
	});
	const columns = $derived(
		[...placesOutsideHouses, 'unset' as const].map((kind) => ({
			kind,
			title: placeKindLabel(kind)
		}))
	);

	// Today's seats at a house: as loaded, or as a later event counted them (another company's
	// plans and check-ins included), applied in place.
	function seatsToday(houseId: string): SeatCounts | undefined {
		const loaded = (current?.houses?.seatsLeft ?? data().seatsLeft)[houseId];
		if (!loaded) return undefined;
		return current?.seats.get(houseId, loaded.date) ?? loaded;
	}

	const me = $derived(people.find((person) => person.userId === data().me.userId));
	// The do-not-disturb time as the form shows it: HH:MM on the person's own clock.
	const myDndTime = $derived(
		me?.status?.dndUntil ? timeInputValue(me.status.dndUntil, me.timeZone) : ''
	);

	return {
		get base() {
			return base;
		},
		/** The time the board is drawn at, renewed every 30 s. */
		get now() {
			return now;
		},
		/** The viewer's time zone (null until the page runs in the browser). */
		get viewerZone() {
			return viewerZone;
		},
		/** 'all', 'mine' or 'house:<id>'. */
		get filter() {
			return filter;
		},
		set filter(value: string) {
			filter = value;
		},
		get onlyOnline() {
			return onlyOnline;
		},
		set onlyOnline(value: boolean) {
			onlyOnline = value;
		},
		/** The viewer's house now, else their home house. */
		get myHouseId() {
			return myHouseId;
		},
		/** The stand-ups on the board: loaded, refreshed one by one, and new ones. */
		get standups() {
			return standups;
		},
		/** The company's houses (as loaded, or as a refresh read them since). */
		get houses() {
			return houses;
		},
		get shownHouses() {
			return shownHouses;
		},
		/** The places outside the houses, as columns. */
		get columns() {
			return columns;
		},
		/** Today's seats left at a house across all its companies (counts), kept live. */
		seatsToday,
		/** The people shown in a house now. */
		inHouse: (houseId: string): Placed[] => groups.get(`house:${houseId}`) ?? [],
		/** The people shown in a column (a place kind outside the houses, or 'unset'). */
		inColumn: (kind: string): Placed[] => groups.get(kind) ?? [],
		/** How many more people a group has than its cards (a house `house:<id>`, or a column). */
		hiddenIn: (group: string): number => hiddenCounts.get(group) ?? 0,
		/**
		 * The link that shows a group whole (with those already whole), back at the group's
		 * heading: without JavaScript a page, with it SvelteKit's navigation to the same.
		 */
		showAllHref: (group: string, headingId: string): string => {
			const query = [...data().whole, group].map((key) => `all=${encodeURIComponent(key)}`);
			return `${base}?${query.join('&')}#${headingId}`;
		},
		/** What the viewer's status form shows, including a refused submission. */
		get status() {
			return {
				status: me?.status,
				dndTime: myDndTime,
				values: form()?.statusValues,
				errors: form()?.statusErrors,
				saved: form()?.statusSaved
			};
		}
	};
}
