import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NegotiationDeadline, OFFERS_BEFORE_REJOIN } from './negotiation-deadline';

describe('a negotiation deadline', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	function steps(waiting = () => true) {
		return { stillWaiting: vi.fn(waiting), askAgain: vi.fn(), giveUp: vi.fn() };
	}

	it('asks again once, then gives up, counting the requests in a row unanswered', () => {
		const deadline = new NegotiationDeadline(1000);
		const first = steps();
		deadline.await(first);
		vi.advanceTimersByTime(999);
		expect(first.askAgain).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(first.askAgain).toHaveBeenCalledWith(1);
		const second = steps();
		deadline.await(second);
		vi.advanceTimersByTime(1000);
		expect(OFFERS_BEFORE_REJOIN).toBe(2);
		expect(second.giveUp).toHaveBeenCalledWith(2);
		expect(second.askAgain).not.toHaveBeenCalled();
	});

	it('starts a new count after a reply, and does nothing for a request answered or replaced', () => {
		const deadline = new NegotiationDeadline(1000);
		deadline.await(steps());
		vi.advanceTimersByTime(1000);
		deadline.replied();
		const afterReply = steps();
		deadline.await(afterReply);
		vi.advanceTimersByTime(1000);
		expect(afterReply.askAgain).toHaveBeenCalledWith(1);

		const replaced = steps();
		deadline.await(replaced);
		const replacing = steps(() => false);
		deadline.await(replacing);
		vi.advanceTimersByTime(5000);
		expect(replaced.stillWaiting).not.toHaveBeenCalled();
		expect(replacing.askAgain).not.toHaveBeenCalled();
		expect(replacing.giveUp).not.toHaveBeenCalled();
	});

	it('stops waiting when cancelled', () => {
		const deadline = new NegotiationDeadline(1000);
		const cancelled = steps();
		deadline.await(cancelled);
		deadline.cancel();
		vi.advanceTimersByTime(5000);
		expect(cancelled.stillWaiting).not.toHaveBeenCalled();
	});
});
