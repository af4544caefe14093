import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/lib/server/auth/rate-limit';

describe('RateLimiter', () => {
	it('allows `max` attempts per window, then asks to wait until the window ends', () => {
		const limiter = new RateLimiter(3, 60_000);
		const start = 1_000_000;
		expect(limiter.consume('ip:a', start)).toBe(0);
		expect(limiter.consume('ip:a', start + 1)).toBe(0);
		expect(limiter.consume('ip:a', start + 2)).toBe(0);
		expect(limiter.consume('ip:a', start + 10_000)).toBe(50_000);
		expect(limiter.consume('ip:a', start + 59_999)).toBe(1);
		// Other keys are counted apart.
		expect(limiter.consume('ip:b', start + 10_000)).toBe(0);
	});

	it('starts a new window once the old one is over', () => {
		const limiter = new RateLimiter(1, 60_000);
		expect(limiter.consume('k', 0)).toBe(0);
		expect(limiter.consume('k', 30_000)).toBeGreaterThan(0);
		expect(limiter.consume('k', 60_000)).toBe(0);
		expect(limiter.consume('k', 60_001)).toBe(59_999);
	});

	it('gives an attempt back only to the window that counted it', () => {
		const limiter = new RateLimiter(2, 60_000);
		expect(limiter.consume('ip:a', 0)).toBe(0);
		expect(limiter.consume('ip:a', 1)).toBe(0);
		expect(limiter.consume('ip:a', 2)).toBeGreaterThan(0);
		limiter.giveBack('ip:a', 1, 3);
		expect(limiter.consume('ip:a', 4)).toBe(0);
		// Counted in the first window, given back in the next: the new window owes it nothing.
		expect(limiter.consume('ip:a', 60_000)).toBe(0);
		limiter.giveBack('ip:a', 59_999, 60_001);
		expect(limiter.consume('ip:a', 60_002)).toBe(0);
		expect(limiter.consume('ip:a', 60_003)).toBeGreaterThan(0);
	});

	it('forgets a key on reset', () => {
		const limiter = new RateLimiter(1, 60_000);
		expect(limiter.consume('email:a@example.org', 0)).toBe(0);
		expect(limiter.consume('email:a@example.org', 1)).toBeGreaterThan(0);
		limiter.reset('email:a@example.org');
		expect(limiter.consume('email:a@example.org', 2)).toBe(0);
	});

	it('keeps at most maxKeys keys, sweeping expired windows first', () => {
		const limiter = new RateLimiter(5, 1_000, 10);
		const size = () => (limiter as unknown as { hits: Map<string, unknown> }).hits.size;
		for (let i = 0; i < 10; i++) limiter.consume(`old-${i}`, 0);
		expect(size()).toBe(10);
		// The old windows are over at t=1000: the sweep removes all of them.
		limiter.consume('new-0', 1_000);
		expect(size()).toBe(1);
	});

	it('stays bounded even when every window is still live', () => {
		const limiter = new RateLimiter(5, 60_000, 10);
		const size = () => (limiter as unknown as { hits: Map<string, unknown> }).hits.size;
		for (let i = 0; i < 1_000; i++) {
			limiter.consume(`live-${i}`, i);
			expect(size()).toBeLessThanOrEqual(10);
		}
		// The newest key is still counted.
		for (let i = 0; i < 5; i++) limiter.consume('live-999', 1_000);
		expect(limiter.consume('live-999', 1_000)).toBeGreaterThan(0);
	});
});
