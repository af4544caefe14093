// The knocks a person's pages show: what the layout loaded, moved on by the live knock events; a
// knock that moved on never rings again because a load still saw it ringing.
import { describe, expect, it } from 'vitest';
import { KnockDoor } from '../../src/lib/knocks.svelte';
import type { KnockView } from '../../src/lib/live-events';

const knock = (overrides: Partial<KnockView>): KnockView => ({
	id: 'k1',
	status: 'ringing',
	fromUserId: 'marc',
	fromName: 'Marc',
	toUserId: 'anna',
	toName: 'Anna',
	quiet: false,
	roomLink: null,
	...overrides
});

describe('KnockDoor', () => {
	it('rings at the door of the person knocked, not in do-not-disturb, until it moves on', () => {
		let loaded = [knock({}), knock({ id: 'k2', fromUserId: 'paul', quiet: true })];
		const anna = new KnockDoor(
			() => loaded,
			() => 'anna'
		);
		expect(anna.ringing.map((k) => k.id)).toEqual(['k1']);
		expect(anna.sent).toEqual([]);
		anna.received(knock({ status: 'cancelled' }));
		expect(anna.ringing).toEqual([]);
		// A late ringing event, or a load from before the cancel, does not bring it back.
		anna.received(knock({}));
		loaded = [knock({})];
		expect(anna.ringing).toEqual([]);
	});

	it("shows the knocker's own knock and its answer until closed", () => {
		const marc = new KnockDoor(
			() => [],
			() => 'marc'
		);
		marc.received(knock({}));
		expect(marc.sent.map((k) => k.status)).toEqual(['ringing']);
		expect(marc.ringing).toEqual([]);
		marc.received(knock({ status: 'declined' }));
		expect(marc.sent.map((k) => k.status)).toEqual(['declined']);
		marc.dismiss('k1');
		expect(marc.sent).toEqual([]);
	});
});
