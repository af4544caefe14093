// A house's link budget (docs/media.md, "A house's link"): who is in calls right now
// (room_presence, from webhooks) and at which house today (the board's rule: planned or checked
// in there), shared per house with a declared link by allocateLink, and told to each person in a
// call as a personal live event when their share changes. A house is shared: its budget counts
// everyone in calls from there, whatever their company, but each person hears only the house's
// name and a count.
import { TrackSource, type WebhookEvent } from 'livekit-server-sdk';
import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { currentPlace } from '../../board-groups';
import type { LinkBudgetView } from '../../live-events';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { companyHouses, houses, roomPresence, rooms } from '../db/schema';
import { publishPersonalEvent } from '../live/hub';
import { logger } from '../logger';
import { presenceBoard } from '../presence/board';
import { onPlaceChanged } from '../presence/events';
import { processSingleton } from '../process-singleton';
import { allocateLink, type CallSize, type LinkCaller } from './link-allocation';
import { onOccupancyChanged } from './occupancy-changed';

/** One connection in a call, as room_presence has it, with the house it counts at. */
type Caller = LinkCaller & {
	companyId: string;
	userId: string;
	houseId: string | null;
};

/** The budget of someone with no house link to share: no limit. */
export const NO_BUDGET: LinkBudgetView = {
	house: null,
	people: 0,
	send: null,
	receive: null,
	reducedBy: []
};

const state = () =>
	processSingleton('hameau.video.link-budget', () => ({
		/**
		 * Shared screens by room LiveKit name and participant sid, from track webhooks. In memory:
		 * after a restart a screen counts from its next publication (until then cameras get more).
		 */
		screens: new Set<string>(),
		/** What each person in a call was last told, by `companyId userId`. */
		told: new Map<string, string>(),
		timer: null as ReturnType<typeof setTimeout> | null,
		sweep: null as ReturnType<typeof setInterval> | null
	}));

const personKey = (companyId: string, userId: string) => `${companyId} ${userId}`;

/** Everyone in a call right now, with the house each counts at (null: none today). */
function callersNow(now: number, extra?: Omit<Caller, 'houseId' | 'sharesScreen'>): Caller[] {
	const rows = getDb()
		.select({
			roomId: roomPresence.roomId,
			livekitName: rooms.livekitName,
			companyId: rooms.companyId,
			userId: roomPresence.identity,
			participantSid: roomPresence.participantSid,
			houseId: roomPresence.houseId,
			roomDevice: roomPresence.roomDevice
		})
		.from(roomPresence)
		.innerJoin(rooms, eq(roomPresence.roomId, rooms.id))
		.all();
	const screens = state().screens;
	const connections = new Set(rows.map((row) => `${row.livekitName} ${row.participantSid}`));
	// A participant gone without its track's webhook (a dropped connection) takes its screen along.
	for (const key of screens) if (!connections.has(key)) screens.delete(key);
	const people = rows.map((row) => ({
		...row,
		sharesScreen: screens.has(`${row.livekitName} ${row.participantSid}`)
	}));
	if (
		extra &&
		!rows.some(
			(row) =>
				row.companyId === extra.companyId &&
				row.userId === extra.userId &&
				row.roomId === extra.roomId
		)
	) {
		// The person about to join: the call page's first second already counts them.
		people.push({
			...extra,
			livekitName: '',
			participantSid: '',
			houseId: null,
			roomDevice: false,
			sharesScreen: false
		});
	}
	// Where each person is today, by the board's rule; a room device is its own house's. Only the
	// cards of the people in calls are worked out, not their companies' whole boards.
	const inCalls = new Map<string, Set<string>>();
	for (const person of people) {
		if (person.roomDevice) continue;
		const userIds = inCalls.get(person.companyId) ?? new Set<string>();
		userIds.add(person.userId);
		inCalls.set(person.companyId, userIds);
	}
	const placeOf = new Map<string, string | null>();
	for (const [companyId, userIds] of inCalls) {
		for (const person of presenceBoard(companyId, now, userIds).people) {
			const place = currentPlace(person, now);
			placeOf.set(
				personKey(companyId, person.userId),
				place.kind === 'house' ? place.houseId : null
			);
		}
	}
	return people.map((person) => ({
		companyId: person.companyId,
		userId: person.userId,
		roomId: person.roomId,
		sharesScreen: person.sharesScreen,
		houseId: person.roomDevice
			? person.houseId
			: (placeOf.get(personKey(person.companyId, person.userId)) ?? null)
	}));
}

/**
 * What each person in a call may send and receive now, by `companyId userId`. `joining` counts
 * one more person in a room (the call page, before the join's webhook arrives).
 */
