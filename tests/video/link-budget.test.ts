// A house's link budget from the database: who is in calls and at which house today (checked in
// or planned), across the companies sharing the house (counts only), told to the people concerned
// and nobody else, and followed when someone checks in.
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkBudgetView, LiveEvent, LiveMessage } from '../../src/lib/live-events';
import { useTempDatabase } from '../helpers/temp-db';

const { db } = useTempDatabase();
const { addMember, makeCompany, makeHouse, makeUser } = await import('../helpers/factories');
const { companyHouses, houses, roomPresence, rooms } =
	await import('../../src/lib/server/db/schema');
const { liveHub } = await import('../../src/lib/server/live/hub');
const { checkIn } = await import('../../src/lib/server/presence/check-in');
const { ensurePermanentRooms } = await import('../../src/lib/server/video/rooms');
const {
	followLinkBudgets,
	linkBudgetFor,
	linkBudgets,
	publishLinkBudgets,
	LINK_BUDGET_SWEEP_MS,
	NO_BUDGET
} = await import('../../src/lib/server/video/link-budget');

const unsubscribers: Array<() => void> = [];
afterEach(() => unsubscribers.splice(0).forEach((stop) => stop()));

/** The link-budget events one person's stream receives from now on. */
function listen(companyId: string, userId: string): LinkBudgetView[] {
	const received: LinkBudgetView[] = [];
	unsubscribers.push(
		liveHub().subscribe(companyId, userId, null, {
			deliver: (message: LiveMessage) => {
				const event: LiveEvent = message.event;
				if (event.type === 'link-budget') received.push(event.budget);
			},
			reload: () => {},
			close: () => {}
		})
	);
	return received;
}

function roomOf(companyId: string, kind: 'house' | 'all_hands') {
	ensurePermanentRooms(companyId);
	return db()
		.select()
		.from(rooms)
		.where(and(eq(rooms.companyId, companyId), eq(rooms.kind, kind)))
		.get()!;
}

let sequence = 0;
function enter(roomId: string, userId: string) {
	sequence += 1;
	db()
		.insert(roomPresence)
		.values({
			roomId,
			identity: userId,
			participantSid: `PA_${sequence}`,
			name: userId,
			houseId: null,
			roomDevice: false,
			joinedAt: new Date()
		})
		.run();
}

let team: Awaited<ReturnType<typeof setUp>>;

async function setUp() {
	const margaux = await makeUser('Margaux Lefèvre');
	const bastien = await makeUser('Bastien Roux');
	const aubrac = makeCompany(margaux, 'Coopérative de l’Aubrac');
	addMember(aubrac, margaux, bastien, 'member');
	const house = makeHouse(aubrac, margaux, { name: 'Maison Murat', uplinkKbps: 700 });
	// Another company works from the same house.
	const chloe = await makeUser('Chloé Martin');
	const other = makeCompany(chloe, 'Atelier du Cantal');
	db().insert(companyHouses).values({ companyId: other.id, houseId: house.id }).run();
	return { margaux, bastien, chloe, aubrac, other, house };
}

beforeEach(async () => {
	db().delete(roomPresence).run();
	team = await setUp();
	publishLinkBudgets();
});

