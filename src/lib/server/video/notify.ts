import { publishLiveEvent } from '../live/hub';
import { publishRoomChanged } from '../presence/events';

/**
 * Tells the company's open pages that room occupancy changed: the rooms page reloads what its
 * reader may see, and the presence board gets the cards of the people who came or went (which
 * leave the board's kept data as it is: only their room changed).
 */
export function notifyOccupancyChanged(
	companyId: string,
	userIds: Iterable<string> = [],
	now = Date.now()
): void {
	publishLiveEvent(companyId, { type: 'occupancy' });
	for (const userId of userIds) publishRoomChanged(companyId, userId, now);
}
