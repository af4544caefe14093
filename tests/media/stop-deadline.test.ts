// The media process exits even when its clean stop never finishes (server/media/stop-deadline.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stopWithDeadline } from '../../server/media/stop-deadline';

afterEach(() => {
	vi.useRealTimers();
});

describe('stopWithDeadline', () => {
	it('exits with 1 at the deadline when the stop never settles, and says so', async () => {
		vi.useFakeTimers();
		const exit = vi.fn();
		const late = vi.fn();
		void stopWithDeadline(() => new Promise<void>(() => {}), exit, late, 8_000);
		await vi.advanceTimersByTimeAsync(7_999);
		expect(exit).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(1);
		expect(late).toHaveBeenCalledOnce();
		expect(exit).toHaveBeenCalledWith(1);
	});

	it('leaves a stop that finishes in time alone', async () => {
		vi.useFakeTimers();
		const exit = vi.fn();
		const late = vi.fn();
		await stopWithDeadline(async () => {}, exit, late, 8_000);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(exit).not.toHaveBeenCalled();
		expect(late).not.toHaveBeenCalled();
	});
});
