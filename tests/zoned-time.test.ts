// Wall times at both daylight-saving edges of 2026, in zones that change by an hour at night
// (Paris, New York), by half an hour (Lord Howe), at a quarter-hour offset (Chatham), in the
// southern hemisphere (Sydney, and Chatham and Lord Howe again), at midnight (Santiago, Havana) and
// not at all (Kolkata). The times just before and after each change are the ones a conversion that
// reads the offset once, at the wall time taken as UTC, gets wrong by the length of the change.
import { describe, expect, it } from 'vitest';
import { addDays, endOfDay, zonedInstant, type RepeatedWallTime } from '../src/lib/zoned-time';

const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
const HOUR = 3_600_000;

/** A wall time that happens once, and the instant (ISO, UTC) it stands for. */
type Once = [time: string, instant: string];

type Zone = {
	timeZone: string;
	/** The night clocks go forward: a time before the jump, one it skips, one after. */
	forward: { date: string; before: Once; skipped: Once; after: Once };
	/** The night clocks go back: a time before, a repeated one (earlier, later), one after. */
	back: { date: string; before: Once; repeated: [string, string, string]; after: Once };
};

const zones: Zone[] = [
	{
		// 02:00 → 03:00 on 29 March (01:00 UTC); 03:00 → 02:00 on 25 October (01:00 UTC).
		timeZone: 'Europe/Paris',
		forward: {
			date: '2026-03-29',
			before: ['01:30', '2026-03-29T00:30Z'],
			skipped: ['02:30', '2026-03-29T01:30Z'],
			after: ['04:00', '2026-03-29T02:00Z']
		},
		back: {
			date: '2026-10-25',
			before: ['01:30', '2026-10-24T23:30Z'],
			repeated: ['02:30', '2026-10-25T00:30Z', '2026-10-25T01:30Z'],
			after: ['03:30', '2026-10-25T02:30Z']
		}
	},
	{
		// 02:00 → 03:00 on 8 March (07:00 UTC); 02:00 → 01:00 on 1 November (06:00 UTC).
		timeZone: 'America/New_York',
		forward: {
			date: '2026-03-08',
			before: ['01:30', '2026-03-08T06:30Z'],
			skipped: ['02:30', '2026-03-08T07:30Z'],
			after: ['03:30', '2026-03-08T07:30Z']
		},
		back: {
			date: '2026-11-01',
			before: ['00:30', '2026-11-01T04:30Z'],
			repeated: ['01:30', '2026-11-01T05:30Z', '2026-11-01T06:30Z'],
			after: ['02:30', '2026-11-01T07:30Z']
		}
	},
	{
		// Half-hour daylight saving (UTC+10:30 / +11): 02:00 → 02:30 on 4 October, 02:00 → 01:30
		// on 5 April.
		timeZone: 'Australia/Lord_Howe',
		forward: {
			date: '2026-10-04',
			before: ['01:45', '2026-10-03T15:15Z'],
			skipped: ['02:15', '2026-10-03T15:45Z'],
			after: ['03:00', '2026-10-03T16:00Z']
		},
		back: {
			date: '2026-04-05',
			before: ['01:15', '2026-04-04T14:15Z'],
			repeated: ['01:45', '2026-04-04T14:45Z', '2026-04-04T15:15Z'],
			after: ['02:15', '2026-04-04T15:45Z']
		}
	},
	{
		// UTC+12:45 / +13:45: 02:45 → 03:45 on 27 September, 03:45 → 02:45 on 5 April. The change
		// is more than 12 hours of UTC before the wall time it moves.
		timeZone: 'Pacific/Chatham',
		forward: {
			date: '2026-09-27',
			before: ['02:30', '2026-09-26T13:45Z'],
			skipped: ['03:00', '2026-09-26T14:15Z'],
			after: ['04:30', '2026-09-26T14:45Z']
		},
		back: {
			date: '2026-04-05',
			before: ['02:30', '2026-04-04T12:45Z'],
			repeated: ['03:00', '2026-04-04T13:15Z', '2026-04-04T14:15Z'],
			after: ['04:00', '2026-04-04T15:15Z']
		}
	},
	{
		// Southern summer time: 02:00 → 03:00 on 4 October, 03:00 → 02:00 on 5 April.
		timeZone: 'Australia/Sydney',
		forward: {
			date: '2026-10-04',
			before: ['01:30', '2026-10-03T15:30Z'],
			skipped: ['02:30', '2026-10-03T16:30Z'],
			after: ['04:00', '2026-10-03T17:00Z']
		},
		back: {
			date: '2026-04-05',
			before: ['01:30', '2026-04-04T14:30Z'],
			repeated: ['02:30', '2026-04-04T15:30Z', '2026-04-04T16:30Z'],
			after: ['03:30', '2026-04-04T17:30Z']
		}
	}
];

