import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	BoardRefresh,
	type BoardRefreshRequest
} from '../../src/routes/(app)/[company]/board-refresh';

type Seen = { people: string[]; houses: boolean; standups: string[] };
const seen = (request: BoardRefreshRequest): Seen => ({
	people: [...request.people].sort(),
	houses: request.houses,
	standups: [...request.standups].sort()
});

describe('the board’s refresh after live events', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('reads a burst of events in one request, after the window', async () => {
		const reads: Seen[] = [];
		const refresh = new BoardRefresh({
			read: async (request) => void reads.push(seen(request)),
			windowMs: 100
		});
		refresh.person('b');
		refresh.person('a');
		refresh.standup('s1');
		refresh.person('b');
		await vi.advanceTimersByTimeAsync(99);
		expect(reads).toEqual([]);
		refresh.standup('s1');
		await vi.advanceTimersByTimeAsync(1);
		expect(reads).toEqual([{ people: ['a', 'b'], houses: false, standups: ['s1'] }]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(reads).toHaveLength(1);
	});

	it('keeps what comes during a read for one more request once it is done', async () => {
		const reads: Seen[] = [];
		let finish: () => void = () => {};
		const refresh = new BoardRefresh({
			read: (request) => {
				reads.push(seen(request));
				return new Promise<void>((done) => (finish = done));
			}
		});
		refresh.person('a');
		await vi.advanceTimersByTimeAsync(100);
		refresh.allHouses();
		refresh.person('c');
		await vi.advanceTimersByTimeAsync(500);
		// Still one: the first read has not answered.
		expect(reads).toHaveLength(1);
		finish();
		await vi.advanceTimersByTimeAsync(100);
		expect(reads).toEqual([
			{ people: ['a'], houses: false, standups: [] },
			{ people: ['c'], houses: true, standups: [] }
		]);
	});

	it('goes on after a failed read, and reads nothing once stopped', async () => {
		const reads: Seen[] = [];
		const refresh = new BoardRefresh({
			read: async (request) => {
				reads.push(seen(request));
				throw new Error('offline');
			}
		});
		refresh.person('a');
		await vi.advanceTimersByTimeAsync(100);
		refresh.person('b');
		await vi.advanceTimersByTimeAsync(100);
		refresh.person('c');
		refresh.stop();
		await vi.advanceTimersByTimeAsync(1000);
		expect(reads.map((read) => read.people)).toEqual([['a'], ['b']]);
	});
});
