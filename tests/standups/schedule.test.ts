import { describe, expect, it } from 'vitest';
import {
	currentOccurrence,
	occurrenceOn,
	seenFrom,
	upcomingOccurrences,
	type Schedule
} from '../../src/lib/server/standups/schedule';

const paris: Schedule = { days: [1, 2, 3, 4, 5], time: '09:30', timeZone: 'Europe/Paris' };
const iso = (ms: number) => new Date(ms).toISOString();

describe('a stand-up Mon–Fri 09:30 Europe/Paris', () => {
	it('starts at 08:30 UTC in winter, 04:30 for a house in Martinique', () => {
		const occurrence = occurrenceOn(paris, '2026-01-12');
		expect(occurrence).not.toBeNull();
		expect(iso(occurrence!.startsAt)).toBe('2026-01-12T08:30:00.000Z');
		expect(seenFrom(occurrence!.startsAt, 'America/Martinique')).toEqual({
			date: '2026-01-12',
			time: '04:30',
			weekday: 1
		});
	});

	it('starts an hour earlier in UTC in summer: 03:30 in Martinique, which has no DST', () => {
		const occurrence = occurrenceOn(paris, '2026-07-06')!;
		expect(iso(occurrence.startsAt)).toBe('2026-07-06T07:30:00.000Z');
		expect(seenFrom(occurrence.startsAt, 'America/Martinique').time).toBe('03:30');
	});

	it('follows Paris across the spring change: Friday 08:30 UTC, Monday 07:30 UTC', () => {
		const [friday, monday] = upcomingOccurrences(paris, Date.parse('2026-03-27T06:00:00Z'), 2);
		expect(friday.date).toBe('2026-03-27');
		expect(iso(friday.startsAt)).toBe('2026-03-27T08:30:00.000Z');
		expect(monday.date).toBe('2026-03-30');
		expect(iso(monday.startsAt)).toBe('2026-03-30T07:30:00.000Z');
		expect(seenFrom(friday.startsAt, 'America/Martinique').time).toBe('04:30');
		expect(seenFrom(monday.startsAt, 'America/Martinique').time).toBe('03:30');
	});

	it('and across the autumn change', () => {
		const [friday, monday] = upcomingOccurrences(paris, Date.parse('2026-10-23T00:00:00Z'), 2);
		expect(iso(friday.startsAt)).toBe('2026-10-23T07:30:00.000Z');
		expect(iso(monday.startsAt)).toBe('2026-10-26T08:30:00.000Z');
	});

	it('shows the weeks when only New York has changed its clocks', () => {
		// The US moves on 8 March 2026, Europe on 29 March: the gap is 5 hours, not 6, in between.
		const before = occurrenceOn(paris, '2026-03-06')!;
		const between = occurrenceOn(paris, '2026-03-16')!;
		expect(seenFrom(before.startsAt, 'America/New_York').time).toBe('03:30');
		expect(seenFrom(between.startsAt, 'America/New_York').time).toBe('04:30');
	});

	it('is not held at weekends: after Friday’s comes Monday’s', () => {
		const fridayAfter = Date.parse('2026-01-16T09:00:00Z');
		const [next] = upcomingOccurrences(paris, fridayAfter, 1);
		expect(next.date).toBe('2026-01-19');
		expect(occurrenceOn(paris, '2026-01-17')).toBeNull();
		expect(occurrenceOn(paris, '2026-01-18')).toBeNull();
	});
});

describe('time zones far apart', () => {
	it('a Monday 08:00 stand-up in Auckland is on Sunday afternoon in Martinique', () => {
		const auckland: Schedule = { days: [1], time: '08:00', timeZone: 'Pacific/Auckland' };
		const occurrence = occurrenceOn(auckland, '2026-01-12')!;
		expect(iso(occurrence.startsAt)).toBe('2026-01-11T19:00:00.000Z');
		expect(seenFrom(occurrence.startsAt, 'America/Martinique')).toEqual({
			date: '2026-01-11',
			time: '15:00',
			weekday: 7
		});
	});

	it('upcoming occurrences are counted in the stand-up’s own days, not the viewer’s', () => {
		const auckland: Schedule = { days: [1], time: '08:00', timeZone: 'Pacific/Auckland' };
		// Sunday 11 January at noon UTC is already Monday 01:00 in Auckland: today's is still ahead.
		const [next] = upcomingOccurrences(auckland, Date.parse('2026-01-11T12:00:00Z'), 1);
		expect(next.date).toBe('2026-01-12');
	});
});

describe('a stand-up on the nights the clocks change', () => {
	const sundays = (time: string, timeZone = 'Europe/Paris'): Schedule => ({
		days: [7],
		time,
		timeZone
	});

	it('at a time skipped in spring is held just after the jump; at a repeated one, the first time', () => {
		expect(iso(occurrenceOn(sundays('02:30'), '2026-03-29')!.startsAt)).toBe(
			'2026-03-29T01:30:00.000Z'
		);
		expect(iso(occurrenceOn(sundays('02:30'), '2026-10-25')!.startsAt)).toBe(
			'2026-10-25T00:30:00.000Z'
		);
		expect(iso(occurrenceOn(sundays('09:30'), '2026-03-29')!.startsAt)).toBe(
			'2026-03-29T07:30:00.000Z'
		);
		// New York goes back from 02:00 to 01:00 on 1 November: 01:30 is first at UTC−4.
		expect(iso(occurrenceOn(sundays('01:30', 'America/New_York'), '2026-11-01')!.startsAt)).toBe(
			'2026-11-01T05:30:00.000Z'
		);
	});

	it('follows the same rule in zones more than 12 hours ahead of UTC', () => {
		// Auckland goes back from 03:00 (UTC+13) to 02:00 (UTC+12) on 5 April at 14:00 UTC the
		// day before, and forward from 02:00 to 03:00 on 27 September at 14:00 UTC.
		const auckland = sundays('02:30', 'Pacific/Auckland');
		expect(iso(occurrenceOn(auckland, '2026-04-05')!.startsAt)).toBe('2026-04-04T13:30:00.000Z');
		expect(iso(occurrenceOn(auckland, '2026-09-27')!.startsAt)).toBe('2026-09-26T14:30:00.000Z');
	});
});

describe('which occurrence the card shows', () => {
	const window = { opensMinutesBefore: 120, staysOpenHours: 12 };
	it('nothing before the answers window opens, then the coming one', () => {
		expect(currentOccurrence(paris, Date.parse('2026-01-12T06:00:00Z'), window)).toBeNull();
		expect(currentOccurrence(paris, Date.parse('2026-01-12T06:31:00Z'), window)?.date).toBe(
			'2026-01-12'
		);
	});

	it('keeps today’s after its time for a while, then none until the next opens', () => {
		expect(currentOccurrence(paris, Date.parse('2026-01-12T15:00:00Z'), window)?.date).toBe(
			'2026-01-12'
		);
		expect(currentOccurrence(paris, Date.parse('2026-01-12T21:00:00Z'), window)).toBeNull();
		expect(currentOccurrence(paris, Date.parse('2026-01-13T07:00:00Z'), window)?.date).toBe(
			'2026-01-13'
		);
	});

	it('keeps a stand-up running late even when the next one’s window is already open', () => {
		const wide = { opensMinutesBefore: 24 * 60, staysOpenHours: 12 };
		expect(currentOccurrence(paris, Date.parse('2026-01-12T09:00:00Z'), wide)?.date).toBe(
			'2026-01-12'
		);
		expect(currentOccurrence(paris, Date.parse('2026-01-12T21:00:00Z'), wide)?.date).toBe(
			'2026-01-13'
		);
	});
});
