// A company's board data is kept between its live events and is never stale: each input of the
// board, changed the way the app changes it, shows on the very next board read (the kept data
// is read first, so each test fails if that input's change no longer drops it), and a company's
// kept data never serves another company's people.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, actingAs, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { makeAgreement, makeOperatedHouse } from './operated';
import type { RequestEvent } from '@sveltejs/kit';
import type { LiveEvent } from '../../src/lib/live-events';
import { logIn } from '../../src/lib/server/auth/account-forms';
import { updateProfile } from '../../src/lib/server/auth/user';
import { leaveCompany } from '../../src/lib/server/companies/members';
import { setHomeHouse, setHouseArchived, updateHouse } from '../../src/lib/server/houses/houses';
import { liveHub } from '../../src/lib/server/live/hub';
import { createOperator } from '../../src/lib/server/operators/operators';
import {
	boardParts,
	boardWithSeats,
	registerRoomLookup,
	type RoomLookup
} from '../../src/lib/server/presence/board';
import { boardIgnores, CompanyCache } from '../../src/lib/server/presence/board-cache';
import { checkIn } from '../../src/lib/server/presence/check-in';
import {
	patternDates,
	publishPlaceChanged,
	publishProfileChanged
} from '../../src/lib/server/presence/events';
import { setDayPlan, setPattern } from '../../src/lib/server/presence/plans';
import { occupancyChanged } from '../../src/lib/server/video/occupancy-changed';
import { clearStatus, setStatus } from '../../src/lib/server/presence/statuses';
import { houseInput } from '../helpers/factories';

const database = useTempDatabase();

// Monday 23 November 2026, 10:00 in Paris.
const NOW = Date.parse('2026-11-23T09:00:00Z');
const TODAY = '2026-11-23';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A company of two (the owner and Bea) working from one house in Paris. */
async function company() {
	const owner = await makeUser('Owner');
	const bea = await makeUser('Bea');
	const co = makeCompany(owner);
	const house = makeHouse(co, owner, { name: 'Maison Vic' });
	addMember(co, owner, bea, 'member');
	return { owner, bea, co, house, asOwner: actingAs(owner, 'owner') };
}

/** The board as a request reads it at `now` (kept data when still true). */
function board(companyId: string, now = NOW) {
	return boardWithSeats(companyId, now);
}

function card(companyId: string, userId: string, now = NOW) {
	return board(companyId, now).board.people.find((person) => person.userId === userId);
}

