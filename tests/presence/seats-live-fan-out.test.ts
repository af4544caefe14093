// The house fan-out on its own: a burst of changes at a house is one build and one event per
// company, the window runs from the first change, and houses keep their own windows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HouseFanOut } from '../../src/lib/server/live/house-fan-out';
import type { LiveEvent } from '../../src/lib/live-events';

const seats = (houseId: string, dates: readonly string[]): LiveEvent => ({
	type: 'seats',
	houseId,
	days: dates.map((date) => ({
		date,
		seats: 4,
		seatsLeft: 4,
		people: 0,
		checkedIn: 0,
		reservedLeft: 0,
		overCapacity: false,
		shared: true
	}))
});

function fanOut() {
	const builds: Array<{ houseId: string; dates: string[] }> = [];
	const published: Array<{ companyId: string; event: LiveEvent }> = [];
	const out = new HouseFanOut({
		windowMs: 250,
		build: (houseId, dates) => {
			builds.push({ houseId, dates: [...dates].sort() });
			return ['company-a', 'company-b'].map((companyId) => ({
				companyId,
				event: seats(houseId, dates)
			}));
		},
		publish: (companyId, event) => published.push({ companyId, event })
	});
	return { out, builds, published };
}

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
	vi.useRealTimers();
});

describe('HouseFanOut', () => {
	it('turns a burst of changes at a house into one build and one event per company', () => {
		const { out, builds, published } = fanOut();
		// A desk confirming fifty check-ins, over two days.
		for (let i = 0; i < 50; i += 1) out.notify('maison', [i % 2 ? '2026-12-03' : '2026-12-02']);
		expect(published).toEqual([]);
		vi.advanceTimersByTime(250);
		expect(builds).toEqual([{ houseId: 'maison', dates: ['2026-12-02', '2026-12-03'] }]);
		expect(published.map((entry) => entry.companyId)).toEqual(['company-a', 'company-b']);
		vi.advanceTimersByTime(5_000);
		expect(builds).toHaveLength(1);
		expect(out.pendingHouses).toBe(0);
	});

	it('sends at the end of the window that began with the first change', () => {
		const { out, builds } = fanOut();
		out.notify('maison', ['2026-12-03']);
		vi.advanceTimersByTime(200);
		out.notify('maison', ['2026-12-04']);
		vi.advanceTimersByTime(50);
		// A steady stream of changes still shows, window after window.
		expect(builds).toEqual([{ houseId: 'maison', dates: ['2026-12-03', '2026-12-04'] }]);
		out.notify('maison', ['2026-12-05']);
		vi.advanceTimersByTime(250);
		expect(builds.map((build) => build.dates)).toEqual([
			['2026-12-03', '2026-12-04'],
			['2026-12-05']
		]);
	});

	it('keeps a window per house, and a failing house does not stop the others', () => {
		const published: string[] = [];
		const out = new HouseFanOut({
			windowMs: 250,
			build: (houseId, dates) => {
				if (houseId === 'broken') throw new Error('the database is gone');
				return [{ companyId: 'company-a', event: seats(houseId, dates) }];
			},
			publish: (_, event) => published.push(event.type === 'seats' ? event.houseId : '')
		});
		out.notify('broken', ['2026-12-03']);
		out.notify('maison', ['2026-12-03']);
		out.notify('grange', ['2026-12-03']);
		expect(out.pendingHouses).toBe(3);
		vi.advanceTimersByTime(250);
		expect(published.sort()).toEqual(['grange', 'maison']);
		expect(out.pendingHouses).toBe(0);
	});
});
