import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import { hasRole } from '$lib/server/companies/companies';
import { roomAccesses } from '$lib/server/db/schema';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { personTimeZone } from '$lib/server/houses/person-time-zone';
import {
	companyPeople,
	createMeetingRoom,
	listRooms,
	MEETING_MINUTES_MAX,
	MEETING_MINUTES_MIN,
	MEETING_MINUTES_STEP,
	ROOM_DESCRIPTION_MAX,
	ROOM_NAME_MAX,
	setMeetingArchived,
	setMeetingSchedule
} from '$lib/server/video/rooms';
import { meetingSchedule, meetingScheduleEntries } from './meeting-time.server';
import { nextPhaseChange, roomsByTime } from './meeting-timeline';
import { OCCUPANCY_DEPENDENCY } from './format';
import { roomOccupancy } from './occupancy.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = (event) => {
	const access = requireCompany(event);
	event.depends(OCCUPANCY_DEPENDENCY);
	const canManage = hasRole(access.role, 'manager');
	const rooms = listRooms(access.company.id, access.userId).map((room) => ({
		id: room.id,
		kind: room.kind,
		name: room.name,
		description: room.description,
		access: room.access,
		archived: room.archived,
		scheduledAt: room.scheduledAt,
		durationMinutes: room.durationMinutes,
		// A knock's call, archived once over: not listed among rooms one may reopen.
		shortLived: room.shortLived,
		canArchive: room.kind === 'meeting' && (canManage || room.createdBy === access.userId)
	}));
	const now = Date.now();
	const listed = rooms.filter((room) => !room.archived);
	const open = roomsByTime(listed, now);
	return {
		rooms: open.current,
		pastMeetings: open.over,
		/** When a listed meeting next starts or ends: the page reads its rooms again then. */
		nextPhaseChangeAt: nextPhaseChange(listed, now),
		archivedRooms: rooms.filter(
			(room) => room.archived && room.kind === 'meeting' && !room.shortLived
		),
		occupancy: roomOccupancy(access.company.id, access.userId),
		people: companyPeople(access.company.id).filter((p) => p.userId !== access.userId),
		limits: {
			name: ROOM_NAME_MAX,
			description: ROOM_DESCRIPTION_MAX,
			minutes: { min: MEETING_MINUTES_MIN, max: MEETING_MINUTES_MAX, step: MEETING_MINUTES_STEP }
		},
		/** The clock times are typed on, and where it comes from (said beside the fields). */
		zone: personTimeZone(access.company.id, access.userId)
	};
};

const createSchema = v.object({
	name: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.video_meeting_name_required()),
		v.maxLength(ROOM_NAME_MAX, () => m.video_meeting_too_long({ max: ROOM_NAME_MAX }))
	),
	description: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(ROOM_DESCRIPTION_MAX, () =>
				m.video_meeting_too_long({ max: ROOM_DESCRIPTION_MAX })
			)
		),
		''
	),
	access: v.picklist(roomAccesses, () => m.video_meeting_access_invalid()),
	...meetingScheduleEntries
});
const idSchema = v.object({ id: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)) });

async function setArchived(event: RequestEvent, archived: boolean) {
	const action = archived ? ('archive' as const) : ('unarchive' as const);
	const access = requireCompany(event);
	const parsed = parseForm(idSchema, await event.request.formData());
	if (!parsed.ok) return fail(400, { action, id: null, error: m.video_meeting_not_found() });
	const room = listRooms(access.company.id, access.userId).find((r) => r.id === parsed.data.id);
	const outcome = room
		? setMeetingArchived(access.company.id, access, room.id, archived)
		: 'not_found';
	if (outcome === 'not_found' || !room) {
		return fail(404, { action, id: parsed.data.id, error: m.video_meeting_not_found() });
	}
	if (outcome === 'forbidden') {
		return fail(403, { action, id: room.id, error: m.video_meeting_forbidden() });
	}
	const success = archived
		? m.video_meeting_archived({ name: room.name })
		: m.video_meeting_unarchived({ name: room.name });
	return { action, id: room.id, success };
}

/**
 * The clock a posted time is read on: the person's, else the device's zone the form sent
 * (BrowserTimeZone, which the page showed beside the fields once its scripts ran).
 */
function formTimeZone(access: { company: { id: string }; userId: string }, form: FormData): string {
	const device = form.get('timeZone');
	return personTimeZone(
		access.company.id,
		access.userId,
		typeof device === 'string' ? device : null
	).timeZone;
}

const scheduleSchema = v.object({ ...idSchema.entries, ...meetingScheduleEntries });

export const actions: Actions = {
	create: async (event) => {
		const access = requireCompany(event);
		const form = await event.request.formData();
		const parsed = parseForm(createSchema, form);
		const invitees = form
			.getAll('invitees')
			.filter((value): value is string => typeof value === 'string' && value.length <= 100);
		// The time and the people are checked whatever else is refused: every mistake at once.
		const schedule = meetingSchedule(parsed.values, formTimeZone(access, form));
		const known = new Set(companyPeople(access.company.id).map((p) => p.userId));
		const chosen = invitees.filter((id) => known.has(id) && id !== access.userId);
		const errors: FieldErrors = {
			...(parsed.ok ? {} : parsed.errors),
			...(schedule.ok ? {} : schedule.errors)
		};
		if (parsed.values.access === 'invited' && chosen.length === 0) {
			errors.invitees = m.video_meeting_invitees_required();
		}
		if (!parsed.ok || !schedule.ok || Object.keys(errors).length > 0) {
			return fail(400, { action: 'create' as const, values: parsed.values, invitees, errors });
		}
		const room = createMeetingRoom(access.company.id, access, {
			name: parsed.data.name,
			description: parsed.data.description,
			access: parsed.data.access,
			invitees: chosen,
			schedule: schedule.schedule
		});
		return {
			action: 'create' as const,
			success: m.video_meeting_created({ name: room.name }),
			room: { id: room.id }
		};
	},
	// Give a meeting room a time, change it, or (both fields empty) take it away.
	schedule: async (event) => {
		const access = requireCompany(event);
		const form = await event.request.formData();
		const parsed = parseForm(scheduleSchema, form);
		const id = parsed.values.id ?? null;
		const current = listRooms(access.company.id, access.userId).find((room) => room.id === id);
		const schedule = meetingSchedule(parsed.values, formTimeZone(access, form), {
			current: current?.scheduledAt ?? null
		});
		if (!parsed.ok || !schedule.ok) {
			const errors: FieldErrors = {
				...(parsed.ok ? {} : parsed.errors),
				...(schedule.ok ? {} : schedule.errors)
			};
			return fail(400, { action: 'schedule' as const, id, values: parsed.values, errors });
		}
		const outcome = setMeetingSchedule(
			access.company.id,
			access,
			parsed.data.id,
			schedule.schedule
		);
		if (outcome === 'not_found') {
			return fail(404, { action: 'schedule' as const, id, error: m.video_meeting_not_found() });
		}
		if (outcome === 'forbidden') {
			return fail(403, { action: 'schedule' as const, id, error: m.video_meeting_forbidden() });
		}
		return { action: 'schedule' as const, id, success: m.calendar_meeting_time_saved() };
	},
	archive: (event) => setArchived(event, true),
	unarchive: (event) => setArchived(event, false)
};
