import { describe, expect, it } from 'vitest';
import { houseOccupancy } from '../../src/lib/server/presence/capacity';
import type { ResolvedDay, ResolvedPlace } from '../../src/lib/server/presence/plans';

const at = (houseId: string): ResolvedPlace => ({
	kind: 'house',
	houseId,
	note: '',
	checkedIn: false,
	source: 'plan'
});
const home: ResolvedPlace = {
	kind: 'home',
	houseId: null,
	note: '',
	checkedIn: false,
	source: 'plan'
};
const day = (am: ResolvedPlace, pm: ResolvedPlace = am): ResolvedDay => ({ date: 'd', am, pm });

describe('houseOccupancy', () => {
	const house = { id: 'h', seats: 3 };

	it('warns when more people than seats are there at the same time', () => {
		const people = [1, 2, 3, 4].map(() => [day(at('h'))]);
		const [slot] = houseOccupancy(house, ['2026-11-23'], people);
		expect(slot).toMatchObject({ am: 4, pm: 4, peak: 4, personDays: 4, overCapacity: true });
	});

	it('does not warn at exactly the number of seats', () => {
		const people = [1, 2, 3].map(() => [day(at('h'))]);
		expect(houseOccupancy(house, ['2026-11-23'], people)[0].overCapacity).toBe(false);
	});

	it('counts half-days against the busier half, not the day', () => {
		// Two people in the morning and two others in the afternoon need two seats.
		const people = [
			[day(at('h'), home)],
			[day(at('h'), home)],
			[day(home, at('h'))],
			[day(home, at('h'))]
		];
		const [slot] = houseOccupancy(house, ['2026-11-23'], people);
		expect(slot).toMatchObject({ am: 2, pm: 2, peak: 2, personDays: 2, overCapacity: false });
		// A third in the morning and one more all day: 4 in the morning.
		people.push([day(at('h'), home)], [day(at('h'))]);
		const [busier] = houseOccupancy(house, ['2026-11-23'], people);
		expect(busier).toMatchObject({ am: 4, pm: 3, peak: 4, personDays: 3.5, overCapacity: true });
	});

	it('ignores other houses and keeps dates apart', () => {
		const people = [[day(at('other')), day(at('h'))]];
		const slots = houseOccupancy(house, ['2026-11-23', '2026-11-24'], people);
		expect(slots.map((slot) => slot.peak)).toEqual([0, 1]);
	});
});
