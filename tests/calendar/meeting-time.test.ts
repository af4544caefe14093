// A meeting room's optional time in the create form: both date and time or neither, a duration
// in bounds, read on the creator's clock, not in the past; and how the rooms page shows its day
// and tells the meetings over from those to come.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { formatMeetingDay } from '../../src/routes/(app)/[company]/rooms/format';
import {
	meetingPhase,
	nextPhaseChange,
	roomsByTime
} from '../../src/routes/(app)/[company]/rooms/meeting-timeline';
import {
	meetingSchedule,
	meetingScheduleEntries,
	type MeetingScheduleOptions
} from '../../src/routes/(app)/[company]/rooms/meeting-time.server';
import type { RoomKind } from '../../src/lib/vocabulary';

const schema = v.object(meetingScheduleEntries);

/** Friday 4 December 2026, 22:00 in Paris: the tests' present. */
const NOW = Date.UTC(2026, 11, 4, 21, 0);

function read(
	fields: Record<string, string>,
	zone = 'Europe/Paris',
	options: MeetingScheduleOptions = {}
) {
	const parsed = v.safeParse(schema, fields);
	if (!parsed.success) return { fieldErrors: parsed.issues.map((i) => i.path?.[0]?.key) };
	return meetingSchedule(parsed.output, zone, { now: NOW, ...options });
}

describe('a meeting room’s time', () => {
	it('is optional', () => {
		expect(read({})).toEqual({ ok: true, schedule: null });
	});

	it('is read on the creator’s clock, with 30 minutes unless told', () => {
		expect(read({ date: '2026-12-10', time: '14:30' })).toEqual({
			ok: true,
			schedule: { at: new Date(Date.UTC(2026, 11, 10, 13, 30)), durationMinutes: 30 }
		});
		expect(read({ date: '2027-07-10', time: '14:30', duration: '90' }, 'America/New_York')).toEqual(
			{ ok: true, schedule: { at: new Date(Date.UTC(2027, 6, 10, 18, 30)), durationMinutes: 90 } }
		);
	});

	it('wants both the date and the time', () => {
		expect(read({ date: '2026-12-10' })).toMatchObject({
			ok: false,
			errors: { time: expect.any(String) }
		});
		expect(read({ time: '10:00' })).toMatchObject({
			ok: false,
			errors: { date: expect.any(String) }
		});
	});

	it('refuses dates, times and durations that are not', () => {
		expect(read({ date: '2026-02-30', time: '10:00' })).toEqual({ fieldErrors: ['date'] });
		expect(read({ date: '2026-02-03', time: '25:00' })).toEqual({ fieldErrors: ['time'] });
		expect(read({ date: '2026-02-03', time: '10:00', duration: '2' })).toEqual({
			fieldErrors: ['duration']
		});
		expect(read({ date: '2026-02-03', time: '10:00', duration: '9999' })).toEqual({
			fieldErrors: ['duration']
		});
		// In steps of 5 minutes, as the field's own arrows and the browser's check go.
		expect(read({ date: '2026-02-03', time: '10:00', duration: '7' })).toEqual({
			fieldErrors: ['duration']
		});
	});

	it('says every mistake at once, each beside its field, from the fields as posted', () => {
		const posted = (fields: Record<string, string>) =>
			meetingSchedule(fields, 'Europe/Paris', { now: NOW });
		// A start long past and a length out of step: both, not only the first one checked.
		expect(posted({ date: '2020-01-01', time: '09:00', duration: '7' })).toEqual({
			ok: false,
			errors: {
				date: 'This time has passed: choose a date and time to come.',
				duration: 'Enter a duration between 5 and 480 minutes, in steps of 5.'
			}
		});
		// A time without its date, beside a refused length; a date not understood, beside a time
		// left empty.
		expect(posted({ date: '', time: '10:00', duration: '9999' })).toEqual({
			ok: false,
			errors: {
				date: 'Give both the date and the time, or neither.',
				duration: 'Enter a duration between 5 and 480 minutes, in steps of 5.'
			}
		});
		expect(posted({ date: '2026-02-30', time: ' ', duration: '30' })).toEqual({
			ok: false,
			errors: {
				date: 'Enter a valid date.',
				time: 'Give both the date and the time, or neither.'
			}
		});
		// No time, and nothing else wrong: none.
		expect(posted({ date: '', time: '', duration: '45' })).toEqual({ ok: true, schedule: null });
	});

	it('is not in the past, beyond the quarter of an hour that has just begun', () => {
		const refused = {
			ok: false,
			errors: { date: 'This time has passed: choose a date and time to come.' }
		};
		expect(read({ date: '2020-01-06', time: '10:00' })).toEqual(refused);
		expect(read({ date: '2026-12-04', time: '21:44' })).toEqual(refused);
		// "Now" typed a few minutes late, and a meeting later tonight, are taken.
		expect(read({ date: '2026-12-04', time: '21:50' })).toMatchObject({ ok: true });
		expect(read({ date: '2026-12-04', time: '23:15' })).toMatchObject({ ok: true });
		// Read on the creator's clock: 16:30 in New York is 22:30 in Paris, still to come.
		expect(read({ date: '2026-12-04', time: '16:30' }, 'America/New_York')).toMatchObject({
			ok: true
		});
	});

	it('keeps a start already saved, even once past (only the length changes)', () => {
		const current = new Date(Date.UTC(2026, 11, 4, 19, 0));
		expect(
			read({ date: '2026-12-04', time: '20:00', duration: '120' }, 'Europe/Paris', { current })
		).toEqual({ ok: true, schedule: { at: current, durationMinutes: 120 } });
		expect(read({ date: '2026-12-04', time: '19:00' }, 'Europe/Paris', { current })).toMatchObject({
			ok: false,
			errors: { date: expect.any(String) }
		});
	});
});

