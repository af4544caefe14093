import { publishLiveEvent } from '../live/hub';
import { publishPersonChanged } from '../presence/events';

/**
 * Tells the company's open pages that room occupancy changed: the rooms page reloads what its
 * reader may see, and the presence board gets the cards of the people who came or went.
 */
export function notifyOccupancyChanged(companyId: string, userIds: Iterable<string> = []): void {
	publishLiveEvent(companyId, { type: 'occupancy' });
	for (const userId of userIds) publishPersonChanged(companyId, userId);
}
