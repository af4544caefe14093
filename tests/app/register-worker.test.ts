// The service worker is registered once the page has loaded, and again after a failed install
// (a weak link dropping the offline page's fetch), with growing pauses and at once back online.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETRY_DELAYS_MS, keepWorkerRegistered } from '../../src/lib/offline/register-worker';

/** A worker whose state the test moves, as the browser would. */
class FakeWorker extends EventTarget {
	state: ServiceWorkerState = 'installing';
	moveTo(state: ServiceWorkerState): void {
		this.state = state;
		this.dispatchEvent(new Event('statechange'));
	}
}

type FakeRegistration = { installing: FakeWorker | null; waiting: null; active: FakeWorker | null };

/** A container whose register() answers what the test queued, and counts its calls. */
function fakeContainer() {
	const answers: (() => FakeRegistration)[] = [];
	const container = {
		calls: 0,
		answer(next: () => FakeRegistration) {
			answers.push(next);
		},
		register: async () => {
			container.calls += 1;
			const next = answers.shift();
			if (!next) throw new Error('no answer queued');
			return next() as unknown as ServiceWorkerRegistration;
		}
	};
	return container;
}

function installing(worker: FakeWorker): FakeRegistration {
	return { installing: worker, waiting: null, active: null };
}

let target: EventTarget;
let stop: (() => void) | undefined;

beforeEach(() => {
	vi.useFakeTimers();
	target = new EventTarget();
	vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
	stop?.();
	vi.useRealTimers();
	vi.restoreAllMocks();
});

function start(container: ReturnType<typeof fakeContainer>, loaded = true) {
	stop = keepWorkerRegistered({
		scriptUrl: '/service-worker.js',
		container,
		target: target as unknown as Window,
		loaded: () => loaded
	});
}

describe('keeping the service worker registered', () => {
	it('waits for the page to finish loading before registering', async () => {
		const container = fakeContainer();
		const worker = new FakeWorker();
		container.answer(() => installing(worker));
		start(container, false);
		await vi.advanceTimersByTimeAsync(0);
		expect(container.calls).toBe(0);
		target.dispatchEvent(new Event('load'));
		await vi.advanceTimersByTimeAsync(0);
		expect(container.calls).toBe(1);
	});

	it('registers again after a failed install, with growing pauses, until one succeeds', async () => {
		const container = fakeContainer();
		const first = new FakeWorker();
		const second = new FakeWorker();
		const third = new FakeWorker();
		container.answer(() => installing(first));
		container.answer(() => installing(second));
		container.answer(() => installing(third));
		start(container);
		await vi.advanceTimersByTimeAsync(0);
		expect(container.calls).toBe(1);

		first.moveTo('redundant');
		await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0] - 1);
		expect(container.calls).toBe(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(container.calls).toBe(2);

		second.moveTo('redundant');
		await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]);
		expect(container.calls).toBe(2);
		await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[1] - RETRY_DELAYS_MS[0]);
		expect(container.calls).toBe(3);

		third.moveTo('installed');
		third.moveTo('activating');
		third.moveTo('activated');
		await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS.at(-1)! * 2);
		expect(container.calls).toBe(3);
	});

	it('tries again when register() itself fails, and at once when the browser is back online', async () => {
		const container = fakeContainer();
		const worker = new FakeWorker();
		start(container);
		await vi.advanceTimersByTimeAsync(0);
		expect(container.calls).toBe(1);
		expect(console.warn).toHaveBeenCalledOnce();

		container.answer(() => installing(worker));
		target.dispatchEvent(new Event('online'));
		await vi.advanceTimersByTimeAsync(0);
		expect(container.calls).toBe(2);
		// The pause that was running does not bring a third try.
		await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]);
		expect(container.calls).toBe(2);
	});

	it('leaves an active worker alone when an update fails, and ignores online then', async () => {
		const container = fakeContainer();
		const active = new FakeWorker();
		active.state = 'activated';
		const update = new FakeWorker();
		container.answer(() => ({ installing: update, waiting: null, active }));
		start(container);
		await vi.advanceTimersByTimeAsync(0);
		update.moveTo('redundant');
		target.dispatchEvent(new Event('online'));
		await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS.at(-1)! * 2);
		expect(container.calls).toBe(1);
	});

	it('stops trying once stopped', async () => {
		const container = fakeContainer();
		start(container);
		await vi.advanceTimersByTimeAsync(0);
		stop!();
		target.dispatchEvent(new Event('online'));
		await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS.at(-1)! * 2);
		expect(container.calls).toBe(1);
	});
});
