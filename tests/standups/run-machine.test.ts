import { describe, expect, it } from 'vitest';
import {
	currentSpeaker,
	end,
	groupByHouse,
	hasJoined,
	join,
	next,
	openRun,
	skip,
	speakerDeadline,
	start,
	takeOver,
	type Participant,
	type RunResult,
	type RunState
} from '../../src/lib/standups/run-machine';

const person = (userId: string, name: string, houseName: string | null): Participant => ({
	userId,
	name,
	houseId: houseName ? `h-${houseName}` : null,
	houseName
});

const ana = person('ana', 'Ana', 'Murat');
const bruno = person('bruno', 'Bruno', 'Aurillac');
const chloe = person('chloe', 'Chloé', 'Murat');
const david = person('david', 'David', null);
const emma = person('emma', 'Emma', 'Aurillac');
const everyone = [ana, bruno, chloe, david, emma];
const T0 = Date.parse('2026-01-12T08:30:00Z');

function ok(result: RunResult): RunState {
	if (!result.ok) throw new Error(`command refused: ${result.error}`);
	return result.state;
}

const order = (state: RunState) => state.speakers.map((s) => `${s.userId}:${s.status}`);

/** Ana (the runner), Bruno and Chloé are in the room; David and Emma are not. */
function started(): RunState {
	let state = openRun(90);
	state = ok(join(state, bruno));
	state = ok(join(state, chloe));
	return ok(start(state, 'ana', everyone, T0));
}

describe('starting a round', () => {
	it('orders speakers by house, then name, with people without a house last', () => {
		const state = started();
		expect(state.status).toBe('live');
		expect(state.runnerId).toBe('ana');
		expect(order(state)).toEqual(['bruno:speaking', 'ana:waiting', 'chloe:waiting']);
		expect(state.absent.map((p) => p.userId)).toEqual(['emma', 'david']);
		expect(state.speakerStartedAt).toBe(T0);
		expect(speakerDeadline(state)).toBe(T0 + 90_000);
	});

	it('cannot start twice', () => {
		expect(start(started(), 'bruno', everyone, T0)).toEqual({ ok: false, error: 'not_open' });
	});
});

describe('next and skip', () => {
	it('move the turn along, restarting the countdown from the server’s clock', () => {
		let state = started();
		state = ok(next(state, 'ana', T0 + 70_000));
		expect(order(state)).toEqual(['bruno:spoke', 'ana:speaking', 'chloe:waiting']);
		expect(speakerDeadline(state)).toBe(T0 + 70_000 + 90_000);
		state = ok(skip(state, 'ana', T0 + 80_000));
		expect(order(state)).toEqual(['bruno:spoke', 'ana:skipped', 'chloe:speaking']);
		state = ok(next(state, 'ana', T0 + 150_000));
		expect(currentSpeaker(state)).toBeNull();
		expect(speakerDeadline(state)).toBeNull();
		expect(next(state, 'ana', T0 + 160_000)).toEqual({ ok: false, error: 'nobody_waiting' });
	});

	it('are the runner’s alone', () => {
		const state = started();
		expect(next(state, 'bruno', T0)).toEqual({ ok: false, error: 'not_runner' });
		expect(skip(state, 'chloe', T0)).toEqual({ ok: false, error: 'not_runner' });
		expect(end(state, 'bruno', T0)).toEqual({ ok: false, error: 'not_runner' });
	});

	it('need a round in progress', () => {
		expect(next(openRun(60), 'ana', T0)).toEqual({ ok: false, error: 'not_live' });
	});

	it('raise the version each time, so pages can drop stale states', () => {
		const first = started();
		const second = ok(next(first, 'ana', T0 + 1));
		expect(second.version).toBeGreaterThan(first.version);
	});
});

