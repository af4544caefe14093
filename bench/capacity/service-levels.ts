// The service levels the `capacity` part holds a node to, and the figures of one step judged
// against them. Kept apart from the run so the judging is tested (tests/bench/capacity.test.ts).
import type { CallFigures } from './calls';
import type { ProcessUse } from './process-meter';

/** Issue 23's service levels; the first step that breaks one ends the run. */
export const LIMITS = { boardP99: 500, editP99: 100, liveP99: 1000, callFps: 20, audio: 0.95 };
/** Failed requests, or events and keystrokes never delivered, above this share break it too. */
export const LOSS_LIMIT = 0.001;

/** The p-th percentile of sorted values (nearest rank); NaN when there are none. */
export function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The threads' latencies as one sorted array. */
export function pooled(parts: Float64Array[]): Float64Array {
	const all = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		all.set(part, offset);
		offset += part.length;
	}
	return all.sort();
}

/** Latencies (ms) of one step, each kind sorted once pooled. */
export type Latencies = {
	/** Opening the board (HTML) and reloading its data. */
	board: Float64Array;
	/** From a change's post to its event at each open board of the company. */
	live: Float64Array;
	/** From a keystroke to its arrival at each other editor of the document. */
	edit: Float64Array;
	/** The changes' posts. */
	actions: Float64Array;
	/** The stand-up page, the answers and the round's start. */
	standup: Float64Array;
};

/** What a step counted. */
export type StepCounts = {
	/** Live events expected at an open board and never received. */
	missedLive: number;
	/** Keystrokes expected at another editor and never received. */
	missedEdits: number;
	keystrokes: number;
	/** Changes posted (one write transaction each). */
	writes: number;
	streams: number;
	editors: number;
	errors: number;
	firstError: string | null;
};

export type StepRow = StepCounts & {
	companies: number;
	people: number;
	figures: Latencies;
	calls: CallFigures[];
	seconds: number;
	app: ProcessUse;
	media: ProcessUse | null;
	/** What broke; empty when every service level held. */
	broken: string[];
};

/** What the step broke, worded for the report; empty when it held. */
export function limitsBroken(row: Omit<StepRow, 'broken'>): string[] {
	const broken: string[] = [];
	const p99 = (values: Float64Array) => percentile(values, 99);
	const { board, live, edit, actions, standup } = row.figures;
	if (p99(board) > LIMITS.boardP99) broken.push(`board p99 ${p99(board).toFixed(0)} ms > 500 ms`);
	if (p99(edit) > LIMITS.editP99) {
		broken.push(`edit fan-out p99 ${p99(edit).toFixed(0)} ms > 100 ms`);
	}
	if (p99(live) > LIMITS.liveP99) broken.push(`live event p99 ${p99(live).toFixed(0)} ms > 1 s`);
	for (const call of row.calls) {
		if (call.fps < LIMITS.callFps) broken.push(`call ${call.call} at ${call.fps.toFixed(1)} fps`);
		if (call.audio < LIMITS.audio) {
			broken.push(`call ${call.call} audio at ${(call.audio * 100).toFixed(0)}%`);
		}
	}
	const requests = board.length + actions.length + standup.length;
	if (row.errors > requests * LOSS_LIMIT) broken.push(`${row.errors} failed requests`);
	if (row.missedLive > (live.length + row.missedLive) * LOSS_LIMIT) {
		broken.push(`${row.missedLive} live events lost`);
	}
	if (row.missedEdits > (edit.length + row.missedEdits) * LOSS_LIMIT) {
		broken.push(`${row.missedEdits} keystrokes lost`);
	}
	return broken;
}