export function linkBudgets(
	now = Date.now(),
	joining?: { companyId: string; userId: string; roomId: string }
): Map<string, LinkBudgetView> {
	const callers = callersNow(now, joining);
	const calls = new Map<string, CallSize>();
	for (const caller of callers) {
		const call = calls.get(caller.roomId) ?? { people: 0, screens: 0 };
		call.people += 1;
		if (caller.sharesScreen) call.screens += 1;
		calls.set(caller.roomId, call);
	}
	const houseIds = [...new Set(callers.flatMap((caller) => caller.houseId ?? []))];
	const declared =
		houseIds.length === 0
			? []
			: getDb()
					.select({
						id: houses.id,
						name: houses.name,
						uplinkKbps: houses.uplinkKbps,
						downlinkKbps: houses.downlinkKbps
					})
					.from(houses)
					.where(inArray(houses.id, houseIds))
					.all()
					.filter((house) => house.uplinkKbps !== null || house.downlinkKbps !== null);
	const budgets = new Map<string, LinkBudgetView>();
	for (const caller of callers) budgets.set(personKey(caller.companyId, caller.userId), NO_BUDGET);
	for (const house of declared) {
		const there = callers.filter((caller) => caller.houseId === house.id);
		const allocation = allocateLink({
			uplinkKbps: house.uplinkKbps,
			downlinkKbps: house.downlinkKbps,
			callers: there,
			calls
		});
		const view: LinkBudgetView = {
			house: { id: house.id, name: house.name },
			people: there.length,
			send: allocation.send,
			receive: allocation.receive,
			reducedBy: allocation.reducedBy
		};
		for (const caller of there) budgets.set(personKey(caller.companyId, caller.userId), view);
	}
	return budgets;
}

/** The budget of one person about to be (or already) in a room, for the call page's load. */
export function linkBudgetFor(
	companyId: string,
	userId: string,
	roomId: string,
	now = Date.now()
): LinkBudgetView {
	// Most companies declare no house link: then nobody of theirs has a budget, and working out
	// every caller's place (a board read per company in a call) is spared on every call page.
	if (!declaresALink(companyId)) return NO_BUDGET;
	return (
		linkBudgets(now, { companyId, userId, roomId }).get(personKey(companyId, userId)) ?? NO_BUDGET
	);
}

/** Whether a house of the company (archived ones too: a superset is safe) declares its link. */
function declaresALink(companyId: string): boolean {
	// Asked on every call page: prepared once.
	const house = prepared(getDb(), 'company-house-with-a-link', (db) =>
		db
			.select({ id: houses.id })
			.from(companyHouses)
			.innerJoin(houses, eq(companyHouses.houseId, houses.id))
			.where(
				and(
					eq(companyHouses.companyId, sql.placeholder('companyId')),
					or(isNotNull(houses.uplinkKbps), isNotNull(houses.downlinkKbps))
				)
			)
			.limit(1)
			.prepare()
	).get({ companyId });
	return house !== undefined;
}

/**
 * Works out every budget again and tells each person in a call whose share changed (only them:
 * a personal event). Returns who was told, by `companyId userId`.
 */
export function publishLinkBudgets(now = Date.now()): string[] {
	const { told } = state();
	const budgets = linkBudgets(now);
	const changed: string[] = [];
	for (const [key, budget] of budgets) {
		const text = JSON.stringify(budget);
		if (told.get(key) === text) continue;
		// Someone joining with no house link was told nothing yet and needs nothing.
		if (!told.has(key) && budget === NO_BUDGET) {
			told.set(key, text);
			continue;
		}
		told.set(key, text);
		const [companyId, userId] = key.split(' ');
		publishPersonalEvent(companyId, userId, { type: 'link-budget', budget });
		changed.push(key);
	}
	// Out of every call: next time they join, their page's load tells them again.
	for (const key of told.keys()) if (!budgets.has(key)) told.delete(key);
	return changed;
}

/** How long changes are gathered before the budgets are worked out again. */
const RECOMPUTE_DELAY_MS = 200;

/** Works the budgets out again shortly: a burst of joins or check-ins costs one pass. */
export function scheduleLinkBudgets(): void {
	const current = state();
	if (current.timer) return;
	current.timer = setTimeout(() => {
		current.timer = null;
		try {
			publishLinkBudgets();
		} catch (error) {
			logger().error({ err: error }, 'link budgets not updated');
		}
	}, RECOMPUTE_DELAY_MS);
	current.timer.unref?.();
}

/**
 * A track webhook: a shared screen counts in its house's budget while it is published. Returns
 * whether the screens changed.
 */
export function noteTrackEvent(event: WebhookEvent): boolean {
	if (event.event !== 'track_published' && event.event !== 'track_unpublished') return false;
	if (event.track?.source !== TrackSource.SCREEN_SHARE) return false;
	if (!event.room?.name || !event.participant?.sid) return false;
	const key = `${event.room.name} ${event.participant.sid}`;
	const { screens } = state();
	const had = screens.has(key);
	if (event.event === 'track_published') screens.add(key);
	else screens.delete(key);
	return had !== screens.has(key);
}

/**
 * How often the budgets are worked out again while anyone is in a call. Who counts at a house also
 * changes with the clock alone — the afternoon from 13:00 (a person there for the morning only
 * leaves its link), a new day at midnight — and when a house is archived: no event says so.
 */
export const LINK_BUDGET_SWEEP_MS = 60_000;

/**
 * Called once at start: budgets follow who is in calls and who is at which house, and the clock.
 * Returns what stops the clock's sweep (tests).
 */
export function followLinkBudgets(): () => void {
	onOccupancyChanged('link budgets', () => scheduleLinkBudgets());
	onPlaceChanged('link budgets', () => scheduleLinkBudgets());
	const current = state();
	if (!current.sweep) {
		// Only while someone is in a call: an idle node reads nothing.
		current.sweep = setInterval(() => {
			if (current.told.size > 0) scheduleLinkBudgets();
		}, LINK_BUDGET_SWEEP_MS);
		current.sweep.unref?.();
	}
	return () => {
		if (current.sweep) clearInterval(current.sweep);
		current.sweep = null;
	};
}
