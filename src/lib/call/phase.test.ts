import { DisconnectReason } from 'livekit-client';
import { describe, expect, it } from 'vitest';
import { RefusedError } from './api';
import { phaseAfterDisconnect, rejoinDelayMs, rejoinRetriesAfter } from './phase';

describe('the phase after a disconnect', () => {
	it('tells the person why the call ended when it ended for a reason', () => {
		expect(phaseAfterDisconnect(DisconnectReason.CLIENT_INITIATED, false)).toBe('left');
		expect(phaseAfterDisconnect(DisconnectReason.PARTICIPANT_REMOVED, false)).toBe('removed');
		expect(phaseAfterDisconnect(DisconnectReason.ROOM_DELETED, false)).toBe('ended');
		expect(phaseAfterDisconnect(DisconnectReason.DUPLICATE_IDENTITY, false)).toBe('replaced');
	});

	it('rejoins when the link dropped for any other reason, or none', () => {
		for (const reason of [
			undefined,
			DisconnectReason.UNKNOWN_REASON,
			DisconnectReason.SERVER_SHUTDOWN,
			DisconnectReason.SIGNAL_CLOSE,
			DisconnectReason.STATE_MISMATCH,
			DisconnectReason.JOIN_FAILURE
		]) {
			expect(phaseAfterDisconnect(reason, false)).toBe('rejoining');
		}
	});

	it('is "left" whatever the reason once the person has pressed Leave', () => {
		expect(phaseAfterDisconnect(undefined, true)).toBe('left');
		expect(phaseAfterDisconnect(DisconnectReason.PARTICIPANT_REMOVED, true)).toBe('left');
	});
});

describe('rejoining', () => {
	it('waits longer after each failed attempt, up to half a minute', () => {
		const delays = [0, 1, 2, 3, 4, 5, 6, 7, 50].map(rejoinDelayMs);
		expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000]);
	});

	it('stops when the app refuses the token for good, and tries again otherwise', () => {
		expect(rejoinRetriesAfter(new RefusedError(403, '403 not a member'))).toBe(false);
		expect(rejoinRetriesAfter(new RefusedError(404, '404 room archived'))).toBe(false);
		expect(rejoinRetriesAfter(new RefusedError(502, '502 bad gateway'))).toBe(true);
		expect(rejoinRetriesAfter(new TypeError('Failed to fetch'))).toBe(true);
		expect(rejoinRetriesAfter(new Error('could not establish signal connection'))).toBe(true);
	});
});