describe('link budgets', () => {
	it('counts everyone in calls at the house, across companies, and only them', () => {
		const { margaux, bastien, chloe, aubrac, other, house } = team;
		checkIn(aubrac.id, margaux.id, house.id);
		checkIn(other.id, chloe.id, house.id);
		enter(roomOf(aubrac.id, 'house').id, margaux.id);
		// Bastien is in the call from home: not on the house's link.
		enter(roomOf(aubrac.id, 'house').id, bastien.id);
		enter(roomOf(other.id, 'all_hands').id, chloe.id);

		const budgets = linkBudgets();
		const margauxBudget = budgets.get(`${aubrac.id} ${margaux.id}`)!;
		expect(margauxBudget).toMatchObject({
			house: { id: house.id, name: 'Maison Murat' },
			people: 2,
			// 700 kbit/s: 80 for two microphones, 620 left: two lowest layers (2 × 160), not 2 × 610.
			send: 'low',
			receive: null,
			reducedBy: ['uplink']
		});
		expect(budgets.get(`${other.id} ${chloe.id}`)).toEqual(margauxBudget);
		expect(budgets.get(`${aubrac.id} ${bastien.id}`)).toEqual(NO_BUDGET);
	});

	it('sets no limit at a house without a declared link', () => {
		const { margaux, aubrac, house } = team;
		db().update(houses).set({ uplinkKbps: null }).where(eq(houses.id, house.id)).run();
		checkIn(aubrac.id, margaux.id, house.id);
		enter(roomOf(aubrac.id, 'house').id, margaux.id);
		expect(linkBudgets().get(`${aubrac.id} ${margaux.id}`)).toEqual(NO_BUDGET);
	});

	it('counts the person about to join on the call page', () => {
		const { margaux, bastien, aubrac, house } = team;
		checkIn(aubrac.id, margaux.id, house.id);
		checkIn(aubrac.id, bastien.id, house.id);
		const room = roomOf(aubrac.id, 'house');
		enter(room.id, margaux.id);
		expect(linkBudgetFor(aubrac.id, bastien.id, room.id)).toMatchObject({ people: 2, send: 'low' });
		// Already inside: counted once.
		enter(room.id, bastien.id);
		expect(linkBudgetFor(aubrac.id, bastien.id, room.id)).toMatchObject({ people: 2 });
	});

	it('on the call page, gives a budget to a company sharing a declared house, none to one without', async () => {
		const { margaux, chloe, aubrac, other, house } = team;
		checkIn(aubrac.id, margaux.id, house.id);
		enter(roomOf(aubrac.id, 'house').id, margaux.id);
		// Chloé's company shares the declared house: she counts at it, with Margaux.
		checkIn(other.id, chloe.id, house.id);
		expect(linkBudgetFor(other.id, chloe.id, roomOf(other.id, 'all_hands').id)).toMatchObject({
			house: { id: house.id },
			people: 2
		});
		// A company whose only house declares no link: no budget, whoever is in calls elsewhere.
		const denis = await makeUser('Denis Vidal');
		const solo = makeCompany(denis, 'Menuiserie Vidal');
		const workshop = makeHouse(solo, denis, { name: 'Atelier Vidal' });
		checkIn(solo.id, denis.id, workshop.id);
		expect(linkBudgetFor(solo.id, denis.id, roomOf(solo.id, 'house').id)).toEqual(NO_BUDGET);
	});

	it('tells the people concerned, names only the house, and follows a check-in', async () => {
		const { margaux, bastien, chloe, aubrac, other, house } = team;
		followLinkBudgets();
		checkIn(aubrac.id, margaux.id, house.id);
		enter(roomOf(aubrac.id, 'house').id, margaux.id);
		enter(roomOf(other.id, 'all_hands').id, chloe.id);
		const toMargaux = listen(aubrac.id, margaux.id);
		const toChloe = listen(other.id, chloe.id);
		const toBastien = listen(aubrac.id, bastien.id);

		// Margaux alone on the link: 660 kbit/s after her microphone hold her low and medium layers.
		expect(publishLinkBudgets()).toEqual([`${aubrac.id} ${margaux.id}`]);
		expect(toMargaux.at(-1)).toMatchObject({ people: 1, send: 'medium' });
		expect(toChloe).toEqual([]);

		// Chloé checks in there, in the call of her own company: both are told, once it is counted.
		const told = new Promise<void>((resolve) => {
			unsubscribers.push(
				liveHub().subscribe(other.id, chloe.id, null, {
					deliver: (message) => message.event.type === 'link-budget' && resolve(),
					reload: () => {},
					close: () => {}
				})
			);
		});
		checkIn(other.id, chloe.id, house.id);
		await told;
		expect(toChloe.at(-1)).toMatchObject({ house: { name: 'Maison Murat' }, people: 2 });
		expect(toMargaux.at(-1)).toMatchObject({ people: 2, send: 'low' });
		// Counts only: neither hears who the other is.
		expect(JSON.stringify(toMargaux)).not.toContain('Chloé');
		expect(JSON.stringify(toChloe)).not.toContain('Margaux');
		// Bastien is in no call: nothing for him.
		expect(toBastien).toEqual([]);
		// Nothing changed since: nobody is told twice.
		expect(publishLinkBudgets()).toEqual([]);
	});

	it('follows the clock: someone at the house for the morning leaves its link at 13:00', () => {
		const { margaux, aubrac, house } = team;
		// The sweep an earlier test started runs on real time: stopped, to start again on the test's.
		followLinkBudgets()();
		// 12:58 in Paris (the house's zone), Thursday 3 December 2026.
		vi.useFakeTimers({
			now: Date.parse('2026-12-03T11:58:00Z'),
			toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout']
		});
		const stop = followLinkBudgets();
		try {
			checkIn(aubrac.id, margaux.id, house.id, Date.now(), 'am');
			enter(roomOf(aubrac.id, 'house').id, margaux.id);
			const toMargaux = listen(aubrac.id, margaux.id);
			publishLinkBudgets();
			expect(toMargaux.at(-1)).toMatchObject({ house: { name: 'Maison Murat' }, people: 1 });

			// Nothing happens but the clock: past 13:00 she is no longer on the house's link.
			vi.advanceTimersByTime(3 * LINK_BUDGET_SWEEP_MS);
			expect(toMargaux.at(-1)).toEqual(NO_BUDGET);
		} finally {
			stop();
			vi.useRealTimers();
		}
	});
});