describe('a meeting’s day on the rooms page', () => {
	it('names the year when it is not this year’s, so a past meeting does not look upcoming', () => {
		const read = (iso: string, locale: string) =>
			formatMeetingDay(new Date(iso), 'Europe/Paris', { now: NOW, locale });
		expect(read('2020-01-06T09:00:00Z', 'fr')).toBe('lun. 6 janv. 2020');
		expect(read('2027-01-06T09:00:00Z', 'en')).toBe('Wed 6 Jan 2027');
		expect(read('2026-12-07T09:00:00Z', 'fr')).toBe('lun. 7 déc.');
		expect(read('2026-12-07T09:00:00Z', 'en')).toBe('Mon 7 Dec');
		// Read on the reader's clock: 23:30 UTC on 31 December is New Year's Day in Paris.
		expect(read('2026-12-31T23:30:00Z', 'en')).toBe('Fri 1 Jan 2027');
		expect(read('2026-12-31T23:30:00Z', 'fr')).toBe('ven. 1er janv. 2027');
	});

	it('keeps the weekday of a meeting next year, in both languages', () => {
		// Before, a meeting next January read "6 janvier 2027": the year, but not the day of the week.
		const read = (iso: string, locale: string) =>
			formatMeetingDay(new Date(iso), 'Europe/Paris', { now: NOW, locale });
		expect(read('2027-01-06T09:00:00Z', 'fr')).toMatch(/^mer\. /);
		expect(read('2027-01-06T09:00:00Z', 'en')).toMatch(/^Wed /);
	});
});

describe('meetings over and to come on the rooms page', () => {
	const room = (
		name: string,
		kind: RoomKind,
		at: string | null,
		durationMinutes: number | null
	) => ({
		name,
		kind,
		scheduledAt: at === null ? null : new Date(at),
		durationMinutes
	});

	it('lists a meeting earlier this year as over, not among the rooms to enter', () => {
		const rooms = [
			room('All hands', 'all_hands', null, null),
			room('Maison de Murat', 'house', null, null),
			room('Bilan annuel', 'meeting', '2026-11-30T14:00:00Z', 60),
			room('Café du lundi', 'meeting', null, null),
			room('Point budget', 'meeting', '2026-12-20T09:00:00Z', 30),
			room('Revue de printemps', 'meeting', '2026-04-14T08:00:00Z', 30),
			room('Sous-préfecture', 'meeting', '2026-12-07T09:00:00Z', 30)
		];
		const { current, over } = roomsByTime(rooms, NOW);
		// Permanent rooms first, then what comes soonest, then the rooms without a time.
		expect(current.map((r) => r.name)).toEqual([
			'All hands',
			'Maison de Murat',
			'Sous-préfecture',
			'Point budget',
			'Café du lundi'
		]);
		// The latest first, as a calendar's past reads back from today.
		expect(over.map((r) => [r.name, r.phase])).toEqual([
			['Bilan annuel', 'over'],
			['Revue de printemps', 'over']
		]);
	});

	it('counts a meeting as under way until its length has gone by', () => {
		// NOW is 21:00 UTC; a meeting without a length lasts 30 minutes, as its card says.
		expect(meetingPhase(room('a', 'meeting', '2026-12-04T20:31:00Z', null), NOW)).toBe('now');
		expect(meetingPhase(room('b', 'meeting', '2026-12-04T20:30:00Z', null), NOW)).toBe('over');
		expect(meetingPhase(room('c', 'meeting', '2026-12-04T20:00:00Z', 90), NOW)).toBe('now');
		expect(meetingPhase(room('d', 'meeting', '2026-12-04T21:00:01Z', 30), NOW)).toBe('upcoming');
		expect(meetingPhase(room('e', 'meeting', null, null), NOW)).toBeNull();
	});

	it('knows when the next meeting starts or ends, for an open page to read its rooms again', () => {
		const at = (iso: string) => Date.parse(iso);
		// Under way until 21:15, another starting at 21:10: the start comes first.
		const rooms = [
			room('a', 'meeting', '2026-12-04T20:45:00Z', 30),
			room('b', 'meeting', '2026-12-04T21:10:00Z', 60),
			room('c', 'meeting', '2026-12-04T20:00:00Z', 30),
			room('d', 'all_hands', null, null)
		];
		expect(nextPhaseChange(rooms, NOW)).toBe(at('2026-12-04T21:10:00Z'));
		// Then the end of the first; then the end of the second; then nothing.
		expect(nextPhaseChange(rooms, at('2026-12-04T21:10:00Z'))).toBe(at('2026-12-04T21:15:00Z'));
		expect(nextPhaseChange(rooms, at('2026-12-04T21:15:00Z'))).toBe(at('2026-12-04T22:10:00Z'));
		expect(nextPhaseChange(rooms, at('2026-12-04T22:10:00Z'))).toBeNull();
		// No length saved: the default meeting's.
		expect(nextPhaseChange([room('e', 'meeting', '2026-12-04T20:45:00Z', null)], NOW)).toBe(
			at('2026-12-04T21:15:00Z')
		);
		expect(nextPhaseChange([], NOW)).toBeNull();
	});
});
