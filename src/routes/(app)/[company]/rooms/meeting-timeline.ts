// The rooms page read like a calendar: a meeting whose time has gone by is over and listed apart,
// latest first, instead of among the rooms one is about to enter (a meeting in April read as an
// upcoming one in December). Rooms without a time (the permanent ones, a meeting left open) are
// never over.
import { DEFAULT_MEETING_MINUTES } from '$lib/meeting-length';
import type { RoomKind } from '$lib/vocabulary';

type Timed = { kind: RoomKind; scheduledAt: Date | null; durationMinutes: number | null };

/** Where a room's meeting stands at `now`: to come, under way, over; null for a room without a time. */
export type MeetingPhase = 'upcoming' | 'now' | 'over';

export function meetingPhase(room: Timed, now: number): MeetingPhase | null {
	if (!room.scheduledAt) return null;
	const { start, end } = meetingSpan(room.scheduledAt, room.durationMinutes);
	return now < start ? 'upcoming' : now < end ? 'now' : 'over';
}

function meetingSpan(scheduledAt: Date, durationMinutes: number | null) {
	const start = scheduledAt.getTime();
	return { start, end: start + (durationMinutes ?? DEFAULT_MEETING_MINUTES) * 60_000 };
}

/**
 * When the first of these meetings next changes phase after `now` (one starts, one ends), in ms;
 * null when none will. An open page reads its rooms again then, so a meeting over moves to the
 * past ones, and one starting is marked under way, without a reload.
 */
export function nextPhaseChange(rooms: readonly Timed[], now: number): number | null {
	let next: number | null = null;
	for (const room of rooms) {
		if (!room.scheduledAt) continue;
		const { start, end } = meetingSpan(room.scheduledAt, room.durationMinutes);
		const change = start > now ? start : end > now ? end : null;
		if (change !== null && (next === null || change < next)) next = change;
	}
	return next;
}

/**
 * The rooms one may enter now or later, and the meetings that are over. The first keeps the
 * permanent rooms (all hands, houses) in the order given, then the meetings with a time, the
 * soonest first, then those without; the second is latest first.
 */
export function roomsByTime<T extends Timed>(
	rooms: readonly T[],
	now: number
): { current: Array<T & { phase: MeetingPhase | null }>; over: Array<T & { phase: 'over' }> } {
	const permanent: Array<T & { phase: null }> = [];
	const timed: Array<T & { phase: 'upcoming' | 'now' }> = [];
	const open: Array<T & { phase: null }> = [];
	const over: Array<T & { phase: 'over' }> = [];
	for (const room of rooms) {
		const phase = meetingPhase(room, now);
		if (phase === 'over') over.push({ ...room, phase });
		else if (phase !== null) timed.push({ ...room, phase });
		else if (room.kind === 'all_hands' || room.kind === 'house') permanent.push({ ...room, phase });
		else open.push({ ...room, phase });
	}
	// Sorting is stable: meetings at the same time keep the order given (by name).
	const start = (room: Timed) => room.scheduledAt?.getTime() ?? 0;
	timed.sort((a, b) => start(a) - start(b));
	over.sort((a, b) => start(b) - start(a));
	return { current: [...permanent, ...timed, ...open], over };
}
