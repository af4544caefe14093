import { m } from '$lib/paraglide/messages';
import { formatDate, formatTime } from '$lib/format';
import { todayIn } from '$lib/zoned-time';
import type { RoomKind } from '$lib/vocabulary';

/** What a live occupancy event invalidates: the rooms page's data. */
export const OCCUPANCY_DEPENDENCY = 'hameau:rooms-occupancy';

/** A room's name as people read it: the all-hands room has no stored name. */
export function roomTitle(room: { kind: RoomKind; name: string }): string {
	return room.kind === 'all_hands' ? m.video_room_all_hands() : room.name;
}

/** What kind of room a card is: a stand-up's room is no meeting, whatever its schedule. */
export function roomKindLabel(kind: RoomKind): string {
	switch (kind) {
		case 'house':
			return m.video_room_kind_house();
		case 'all_hands':
			return m.video_room_kind_all_hands();
		case 'standup':
			return m.video_room_kind_standup();
		case 'meeting':
			return m.video_room_kind_meeting();
	}
}

/** "since 10:42" in the reader's language. */
export function formatSince(ms: number): string {
	return m.video_occupant_since({ time: formatTime(ms) });
}

/**
 * A meeting's day on the reader's clock: "lun. 6 janv." within this year, "mer. 6 janv. 2027" in
 * another, so that a meeting long past (or a year ahead) never reads as this week's and still
 * says which weekday it falls on.
 */
export function formatMeetingDay(
	at: Date,
	timeZone: string,
	{ now = Date.now(), locale }: { now?: number; locale?: string } = {}
): string {
	return formatDate(todayIn(timeZone, at), 'medium', { locale, today: todayIn(timeZone, now) });
}
