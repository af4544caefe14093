// What follows a change of who is in which room, whoever noticed it: a LiveKit webhook, or the
// reconciliation that repairs what a lost webhook left behind. Both tell the company's open pages;
// the features that follow the rooms (stand-up attendance) register a listener here at start-up,
// so the video module imports nothing from them.
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { notifyOccupancyChanged } from './notify';

/** Told that the people `userIds` entered or left rooms of the company, at `now`. */
export type OccupancyListener = (companyId: string, userIds: string[], now: number) => void;

const listeners = () =>
	processSingleton('hameau.video.occupancy-listeners', () => new Map<string, OccupancyListener>());

/**
 * Has `listener` follow every change of occupancy. `what` names what it keeps in step with the
 * rooms, for the log when it fails; registering the same `what` again replaces the listener.
 */
export function onOccupancyChanged(what: string, listener: OccupancyListener): void {
	listeners().set(what, listener);
}

export function occupancyChanged(companyId: string, userIds: string[], now = Date.now()): void {
	notifyOccupancyChanged(companyId, userIds, now);
	for (const [what, listener] of listeners()) {
		try {
			listener(companyId, userIds, now);
		} catch (error) {
			// Occupancy itself is stored: only what follows it is missing, and the others go on.
			logger().error({ err: error, companyId }, `${what} not updated from the rooms`);
		}
	}
}
