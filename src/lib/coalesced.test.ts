import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesced';

/** A task whose runs end when the test says, counting them. */
function controlledTask() {
	const ends: Array<() => void> = [];
	let runs = 0;
	const task = () => {
		runs += 1;
		return new Promise<void>((resolve) => ends.push(resolve));
	};
	const endRun = async () => {
		ends.shift()?.();
		// Let the loop see the end and start the next run, if any.
		await new Promise((resolve) => setTimeout(resolve, 0));
	};
	return { task, endRun, runs: () => runs };
}

describe('coalesced', () => {
	it('runs at once when idle', () => {
		const { task, runs } = controlledTask();
		coalesced(task)();
		expect(runs()).toBe(1);
	});

	it('runs once more after a burst asked during a run, not once per ask', async () => {
		const { task, endRun, runs } = controlledTask();
		const ask = coalesced(task);
		ask();
		ask();
		ask();
		ask();
		expect(runs()).toBe(1);
		await endRun();
		expect(runs()).toBe(2);
		await endRun();
		expect(runs()).toBe(2);
		// Idle again: the next ask runs at once.
		ask();
		expect(runs()).toBe(3);
	});

	it('goes on after a failed run', async () => {
		let runs = 0;
		const ask = coalesced(async () => {
			runs += 1;
			throw new Error('offline');
		});
		ask();
		await new Promise((resolve) => setTimeout(resolve, 0));
		ask();
		expect(runs).toBe(2);
	});
});
