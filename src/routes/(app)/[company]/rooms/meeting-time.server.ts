// A meeting room's optional time, as the create form gives it: a date, a wall time and a duration
// in the creator's zone. Either both date and time or neither; the duration then matters. A new
// time is not in the past: a meeting set there would be listed as if it were to come.
import * as v from 'valibot';
import { DEFAULT_MEETING_MINUTES } from '$lib/meeting-length';
import { m } from '$lib/paraglide/messages';
import type { FieldErrors } from '$lib/server/forms';
import { MEETING_MINUTES_MAX, MEETING_MINUTES_MIN } from '$lib/server/video/rooms';
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

/** The form's fields for the time; spread into the create schema. */
export const meetingScheduleEntries = {
	date: optional(isIsoDate, () => m.calendar_meeting_date_invalid()),
	time: optional(isWallTime, () => m.calendar_meeting_time_invalid()),
	duration: optional(
		(value) =>
			/^\d{1,3}$/.test(value) &&
			Number(value) >= MEETING_MINUTES_MIN &&
			Number(value) <= MEETING_MINUTES_MAX,
		() =>
			m.calendar_meeting_duration_invalid({ min: MEETING_MINUTES_MIN, max: MEETING_MINUTES_MAX })
	)
};

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

/** The meeting's start and length, null without a time, or the field errors. */
export function meetingSchedule(
	fields: { date: string; time: string; duration: string },
	timeZone: string,
	{ now = Date.now(), current = null }: MeetingScheduleOptions = {}
):
	| { ok: true; schedule: { at: Date; durationMinutes: number } | null }
	| { ok: false; errors: FieldErrors } {
	if (fields.date === '' && fields.time === '') return { ok: true, schedule: null };
	if (fields.date === '' || fields.time === '') {
		const field = fields.date === '' ? 'date' : 'time';
		return { ok: false, errors: { [field]: m.calendar_meeting_time_missing() } };
	}
	// A time shown twice (clocks going back) is its first instant, as calendars read it too.
	const at = new Date(zonedInstant(fields.date, fields.time, timeZone, 'earlier'));
	const unchanged = current !== null && current.getTime() === at.getTime();
	if (!unchanged && at.getTime() < now - MEETING_START_SLACK_MS) {
		return { ok: false, errors: { date: m.video_meeting_time_past() } };
	}
	const durationMinutes =
		fields.duration === '' ? DEFAULT_MEETING_MINUTES : Number(fields.duration);
	return { ok: true, schedule: { at, durationMinutes } };
}
