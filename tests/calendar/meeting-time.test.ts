// A meeting room's optional time in the create form: both date and time or neither, a duration
// in bounds, read on the creator's clock.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
	meetingSchedule,
	meetingScheduleEntries
} from '../../src/routes/(app)/[company]/rooms/meeting-time.server';

const schema = v.object(meetingScheduleEntries);

function read(fields: Record<string, string>, zone = 'Europe/Paris') {
	const parsed = v.safeParse(schema, fields);
	if (!parsed.success) return { fieldErrors: parsed.issues.map((i) => i.path?.[0]?.key) };
	return meetingSchedule(parsed.output, zone);
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
		expect(read({ date: '2026-07-10', time: '14:30', duration: '90' }, 'America/New_York')).toEqual(
			{ ok: true, schedule: { at: new Date(Date.UTC(2026, 6, 10, 18, 30)), durationMinutes: 90 } }
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
	});
});
