// Attendance from a fixed data set: a round driven through the state machine, and the stays in
// the stand-up's call that LiveKit's webhooks recorded. Present = in the call during the round
// before one's turn came; late = first in the call after it; absent = never in the call during
// the round (pressing "join", or being there only before the start, does not count).
import { describe, expect, it } from 'vitest';
import { attendanceMarks, turnCameAt, type Visit } from '../../src/lib/server/standups/attendance';
import {
	end,
	join,
	next,
	openRun,
	start,
	type Participant,
	type RunResult,
	type RunState
} from '../../src/lib/standups/run-machine';

const person = (userId: string, houseName: string | null): Participant => ({
	userId,
	name: userId,
	houseId: houseName ? `h-${houseName}` : null,
	houseName
});

// Speaking order by house: Aurillac (Bruno, Emma), Murat (Ana, Chloé), then no house (David, Farid).
const ana = person('ana', 'Murat');
const bruno = person('bruno', 'Aurillac');
const chloe = person('chloe', 'Murat');
const david = person('david', null);
const emma = person('emma', 'Aurillac');
const farid = person('farid', null);
const everyone = [ana, bruno, chloe, david, emma, farid];
const T0 = Date.parse('2026-01-12T08:30:00Z');
const s = (seconds: number) => T0 + seconds * 1000;

function ok(result: RunResult): RunState {
	if (!result.ok) throw new Error(`command refused: ${result.error}`);
	return result.state;
}

/**
 * Ana runs it. Bruno, Chloé and Farid pressed "join" before the start; the round goes Bruno (0 s),
 * Ana (60 s), Chloé (120 s), Farid (180 s), and ends at 240 s. Emma joins at 90 s, once Aurillac
 * has spoken: slotted in late, she speaks after Ana (120 s) and Chloé moves to 180 s.
 */
function round(): RunState {
	let state = openRun(60);
	for (const p of [bruno, chloe, farid]) state = ok(join(state, p));
	state = ok(start(state, 'ana', everyone, s(0)));
	state = ok(next(state, 'ana', s(60)));
	state = ok(join(state, emma));
	for (const at of [120, 180, 240]) state = ok(next(state, 'ana', s(at)));
	return ok(end(state, 'ana', s(300)));
}

const visits: Visit[] = [
	// In the call from before the start to the end.
	{ userId: 'bruno', joinedAt: s(-120), leftAt: null },
	// Came in during Bruno's turn, before her own (60 s): present.
	{ userId: 'ana', joinedAt: s(30), leftAt: null },
	// Came in at 90 s, after Aurillac's turn (Bruno at 0 s): late.
	{ userId: 'emma', joinedAt: s(90), leftAt: s(200) },
	// In the call only before the start: absent, though he never pressed "join".
	{ userId: 'david', joinedAt: s(-300), leftAt: s(-10) },
	// Dropped before her turn and came back after it: first seen in the round before it, present.
	{ userId: 'chloe', joinedAt: s(-60), leftAt: s(5) },
	{ userId: 'chloe', joinedAt: s(200), leftAt: null },
	// Farid pressed "join" but never came into the call: absent.
	// Someone who is not expected at this stand-up: ignored.
	{ userId: 'zora', joinedAt: s(0), leftAt: null }
];

describe('attendance', () => {
	it('marks each person present, late or absent from their stays in the call', () => {
		const state = round();
		expect(state.speakers.map((p) => `${p.userId}:${p.turnAt! - T0}`)).toEqual([
			'bruno:0',
			'ana:60000',
			'emma:120000',
			'chloe:180000',
			'farid:240000'
		]);
		const marks = Object.fromEntries(attendanceMarks(state, visits).map((p) => [p.userId, p.mark]));
		expect(marks).toEqual({
			bruno: 'present',
			ana: 'present',
			emma: 'late',
			chloe: 'present',
			farid: 'absent',
			david: 'absent'
		});
	});

	it('takes the turn of someone’s place, not the turn a late joiner was given after it', () => {
		const state = round();
		// Emma's own turn was at 120 s, but the round passed Aurillac at 60 s (Ana, Murat).
		expect(turnCameAt(emma, state.speakers)).toBe(s(60));
		expect(turnCameAt(chloe, state.speakers)).toBe(s(180));
		// David (no house, never in the round): Farid, after him by name, spoke at 240 s.
		expect(turnCameAt(david, state.speakers)).toBe(s(240));
	});

	it('counts a stay only between the start and the end of the round', () => {
		const state = round();
		const after = attendanceMarks(state, [{ userId: 'bruno', joinedAt: s(301), leftAt: null }]);
		expect(after.find((p) => p.userId === 'bruno')?.mark).toBe('absent');
		const before = attendanceMarks(state, [{ userId: 'bruno', joinedAt: s(-60), leftAt: s(0) }]);
		expect(before.find((p) => p.userId === 'bruno')?.mark).toBe('present');
	});

	it('expects nobody before the round has started', () => {
		const state = ok(join(openRun(60), bruno));
		expect(attendanceMarks(state, visits)).toEqual([]);
	});
});