describe('late joiners and absentees', () => {
	it('slots a late joiner after the last person of their house still to speak', () => {
		let state = started();
		state = ok(join(state, emma));
		expect(order(state)).toEqual([
			'bruno:speaking',
			'emma:waiting',
			'ana:waiting',
			'chloe:waiting'
		]);
		// Her house is speaking and her place (after Bruno) is still to come: not late.
		expect(state.speakers[1].late).toBe(false);
		expect(state.absent.map((p) => p.userId)).toEqual(['david']);
	});

	it('puts a late joiner whose house has already spoken next in line, never in the past', () => {
		let state = started();
		state = ok(next(state, 'ana', T0 + 1)); // Ana speaking, Bruno done
		state = ok(join(state, emma)); // Aurillac (Bruno's house) is over
		expect(order(state)).toEqual(['bruno:spoke', 'ana:speaking', 'emma:waiting', 'chloe:waiting']);
		expect(state.speakers[2].late).toBe(true);
	});

	it('marks late someone of the speaking house whose name came before the speaker', () => {
		const amir = person('amir', 'Amir', 'Aurillac');
		const state = ok(join(started(), amir)); // Bruno (Aurillac) is speaking: Amir's place is past
		expect(order(state)).toEqual([
			'bruno:speaking',
			'amir:waiting',
			'ana:waiting',
			'chloe:waiting'
		]);
		expect(state.speakers[1].late).toBe(true);
	});

	it('joining twice changes nothing; joining an ended round is refused', () => {
		const state = started();
		expect(ok(join(state, bruno))).toBe(state);
		const ended = ok(end(state, 'ana', T0 + 5));
		expect(join(ended, david)).toEqual({ ok: false, error: 'ended' });
	});

	it('gives a late joiner the floor when everyone else has finished', () => {
		let state = started();
		for (let i = 0; i < 3; i++) state = ok(next(state, 'ana', T0 + i));
		expect(currentSpeaker(state)).toBeNull();
		state = ok(join(state, david));
		state = ok(next(state, 'ana', T0 + 10));
		expect(currentSpeaker(state)?.userId).toBe('david');
	});
});

describe('takeover', () => {
	it('hands the round to someone else as it was, and only they run it from then on', () => {
		let state = ok(next(started(), 'ana', T0 + 30_000));
		const before = state;
		state = ok(takeOver(state, 'chloe', T0 + 40_000));
		expect(state.runnerId).toBe('chloe');
		expect(state.speakers).toEqual(before.speakers);
		expect(state.speakerStartedAt).toBe(before.speakerStartedAt);
		expect(state.takeovers).toEqual([{ from: 'ana', to: 'chloe', at: T0 + 40_000 }]);
		expect(next(state, 'ana', T0 + 50_000)).toEqual({ ok: false, error: 'not_runner' });
		state = ok(next(state, 'chloe', T0 + 50_000));
		expect(currentSpeaker(state)?.userId).toBe('chloe');
	});

	it('needs a live round and another person', () => {
		expect(takeOver(openRun(60), 'chloe', T0)).toEqual({ ok: false, error: 'not_live' });
		expect(takeOver(started(), 'ana', T0)).toEqual({ ok: false, error: 'already_runner' });
	});
});

describe('ending', () => {
	it('marks the current speaker as having spoken and stops the countdown', () => {
		let state = ok(end(started(), 'ana', T0 + 60_000));
		expect(state.status).toBe('ended');
		expect(state.endedAt).toBe(T0 + 60_000);
		expect(order(state)).toEqual(['bruno:spoke', 'ana:waiting', 'chloe:waiting']);
		expect(speakerDeadline(state)).toBeNull();
		expect(end(state, 'ana', T0)).toEqual({ ok: false, error: 'ended' });
		state = ok(end(ok(takeOver(started(), 'bruno', T0)), 'bruno', T0 + 1));
		expect(state.status).toBe('ended');
	});
});

describe('what a page reads from the state', () => {
	it('who has joined: the room before the start, the speaking order from then on', () => {
		const open = ok(join(openRun(90), bruno));
		expect(hasJoined(open, 'bruno')).toBe(true);
		expect(hasJoined(open, 'ana')).toBe(false);
		expect(ok(join(open, bruno))).toBe(open);

		// Ana runs it without having joined first: she is in the order, David is not.
		let state = started();
		expect(hasJoined(state, 'ana')).toBe(true);
		expect(hasJoined(state, 'david')).toBe(false);
		state = ok(join(state, david));
		expect(hasJoined(state, 'david')).toBe(true);
		expect(hasJoined(ok(end(state, 'ana', T0 + 1)), 'david')).toBe(true);
	});

	it('the speaking order cut into houses, people without a house last', () => {
		let state = ok(join(started(), emma));
		state = ok(join(state, david));
		expect(
			groupByHouse(state.speakers).map(({ houseName, people }) => [
				houseName,
				people.map((p) => p.userId)
			])
		).toEqual([
			['Aurillac', ['bruno', 'emma']],
			['Murat', ['ana', 'chloe']],
			[null, ['david']]
		]);
		expect(groupByHouse([])).toEqual([]);
	});
});
