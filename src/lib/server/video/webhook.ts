// POST /api/livekit/webhook: only events signed with our API secret, for this exact body, and
// recent enough; each applied once.
import { WebhookReceiver } from 'livekit-server-sdk';
import { logger } from '../logger';
import { noteTrackEvent, scheduleLinkBudgets } from './link-budget';
import { liveKitKeys } from './livekit';
import { occupancyChanged } from './occupancy-changed';
import { applyWebhookEvent, pruneWebhookEvents } from './presence';
import { reconcileAfterLoss } from './reconcile';
import { removeIfNotAllowed } from './revocation';
import { roomByLiveKitName } from './rooms';
import { notifyHouseRoomJoined } from '../notifications/rooms';

/** Events older than this are refused: their ids may already be forgotten, so replays could pass. */
export const WEBHOOK_MAX_AGE_MS = 10 * 60_000;
/** Applied event ids are remembered this long (well past WEBHOOK_MAX_AGE_MS). */
const EVENT_ID_RETENTION_MS = 24 * 3600_000;
/** Clock skew tolerated between the media server and us, in seconds. */
const CLOCK_TOLERANCE_S = 30;

export type WebhookOutcome =
	{ status: 200; applied: boolean } | { status: 400 | 401 | 503; message: string };

let lastPrune = 0;

export async function receiveWebhook(
	body: string,
	authorization: string | null,
	now = new Date()
): Promise<WebhookOutcome> {
	const keys = liveKitKeys();
	if (!keys) return { status: 503, message: 'video is not configured' };
	if (!authorization) return { status: 401, message: 'missing Authorization' };
	const receiver = new WebhookReceiver(keys.apiKey, keys.apiSecret);
	let event;
	try {
		// Verifies the JWT (our key, our secret, not expired) and the body's SHA-256 claim.
		event = await receiver.receive(
			body,
			authorization.replace(/^Bearer\s+/i, ''),
			false,
			CLOCK_TOLERANCE_S
		);
	} catch (error) {
		logger().warn({ err: error }, 'LiveKit webhook refused');
		return { status: 401, message: 'invalid signature' };
	}
	if (!event.id || !event.event) return { status: 400, message: 'event without id or kind' };
	const eventAt = new Date(Number(event.createdAt) * 1000);
	const age = now.getTime() - eventAt.getTime();
	if (event.createdAt <= 0n || age > WEBHOOK_MAX_AGE_MS || age < -CLOCK_TOLERANCE_S * 1000) {
		return { status: 400, message: 'stale event' };
	}
	const change = applyWebhookEvent(event, eventAt);
	if (change) occupancyChanged(change.companyId, change.userIds);
	// A shared screen takes its share of the house's link before cameras.
	if (noteTrackEvent(event)) scheduleLinkBudgets();
	// Events before this one never came (a burst, a failed delivery): the media server knows.
	if (event.numDropped > 0) void reconcileAfterLoss(event.room?.name);
	// Not awaited: the media server's webhook queue need not wait for the RoomService call.
	if (change && event.event === 'participant_joined' && event.participant?.identity) {
		// A colleague came into the house's room: those at that house today hear of it.
		const room = event.room?.name ? roomByLiveKitName(event.room.name) : undefined;
		if (room) {
			try {
				notifyHouseRoomJoined(room.id, event.participant.identity);
			} catch (error) {
				logger().error({ err: error }, 'house room notifications failed');
			}
		}
	}
	if (change && event.event === 'participant_joined') {
		removeIfNotAllowed(event).catch((error: unknown) =>
			logger().error({ err: error }, 'joining participant not checked for access')
		);
	}
	if (now.getTime() - lastPrune > 3600_000) {
		lastPrune = now.getTime();
		pruneWebhookEvents(new Date(now.getTime() - EVENT_ID_RETENTION_MS));
	}
	return { status: 200, applied: change !== null };
}
