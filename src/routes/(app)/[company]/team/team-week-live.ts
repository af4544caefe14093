// What the team week reloads when the company's live stream says a member's place, the
// company's houses or a house's counts changed (the page's load depends on this key).
import type { LiveEvent } from '$lib/live-events';

export const TEAM_WEEK_LIVE = 'hameau:team-week';

/** Whether an event changes what a team week of these dates and houses shows. */
export function changesTeamWeek(
	event: LiveEvent,
	week: { dates: readonly string[]; houseIds: readonly string[] }
): boolean {
	// A person's card sent because they entered or left a video room changes no day of theirs.
	if (event.type === 'person') return !event.roomOnly;
	if (event.type === 'company') return true;
	if (event.type !== 'seats' || !week.houseIds.includes(event.houseId)) return false;
	return event.days.some((day) => week.dates.includes(day.date));
}
