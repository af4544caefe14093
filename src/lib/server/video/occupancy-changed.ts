// What follows a change of who is in which room, whoever noticed it: a LiveKit webhook, or the
// reconciliation that repairs what a lost webhook left behind. Both must tell the company's open
// pages and keep the stand-up visits (honest attendance) in step with the rooms.
import { logger } from '../logger';
import { joinFromStandupRooms } from '../standups/rounds';
import { notifyOccupancyChanged } from './notify';

export function occupancyChanged(companyId: string, userIds: string[], now = Date.now()): void {
	notifyOccupancyChanged(companyId, userIds);
	try {
		joinFromStandupRooms(companyId, userIds, now);
	} catch (error) {
		// Occupancy itself is stored: only the stand-up side is missing, and the round's end
		// closes every stay still open.
		logger().error({ err: error, companyId }, 'stand-up visits not updated from the rooms');
	}
}
