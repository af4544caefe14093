import { describe, expect, it } from 'vitest';
import type { LiveEvent, SeatCounts } from '$lib/live-events';
import { changesTeamWeek } from './team-week-live';

const week = { dates: ['2026-11-30', '2026-12-01'], houseIds: ['murat'] };
const counts = (date: string): SeatCounts => ({
	date,
	seats: 4,
	seatsLeft: 3,
	people: 1,
	checkedIn: 0,
	reservedLeft: 0,
	overCapacity: false,
	shared: false
});

describe('changesTeamWeek', () => {
	it('follows the counts of the week’s houses on the week’s dates only', () => {
		expect(
			changesTeamWeek({ type: 'seats', houseId: 'murat', days: [counts('2026-12-01')] }, week)
		).toBe(true);
		expect(
			changesTeamWeek({ type: 'seats', houseId: 'murat', days: [counts('2026-12-08')] }, week)
		).toBe(false);
		expect(
			changesTeamWeek({ type: 'seats', houseId: 'salers', days: [counts('2026-12-01')] }, week)
		).toBe(false);
	});

	it('follows members and the company’s houses, not who is online or in a room', () => {
		expect(changesTeamWeek({ type: 'company' }, week)).toBe(true);
		expect(changesTeamWeek({ type: 'online', userId: 'u', online: true }, week)).toBe(false);
		expect(changesTeamWeek({ type: 'occupancy' }, week)).toBe(false);
	});

	it('follows a person’s card, unless all it says is that they entered or left a video room', () => {
		const person = { userId: 'u' } as Extract<LiveEvent, { type: 'person' }>['person'];
		expect(changesTeamWeek({ type: 'person', person }, week)).toBe(true);
		expect(changesTeamWeek({ type: 'person', person, roomOnly: true }, week)).toBe(false);
	});
});