describe('the kept board follows', () => {
	it('a member joining and one leaving', async () => {
		const { owner, bea, co } = await company();
		const cy = await makeUser('Cy');
		board(co.id);
		addMember(co, owner, cy, 'member');
		expect(card(co.id, cy.id)).toBeDefined();
		expect(leaveCompany(co.id, bea.id)).toEqual({ ok: true });
		expect(card(co.id, bea.id)).toBeUndefined();
	});

	it('a new name on the profile', async () => {
		const { bea, co } = await company();
		board(co.id);
		updateProfile(bea.id, { name: 'Béatrice Vidal' });
		publishProfileChanged(bea.id, NOW);
		expect(card(co.id, bea.id)?.name).toBe('Béatrice Vidal');
	});

	it('a time zone set at log-in (someone who never chose one)', async () => {
		const { bea, co } = await company();
		expect(card(co.id, bea.id)?.timeZone).toBe('Europe/Paris');
		const event = {
			getClientAddress: () => '192.0.2.7',
			request: new Request('http://localhost/login', { method: 'POST' }),
			cookies: { set: () => {}, delete: () => {}, get: () => undefined },
			url: new URL('http://localhost/login')
		} as unknown as RequestEvent;
		const result = await logIn(event, {
			email: bea.email,
			password: 'une-longue-phrase-de-passe',
			timeZone: 'America/Martinique'
		});
		expect(result.ok).toBe(true);
		expect(card(co.id, bea.id)?.timeZone).toBe('America/Martinique');
	});

	it('a day planned, a check-in and a usual week', async () => {
		const { owner, bea, co, house } = await company();
		expect(card(co.id, bea.id)?.am.kind).toBe('unset');
		// As the planner saves a day.
		setDayPlan(co.id, bea.id, TODAY, {
			split: false,
			whole: { kind: 'home', houseId: null },
			note: ''
		});
		publishPlaceChanged(co.id, bea.id, [TODAY], { now: NOW });
		expect(card(co.id, bea.id)?.am.kind).toBe('home');

		expect(board(co.id).seatsLeft[house.id]).toMatchObject({ people: 0, checkedIn: 0 });
		expect(checkIn(co.id, bea.id, house.id, NOW).ok).toBe(true);
		expect(card(co.id, bea.id)?.am).toMatchObject({ houseId: house.id, checkedIn: true });
		// The company's own people at the house are counted from the kept data too.
		expect(board(co.id).seatsLeft[house.id]).toMatchObject({ people: 1, checkedIn: 1 });

		const cy = await makeUser('Cy');
		addMember(co, owner, cy, 'member');
		board(co.id);
		// As the planner saves a usual week: Mondays at the house.
		setPattern(co.id, cy.id, TODAY, { 1: { kind: 'house', houseId: house.id } }, TODAY);
		publishPlaceChanged(co.id, cy.id, patternDates(TODAY), { now: NOW });
		expect(card(co.id, cy.id)?.pm).toMatchObject({ kind: 'house', houseId: house.id });
	});

	it('a status set and cleared', async () => {
		const { bea, co } = await company();
		board(co.id);
		setStatus(co.id, bea.id, { text: 'En réunion', emoji: '📅', dndUntil: null }, NOW);
		expect(card(co.id, bea.id)?.status?.text).toBe('En réunion');
		clearStatus(co.id, bea.id, NOW);
		expect(card(co.id, bea.id)?.status).toBeNull();
	});

	it('a status and a do-not-disturb ending with no event', async () => {
		const { bea, co } = await company();
		setStatus(co.id, bea.id, { text: 'Au calme', emoji: '🤫', dndUntil: '11:30' }, NOW);
		const status = card(co.id, bea.id)?.status;
		expect(status?.dndUntil).toBe(Date.parse('2026-11-23T10:30:00Z'));
		// 11:30 in Paris: the quiet has ended, the status not.
		expect(card(co.id, bea.id, status!.dndUntil!)?.status).toMatchObject({
			text: 'Au calme',
			dndUntil: null
		});
		// Midnight in Paris: the status has ended with its day.
		expect(card(co.id, bea.id, status!.expiresAt)?.status).toBeNull();
	});

	it('midnight where someone is, with no event', async () => {
		const { bea, co, house } = await company();
		setDayPlan(co.id, bea.id, '2026-11-24', {
			split: false,
			whole: { kind: 'house', houseId: house.id },
			note: ''
		});
		publishPlaceChanged(co.id, bea.id, ['2026-11-24'], { now: NOW });
		const beforeMidnight = Date.parse('2026-11-23T22:59:59Z');
		expect(card(co.id, bea.id, beforeMidnight)).toMatchObject({ date: TODAY });
		expect(card(co.id, bea.id, beforeMidnight + 1000)).toMatchObject({
			date: '2026-11-24',
			am: { kind: 'house', houseId: house.id }
		});
	});

	it('someone opening Hameau and a video room, read at each request', async () => {
		const { bea, co } = await company();
		board(co.id);
		const stop = liveHub().subscribe(co.id, bea.id, null, {
			deliver: () => {},
			reload: () => {},
			close: () => {}
		});
		cleanups.push(stop);
		expect(card(co.id, bea.id)?.online).toBe(true);
		// Occupancy changes reach the board as cards; the room itself is read at every board.
		const rooms = new Map([[bea.id, { id: 'room1', name: 'Café', joinUrl: '/x/rooms/room1' }]]);
		const lookup: RoomLookup = (companyId) => (companyId === co.id ? rooms : new Map());
		registerRoomLookup(lookup);
		cleanups.push(() => registerRoomLookup(() => new Map()));
		expect(card(co.id, bea.id)?.room).toMatchObject({ id: 'room1' });
		rooms.clear();
		expect(card(co.id, bea.id)?.room).toBeNull();
	});

	it('someone entering and leaving a video room: their room at once, the data kept', async () => {
		const { owner, bea, co } = await company();
		const rooms = new Map<string, { id: string; name: string; joinUrl: string }>();
		registerRoomLookup((companyId) => (companyId === co.id ? rooms : new Map()));
		cleanups.push(() => registerRoomLookup(() => new Map()));
		const cards: Array<{ userId: string; room: unknown }> = [];
		cleanups.push(
			liveHub().subscribe(co.id, owner.id, null, {
				deliver: ({ event }) => {
					if (event.type === 'person') cards.push(event.person);
				},
				reload: () => {},
				close: () => {}
			})
		);
		// The houses' list is the kept data's own: the same object while it is kept.
		const first = board(co.id).board.houses;
		rooms.set(bea.id, { id: 'room1', name: 'Café', joinUrl: '/x/rooms/room1' });
		occupancyChanged(co.id, [bea.id], NOW);
		expect(card(co.id, bea.id)?.room).toMatchObject({ id: 'room1' });
		rooms.clear();
		occupancyChanged(co.id, [bea.id], NOW);
		expect(card(co.id, bea.id)?.room).toBeNull();
		// A meeting starting: a burst of entries, each one's card to the open boards.
		rooms.set(owner.id, { id: 'room1', name: 'Café', joinUrl: '/x/rooms/room1' });
		rooms.set(bea.id, { id: 'room1', name: 'Café', joinUrl: '/x/rooms/room1' });
		for (let i = 0; i < 10; i += 1) occupancyChanged(co.id, [owner.id, bea.id], NOW);
		expect(board(co.id).board.houses).toBe(first);
		expect(cards.slice(0, 2)).toEqual([
			expect.objectContaining({ userId: bea.id, room: expect.objectContaining({ id: 'room1' }) }),
			expect.objectContaining({ userId: bea.id, room: null })
		]);
		expect(cards.slice(2).map((person) => person.room)).toEqual(
			Array(20).fill(expect.objectContaining({ id: 'room1' }))
		);
		// Anything else still drops it.
		liveHub().publish(co.id, { type: 'company' });
		expect(board(co.id).board.houses).not.toBe(first);
	});

	it('a house renamed, moved to another zone, archived; a new house; a home house', async () => {
		const { owner, bea, co, house, asOwner } = await company();
		expect(setHomeHouse(co.id, bea.id, house.id)).toBe(true);
		expect(card(co.id, bea.id)?.homeHouseId).toBe(house.id);
		const renamed = houseInput({ name: 'Maison Salers', timeZone: 'America/Martinique' });
		expect(updateHouse(co.id, asOwner, house.id, renamed)).toBe(true);
		const after = board(co.id).board;
		expect(after.houses.map((h) => h.name)).toEqual(['Maison Salers']);
		// Her day is read in her home house's zone.
		expect(after.people.find((p) => p.userId === bea.id)?.timeZone).toBe('America/Martinique');
		const second = makeHouse(co, owner, { name: 'Maison Riom' });
		expect(board(co.id).board.houses.map((h) => h.id)).toContain(second.id);
		expect(setHouseArchived(co.id, asOwner, second.id, true)).toBe(true);
		expect(board(co.id).board.houses.map((h) => h.id)).not.toContain(second.id);
	});

	it('another company’s check-in at a shared house, before its seats event leaves', async () => {
		const officer = await makeUser('Officer');
		const operator = createOperator(officer.id, 'Commune de Salers');
		const shared = makeOperatedHouse(operator.id, { name: 'Maison partagée', seats: 5 });
		const { co } = await company();
		const otherOwner = await makeUser('Other');
		const other = makeCompany(otherOwner);
		makeAgreement(shared, co, { startDate: '2026-11-01' });
		makeAgreement(shared, other, { startDate: '2026-11-01' });
		// The agreements were written straight into the tables: the boards read afresh.
		liveHub().publish(co.id, { type: 'company' });
		expect(board(co.id).seatsLeft[shared.id]).toMatchObject({ seatsLeft: 5, people: 0 });
		expect(checkIn(other.id, otherOwner.id, shared.id, NOW).ok).toBe(true);
		expect(board(co.id).seatsLeft[shared.id]).toMatchObject({ seatsLeft: 4, people: 1 });
	});

	it('a write by another connection to the file (a tool, another process, a test’s seed)', async () => {
		const { bea, co } = await company();
		board(co.id);
		const other = new Database(database.path);
		try {
			other.prepare('update users set name = ? where id = ?').run('Bea Écrite Ailleurs', bea.id);
		} finally {
			other.close();
		}
		expect(card(co.id, bea.id)?.name).toBe('Bea Écrite Ailleurs');
	});

	it('the board’s refresh endpoint reads the same kept data, fresh', async () => {
		const { bea, co } = await company();
		board(co.id);
		setStatus(co.id, bea.id, { text: 'Dehors', emoji: '🌳', dndUntil: null }, NOW);
		const parts = boardParts(co.id, { people: [bea.id, 'nobody'], houses: false }, NOW);
		expect(parts.people[bea.id]?.status?.text).toBe('Dehors');
		expect(parts.people.nobody).toBeNull();
		expect(Object.keys(parts.people)).toEqual([bea.id, 'nobody']);
	});
});

