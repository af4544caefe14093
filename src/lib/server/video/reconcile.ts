// Reconciliation at start and every few minutes: a webhook lost on the way never leaves a ghost
// in a room for longer than one interval.
import { logger } from '../logger';
import { roomService } from './livekit';
import { occupancyChanged } from './occupancy-changed';
import { reconcilePresence, type RoomLister } from './presence';

/** How often occupancy is checked against the media server. */
export const RECONCILE_INTERVAL_MS = 3 * 60_000;
/** First pass after start: the embedded media server may still be starting. */
const FIRST_PASS_DELAY_MS = 2_000;

/** One pass; false when the media server could not be asked (logged, tried again next time). */
export async function reconcileNow(
	service: RoomLister | null = roomService(),
	now = new Date()
): Promise<boolean> {
	if (!service) return false;
	try {
		const changed = await reconcilePresence(service, now);
		for (const [companyId, people] of changed) {
			occupancyChanged(companyId, [...people], now.getTime());
		}
		return true;
	} catch (error) {
		logger().warn({ err: error }, 'room occupancy not reconciled with the media server');
		return false;
	}
}

const KEY = Symbol.for('hameau.video.reconciler');
const store = globalThis as typeof globalThis & { [KEY]?: NodeJS.Timeout };

/** Starts the periodic reconciliation once per process. */
export function startReconciliation(): void {
	if (store[KEY]) return;
	let running = false;
	const pass = async () => {
		if (running) return;
		running = true;
		try {
			await reconcileNow();
		} finally {
			running = false;
		}
	};
	setTimeout(() => void pass(), FIRST_PASS_DELAY_MS).unref();
	store[KEY] = setInterval(() => void pass(), RECONCILE_INTERVAL_MS);
	store[KEY].unref();
}
