// The bounded board: each house and column sends its first people (those present first), the
// others are only counted where they are; a group asked for whole, and the viewer's own card,
// are always sent.
import { describe, expect, it } from 'vitest';
import { BOARD_GROUP_LIMIT, boundBoard } from '../../src/lib/server/presence/board';
import { hiddenGroup, housesPastSeatsDay } from '../../src/lib/board-groups';
import type { BoardPerson, BoardPlace } from '../../src/lib/live-events';

// 10:00 in Paris (morning), 04:00 in Toronto.
const NOW = Date.parse('2026-11-23T09:00:00Z');

const at = (houseId: string | null, checkedIn = false): BoardPlace => ({
	kind: houseId ? 'house' : 'unset',
	houseId,
	note: '',
	checkedIn
});

function person(n: number, place: BoardPlace, extra: Partial<BoardPerson> = {}): BoardPerson {
	return {
		userId: `user${String(n).padStart(3, '0')}`,
		name: `Person ${String(n).padStart(3, '0')}`,
		date: '2026-11-23',
		timeZone: 'Europe/Paris',
		homeHouseId: 'vic',
		am: place,
		pm: place,
		status: null,
		online: false,
		room: null,
		...extra
	};
}

/** 20 people at Vic (the last 8 checked in, one of the first online), 3 with nothing set. */
function board(): BoardPerson[] {
	const people: BoardPerson[] = [];
	for (let n = 1; n <= 20; n += 1) people.push(person(n, at('vic', n > 12), { online: n === 2 }));
	for (let n = 21; n <= 23; n += 1) people.push(person(n, at(null), { homeHouseId: null }));
	return people;
}

describe('the bounded board', () => {
	it('sends a house’s first people, present first, and counts the others there', () => {
		const { people, hidden } = boundBoard(board(), NOW, {});
		const atVic = people.filter((p) => p.am.houseId === 'vic');
		expect(atVic).toHaveLength(BOARD_GROUP_LIMIT);
		// The eight checked in, then the one online, then the others in the board's order.
		expect(atVic.map((p) => p.userId)).toEqual([
			'user001',
			'user002',
			'user003',
			'user004',
			...Array.from({ length: 8 }, (_, i) => `user${String(13 + i).padStart(3, '0')}`)
		]);
		expect(hidden.map((h) => h.userId)).toEqual([
			'user005',
			'user006',
			'user007',
			'user008',
			'user009',
			'user010',
			'user011',
			'user012'
		]);
		expect(
			hidden.every((h) => hiddenGroup(h, NOW) === 'house:vic' && h.homeHouseId === 'vic')
		).toBe(true);
		// A small group is sent whole; every member is either sent or counted, once.
		expect(people.filter((p) => p.am.kind === 'unset')).toHaveLength(3);
		expect(people.length + hidden.length).toBe(23);
	});

	it('sends a group asked for whole, and always the viewer’s own card', () => {
		const whole = boundBoard(board(), NOW, { whole: new Set(['house:vic']) });
		expect(whole.hidden).toEqual([]);
		expect(whole.people).toHaveLength(23);

		const mine = boundBoard(board(), NOW, { keep: 'user009' });
		expect(mine.people.some((p) => p.userId === 'user009')).toBe(true);
		expect(mine.hidden.map((h) => h.userId)).not.toContain('user009');
		expect(mine.hidden).toHaveLength(7);
	});

	it('groups people by the half of the day they are in on their own clock', () => {
		// Afternoon at Murat: at 10:00 in Paris they count where their morning is, at 14:30…
		const split = board().map((p) => ({ ...p, pm: at('murat') }));
		const morning = boundBoard(split, NOW, {}).hidden;
		expect(morning.every((h) => hiddenGroup(h, NOW) === 'house:vic')).toBe(true);
		const afternoon = Date.parse('2026-11-23T13:30:00Z');
		// Read in the morning, the page counts them at Murat once it is 13:00 where they are.
		expect(morning.every((h) => hiddenGroup(h, afternoon) === 'house:murat')).toBe(true);
		const { hidden, people } = boundBoard(split, afternoon, {});
		expect(hidden.every((h) => hiddenGroup(h, afternoon) === 'house:murat')).toBe(true);
		// …all 23 are at Murat in the afternoon, bounded to its first 12.
		expect(hidden).toHaveLength(23 - BOARD_GROUP_LIMIT);
		expect(people).toHaveLength(BOARD_GROUP_LIMIT);
	});
});

describe('the seats a board shows', () => {
	it('are read again once midnight has passed where each house is', () => {
		const houses = [
			{ id: 'vic', timeZone: 'Europe/Paris' },
			{ id: 'quebec', timeZone: 'America/Toronto' }
		];
		const seats = { vic: { date: '2026-11-23' }, quebec: { date: '2026-11-23' } };
		// 23:30 in Paris: still the day they were read.
		expect(housesPastSeatsDay(houses, seats, Date.parse('2026-11-23T22:30:00Z'))).toEqual([]);
		// 00:30 in Paris, 18:30 in Toronto: only Vic's seats are of a day that is over.
		expect(housesPastSeatsDay(houses, seats, Date.parse('2026-11-23T23:30:00Z'))).toEqual([
			{ houseId: 'vic', today: '2026-11-24' }
		]);
	});
});