const choices: RepeatedWallTime[] = ['earlier', 'later'];

describe.each(zones)('zonedInstant in $timeZone', ({ timeZone, forward, back }) => {
	it('finds the times either side of the night the clocks go forward', () => {
		for (const repeated of choices) {
			for (const [time, instant] of [forward.before, forward.after]) {
				expect(iso(zonedInstant(forward.date, time, timeZone, repeated))).toBe(instant);
			}
		}
	});

	it('moves a skipped time forward by the length of the jump, whichever choice is given', () => {
		const [time, instant] = forward.skipped;
		for (const repeated of choices) {
			expect(iso(zonedInstant(forward.date, time, timeZone, repeated))).toBe(instant);
		}
	});

	it('finds the times either side of the night the clocks go back', () => {
		for (const repeated of choices) {
			for (const [time, instant] of [back.before, back.after]) {
				expect(iso(zonedInstant(back.date, time, timeZone, repeated))).toBe(instant);
			}
		}
	});

	it('gives a repeated time its first or its second pass, as asked', () => {
		const [time, earlier, later] = back.repeated;
		expect(iso(zonedInstant(back.date, time, timeZone, 'earlier'))).toBe(earlier);
		expect(iso(zonedInstant(back.date, time, timeZone, 'later'))).toBe(later);
	});
});

describe('zonedInstant in a zone without daylight saving', () => {
	it('has one instant for every wall time, on the nights others change their clocks', () => {
		for (const repeated of choices) {
			expect(iso(zonedInstant('2026-03-29', '02:30', 'Asia/Kolkata', repeated))).toBe(
				'2026-03-28T21:00Z'
			);
			expect(iso(zonedInstant('2026-10-25', '02:30', 'Asia/Kolkata', repeated))).toBe(
				'2026-10-24T21:00Z'
			);
		}
	});
});

describe('endOfDay where clocks change at midnight', () => {
	/** Hours from the end of the day before to the end of `date`. */
	const dayLength = (date: string, timeZone: string) =>
		(endOfDay(date, timeZone) - endOfDay(addDays(date, -1), timeZone)) / HOUR;

	it('ends the day before a skipped midnight at the jump, not an hour early (Santiago)', () => {
		// 6 September 2026: midnight at UTC−4 becomes 01:00 at UTC−3 (04:00 UTC).
		expect(iso(endOfDay('2026-09-05', 'America/Santiago'))).toBe('2026-09-06T04:00Z');
		expect(dayLength('2026-09-05', 'America/Santiago')).toBe(24);
		expect(dayLength('2026-09-06', 'America/Santiago')).toBe(23);
		// 5 April 2026: midnight at UTC−3 becomes 23:00 the day before at UTC−4; the 4th lasts 25h.
		expect(iso(endOfDay('2026-04-04', 'America/Santiago'))).toBe('2026-04-05T04:00Z');
		expect(dayLength('2026-04-04', 'America/Santiago')).toBe(25);
	});

	it('ends the day before a repeated midnight at the first midnight (Havana)', () => {
		// 1 November 2026: 01:00 at UTC−4 becomes midnight again at UTC−5 (05:00 UTC).
		expect(iso(endOfDay('2026-10-31', 'America/Havana'))).toBe('2026-11-01T04:00Z');
		expect(dayLength('2026-10-31', 'America/Havana')).toBe(24);
		expect(dayLength('2026-11-01', 'America/Havana')).toBe(25);
		// 8 March 2026: midnight at UTC−5 becomes 01:00 at UTC−4 (05:00 UTC).
		expect(iso(endOfDay('2026-03-07', 'America/Havana'))).toBe('2026-03-08T05:00Z');
		expect(dayLength('2026-03-07', 'America/Havana')).toBe(24);
	});
});
