// Reconciliation at start and every few minutes: a webhook lost on the way never leaves a ghost
// in a room for longer than one interval. And at once, for one room, when an event says events
// before it were lost (`numDropped`): a join storm never leaves ghosts until the next interval.
import { config } from '../config';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { roomService } from './livekit';
import { occupancyChanged } from './occupancy-changed';
import { reconcilePresence, reconcileRoomPresence, type RoomLister } from './presence';
import { oneAtATime } from './one-at-a-time';
import { archiveExpiredRooms } from './rooms';

/** How often occupancy is checked against the media server. */
export const RECONCILE_INTERVAL_MS = 3 * 60_000;
/** First pass after start: the embedded media server may still be starting. */
const FIRST_PASS_DELAY_MS = 2_000;

/** Tells the companies whose occupancy a pass changed; false when the pass failed (logged). */
async function runPass(
	pass: () => Promise<Map<string, Set<string>>>,
	now: Date,
	scope: { room?: string }
): Promise<boolean> {
	try {
		const changed = await pass();
		for (const [companyId, people] of changed) {
			occupancyChanged(companyId, [...people], now.getTime());
		}
		return true;
	} catch (error) {
		logger().warn({ err: error, ...scope }, 'room occupancy not reconciled with the media server');
		return false;
	}
}

/** One pass; false when the media server could not be asked (logged, tried again next time). */
export async function reconcileNow(
	service: RoomLister | null = roomService(),
	now = new Date()
): Promise<boolean> {
	if (!service) return false;
	const done = await runPass(() => reconcilePresence(service, now), now, {});
	// Who is in which room is now right: short-lived rooms past their expiry and empty close.
	if (done) archiveExpiredRooms(now);
	return done;
}

/** One pass over one room (by its LiveKit name); false when the media server could not be asked. */
export async function reconcileRoomNow(
	livekitName: string,
	service: RoomLister | null = roomService(),
	now = new Date()
): Promise<boolean> {
	if (!service) return false;
	return runPass(() => reconcileRoomPresence(service, livekitName, now), now, {
		room: livekitName
	});
}

const EVERY_ROOM = '';
const reconcileSoon = oneAtATime((room) =>
	room === EVERY_ROOM ? reconcileNow() : reconcileRoomNow(room)
);

/**
 * An event said `numDropped` events before it were not delivered: reconciles at once, without
 * holding the webhook's answer. The embedded media server counts a room's own lost events in that
 * room's next event, so that room is enough; a LiveKit server counts every room's losses in
 * whichever event it sends next, so with one every room is reconciled.
 */
export function reconcileAfterLoss(livekitName: string | undefined): Promise<void> {
	const embedded = !config().livekit.url;
	return reconcileSoon(embedded && livekitName ? livekitName : EVERY_ROOM);
}

/** Starts the periodic reconciliation once per process. */
export function startReconciliation(): void {
	processSingleton('hameau.video.reconciler', () => {
		const pass = () => void reconcileSoon(EVERY_ROOM);
		setTimeout(pass, FIRST_PASS_DELAY_MS).unref();
		return setInterval(pass, RECONCILE_INTERVAL_MS).unref();
	});
}
