// The embedded media server's memory of who lost access (fed by the app over IPC): which tokens
// it refuses at the door, and for how long it remembers.
import { describe, expect, it } from 'vitest';
import {
	AdmissionRevocations,
	isAdmissionRevocation,
	REVOCATION_MEMORY_MS
} from '../../server/media/revocations';

const removedAt = 1_800_000_000_000;
const revocation = { roomPrefix: 'hameau_co1_', identity: 'user-1', at: removedAt };

describe('admission revocations', () => {
	it('refuse that identity’s tokens for the company’s rooms minted up to the removal', () => {
		let now = removedAt;
		const revocations = new AdmissionRevocations(() => now);
		revocations.add(revocation);
		const mintedBefore = removedAt / 1000 - 60;
		expect(revocations.refuses('hameau_co1_room', 'user-1', mintedBefore)).toBe(true);
		// A token that does not say when it was minted may be older.
		expect(revocations.refuses('hameau_co1_room', 'user-1', null)).toBe(true);
		// Invited back later: a new token passes.
		expect(revocations.refuses('hameau_co1_room', 'user-1', removedAt / 1000 + 1)).toBe(false);
		// Someone else, or another company's rooms.
		expect(revocations.refuses('hameau_co1_room', 'user-2', mintedBefore)).toBe(false);
		expect(revocations.refuses('hameau_co2_room', 'user-1', mintedBefore)).toBe(false);

		now = removedAt + REVOCATION_MEMORY_MS + 1;
		expect(revocations.refuses('hameau_co1_room', 'user-1', mintedBefore)).toBe(false);
		expect(revocations.list()).toEqual([]);
	});

	it('take only well-formed messages', () => {
		expect(isAdmissionRevocation(revocation)).toBe(true);
		for (const bad of [
			null,
			'user-1',
			{ ...revocation, roomPrefix: '' },
			{ ...revocation, identity: 7 },
			{ ...revocation, at: Number.NaN }
		]) {
			expect(isAdmissionRevocation(bad)).toBe(false);
		}
	});
});
