import { m } from '$lib/paraglide/messages';
import { formatTime } from '$lib/format';
import type { RoomKind } from '$lib/vocabulary';

/** What a live occupancy event invalidates: the rooms page's data. */
export const OCCUPANCY_DEPENDENCY = 'hameau:rooms-occupancy';

/** A room's name as people read it: the all-hands room has no stored name. */
export function roomTitle(room: { kind: RoomKind; name: string }): string {
	return room.kind === 'all_hands' ? m.video_room_all_hands() : room.name;
}

export function roomKindLabel(kind: RoomKind): string {
	return kind === 'house'
		? m.video_room_kind_house()
		: kind === 'all_hands'
			? m.video_room_kind_all_hands()
			: m.video_room_kind_meeting();
}

/** "since 10:42" in the reader's language. */
export function formatSince(ms: number): string {
	return m.video_occupant_since({ time: formatTime(ms) });
}
