// The live-events channel as Server-Sent Events. SSE rather than a WebSocket because the channel
// only flows server → browser (changes go through ordinary form posts), because it is served by a
// SvelteKit endpoint (authenticated by the same hooks as every page, no second auth path on the
// upgrade router), and because EventSource brings reconnection and Last-Event-ID for free.
import { isMember } from '../companies/members';
import { sessionStillValid } from '../auth/session';
import { logger } from '../logger';
import { isOperatorMember } from '../operators/members';
import {
	LIVE_ENDED,
	LIVE_PING,
	LIVE_RELOAD,
	type AccessEnd,
	type LiveMessage
} from '../../live-events';
import { liveHub } from './hub';

/** A ping every so often keeps proxies from closing an idle stream and lets clients notice a dead one. */
export const PING_INTERVAL_MS = 20_000;

/**
 * Frames waiting for a client that does not read (a stalled network): past this the stream is
 * closed rather than growing without bound; the client reconnects and catches up or reloads.
 */
export const MAX_QUEUED_FRAMES = 1000;

const encoder = new TextEncoder();
// publish() hands one message to every client: encode it once.
const frames = new WeakMap<LiveMessage, Uint8Array>();

function frameOf(message: LiveMessage): Uint8Array {
	let frame = frames.get(message);
	if (!frame) {
		frame = encoder.encode(`id: ${message.id}\ndata: ${JSON.stringify(message.event)}\n\n`);
		frames.set(message, frame);
	}
	return frame;
}

/**
 * Is the session still valid and the person still a member? Checked at every ping: ending a
 * session or a membership through the app closes the stream at once, this catches the rest
 * (a session that expired, a change made outside this process).
 */
export function memberStillAllowed(sessionId: string, companyId: string, userId: string): boolean {
	return sessionStillValid(sessionId, userId) && isMember(companyId, userId);
}

/** The same check for an operator's stream: the session, and the person still on its staff. */
export function operatorStaffStillAllowed(
	sessionId: string,
	operatorId: string,
	userId: string
): boolean {
	return sessionStillValid(sessionId, userId) && isOperatorMember(operatorId, userId);
}

/**
 * The response streaming a company's live events to one signed-in member (or, with `channel`, an
 * operator's to one of its staff). The caller has checked the session and the membership; the
 * stream ends when either ends: at once through the hub when the app ends them, else at the next
 * ping, which asks `stillAllowed` (a company member's check by default).
 */
export function liveEventsResponse(options: {
	/** The hub's stream: a company's id, or an operator's channel (operatorChannel). */
	channel: string;
	userId: string;
	sessionId: string;
	lastEventId: string | null;
	pingIntervalMs?: number;
	stillAllowed?: () => boolean;
	/** Whether this client makes its person "online" to the stream (not on an operator's). */
	presence?: boolean;
}): Response {
	const { channel, userId, sessionId, lastEventId } = options;
	const stillAllowed =
		options.stillAllowed ?? (() => memberStillAllowed(sessionId, channel, userId));
	let cleanup = () => {};
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			let open = true;
			const send = (chunk: Uint8Array) => {
				if (!open) return;
				if ((controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) {
					logger().warn({ channel, userId }, 'live client too slow: stream closed');
					close();
					return;
				}
				try {
					controller.enqueue(chunk);
				} catch (error) {
					// The stream was cancelled between our check and the write: stop for good.
					logger().debug({ err: error, channel }, 'live stream closed while writing');
					cleanup();
				}
			};
			// With `ended`, the person's access ended: the client is told so before the stream ends,
			// since an EventSource cannot read the 401 or 404 its next attempt would get.
			const close = (ended?: AccessEnd) => {
				if (!open) return;
				if (ended) send(encoder.encode(`event: ${LIVE_ENDED}\ndata: {"reason":"${ended}"}\n\n`));
				cleanup();
				try {
					controller.close();
				} catch (error) {
					logger().debug({ err: error }, 'live stream already closed');
				}
			};
			// Reconnect quickly after a drop; the first bytes also flush the headers to the client.
			send(encoder.encode(`retry: 2000\n: ${liveHub().cursor(channel)}\n\n`));
			const unsubscribe = liveHub().subscribe(
				channel,
				userId,
				lastEventId,
				{
					deliver: (message) => send(frameOf(message)),
					reload: () =>
						send(
							encoder.encode(
								`id: ${liveHub().cursor(channel)}\nevent: ${LIVE_RELOAD}\ndata: {}\n\n`
							)
						),
					close,
					sessionId
				},
				{ presence: options.presence }
			);
			const ping = setInterval(() => {
				if (!stillAllowed()) close(sessionStillValid(sessionId, userId) ? 'access' : 'session');
				else send(encoder.encode(`event: ${LIVE_PING}\ndata: {}\n\n`));
			}, options.pingIntervalMs ?? PING_INTERVAL_MS);
			cleanup = () => {
				open = false;
				clearInterval(ping);
				unsubscribe();
			};
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-transform',
			connection: 'keep-alive',
			// nginx and friends must not buffer the stream.
			'x-accel-buffering': 'no'
		}
	});
}