describe('the kept board of each company', () => {
	it('serves only that company’s people, whatever the order of reads', async () => {
		const a = await company();
		const b = await company();
		// Both streams may stand at the same cursor number.
		for (const { co, owner, bea } of [a, b, a, b]) {
			const ids = board(co.id).board.people.map((person) => person.userId);
			expect(ids.sort()).toEqual([owner.id, bea.id].sort());
		}
	});

	it('is kept for a bounded number of companies, the least recently used leaving first', () => {
		const reads: string[] = [];
		const cursors = new Map<string, number>();
		const stream = {
			cursor: (companyId: string) => `e-${cursors.get(companyId) ?? 0}`,
			onlySince: (companyId: string, cursor: string) =>
				cursor === `e-${cursors.get(companyId) ?? 0}`
		};
		const cache = new CompanyCache<{ validUntil: number; size: number }>(
			() => stream,
			boardIgnores,
			{ maxCompanies: 2 }
		);
		const read = (companyId: string) =>
			cache.get(companyId, NOW, 'db', 0, () => {
				reads.push(companyId);
				return { validUntil: Infinity, size: 1 };
			});
		read('a');
		read('b');
		read('a');
		read('c'); // b leaves: a was used after it
		read('a');
		read('b');
		expect(reads).toEqual(['a', 'b', 'c', 'b']);
		expect(cache.size).toBe(2);
		// An event on a's stream: read again.
		cursors.set('a', 1);
		read('a');
		expect(reads.at(-1)).toBe('a');
	});

	it('stays through events that do not concern the board', async () => {
		const { bea, co } = await company();
		// The houses' list is the kept data's own: the same object while it is kept.
		const first = board(co.id).board.houses;
		const ignored: LiveEvent[] = [
			{ type: 'online', userId: bea.id, online: false },
			{ type: 'standup', standupId: 's', runId: 'r', state: {} as never },
			// Another company planned at a shared house: counts only, read per request.
			{ type: 'seats', houseId: 'h', days: [] }
		];
		for (const event of ignored) liveHub().publish(co.id, event);
		liveHub().publish(co.id, { type: 'company' }, bea.id);
		expect(board(co.id).board.houses).toBe(first);
		liveHub().publish(co.id, { type: 'company' });
		expect(board(co.id).board.houses).not.toBe(first);
	});
});
