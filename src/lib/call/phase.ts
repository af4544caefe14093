// Where a call stands and how it moves after livekit-client lets go of a Room: pure, so the
// session only applies what these functions decide.
import { DisconnectReason } from 'livekit-client';
import { RefusedError } from './api';

/** Where the call stands, as the person is told. */
export type CallPhase =
	| 'idle'
	| 'connecting'
	| 'connected'
	| 'reconnecting'
	| 'rejoined'
	| 'rejoining'
	| 'left'
	| 'failed'
	| 'removed'
	| 'ended'
	| 'replaced';

/** How long "rejoined" is shown before the call says "connected" again. */
export const REJOINED_NOTICE_MS = 3000;

const REJOIN_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000];

/**
 * The phase after a Room disconnected: an end the person is told about (they left, were removed,
 * the room was deleted, they joined from elsewhere), or 'rejoining' when the link just dropped
 * and the call joins again by itself.
 */
export function phaseAfterDisconnect(
	reason: DisconnectReason | undefined,
	leaving: boolean
): CallPhase {
	if (leaving || reason === DisconnectReason.CLIENT_INITIATED) return 'left';
	if (reason === DisconnectReason.PARTICIPANT_REMOVED) return 'removed';
	if (reason === DisconnectReason.ROOM_DELETED) return 'ended';
	if (reason === DisconnectReason.DUPLICATE_IDENTITY) return 'replaced';
	return 'rejoining';
}

/** The wait before the next rejoin: short at first, then backing off to half a minute. */
export function rejoinDelayMs(attempt: number): number {
	return REJOIN_DELAYS_MS[Math.min(attempt, REJOIN_DELAYS_MS.length - 1)];
}

/**
 * Whether a rejoin that failed tries again. The app refusing the token for good (the room was
 * archived, or the person is no longer allowed in) ends the call; anything else is the network.
 */
export function rejoinRetriesAfter(error: unknown): boolean {
	return !(error instanceof RefusedError && error.status < 500);
}
