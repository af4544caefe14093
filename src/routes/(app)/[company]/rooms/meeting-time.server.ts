// A meeting room's optional time, as the create form gives it: a date, a wall time and a duration
// in the creator's zone. Either both date and time or neither; the duration then matters. A new
// time is not in the past: a meeting set there would be listed as if it were to come. Every
// mistake is said at once, beside its field, with the form's other refusals.
import * as v from 'valibot';
import { DEFAULT_MEETING_MINUTES } from '$lib/meeting-length';
import { m } from '$lib/paraglide/messages';
import type { FieldErrors } from '$lib/server/forms';
import {
	MEETING_MINUTES_MAX,
	MEETING_MINUTES_MIN,
	MEETING_MINUTES_STEP
} from '$lib/server/video/rooms';
import { isWallTime } from '$lib/server/standups/schedule';
import { isIsoDate, zonedInstant } from '$lib/zoned-time';

const optional = (check: (value: string) => boolean, message: () => string) =>
	v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.check((value) => value === '' || check(value), message)
		),
		''
	);

/**
 * The form's fields for the time; spread into the create and schedule schemas, which echo them back
 * to a refused form.
 */
export const meetingScheduleEntries = {
	date: optional(isIsoDate, () => m.calendar_meeting_date_invalid()),
	time: optional(isWallTime, () => m.calendar_meeting_time_invalid()),
	// In steps of 5, as the field's own (its arrows and the browser's check): 7 was refused with
	// the page's scripts and saved without them.
	duration: optional(
		(value) =>
			/^\d{1,3}$/.test(value) &&
			Number(value) >= MEETING_MINUTES_MIN &&
			Number(value) <= MEETING_MINUTES_MAX &&
			Number(value) % MEETING_MINUTES_STEP === 0,
		() =>
			m.calendar_meeting_duration_invalid({
				min: MEETING_MINUTES_MIN,
				max: MEETING_MINUTES_MAX,
				step: MEETING_MINUTES_STEP
			})
	)
};

type ScheduleField = keyof typeof meetingScheduleEntries;

/**
 * How far before now a start is still taken: someone setting up the meeting they are about to hold
 * types the hour or the quarter that has just begun ("10:00" at 10:08), not the minute.
 */
export const MEETING_START_SLACK_MS = 15 * 60_000;

/** What a start is checked against. */
export type MeetingScheduleOptions = {
	/** The present instant, in ms (tests give their own). */
	now?: number;
	/** The room's start as saved, kept even once past: changing only the length of a meeting under way. */
	current?: Date | null;
};

/**
 * The meeting's start and length, null without a time, or every mistake in its fields. Reads the
 * fields as posted, each on its own, so that one refused (a length out of bounds) does not hide
 * another (a start in the past): the route shows them beside the form's other refusals.
 */
export function meetingSchedule(
	fields: Partial<Record<ScheduleField, string>>,
	timeZone: string,
	{ now = Date.now(), current = null }: MeetingScheduleOptions = {}
):
	| { ok: true; schedule: { at: Date; durationMinutes: number } | null }
	| { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const read = (field: ScheduleField): string | undefined => {
		const result = v.safeParse(meetingScheduleEntries[field], fields[field]);
		if (result.success) return result.output;
		errors[field] = result.issues[0].message;
		return undefined;
	};
	const date = read('date');
	const time = read('time');
	const duration = read('duration');
	// Both or neither: the one left empty is the mistake, whether or not the other was understood.
	const typed = (field: ScheduleField) => (fields[field] ?? '').trim() !== '';
	if (typed('date') !== typed('time')) {
		errors[typed('date') ? 'time' : 'date'] = m.calendar_meeting_time_missing();
	}
	let at: Date | null = null;
	if (date && time) {
		// A time shown twice (clocks going back) is its first instant, as calendars read it too.
		at = new Date(zonedInstant(date, time, timeZone, 'earlier'));
		const unchanged = current !== null && current.getTime() === at.getTime();
		if (!unchanged && at.getTime() < now - MEETING_START_SLACK_MS) {
			errors.date = m.video_meeting_time_past();
		}
	}
	if (Object.keys(errors).length > 0 || duration === undefined) return { ok: false, errors };
	if (at === null) return { ok: true, schedule: null };
	const durationMinutes = duration === '' ? DEFAULT_MEETING_MINUTES : Number(duration);
	return { ok: true, schedule: { at, durationMinutes } };
}
