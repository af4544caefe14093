import { describe, expect, it } from 'vitest';
import {
	AccountThrottle,
	defaultThrottleOptions
} from '../../src/lib/server/auth/account-throttle';

const options = {
	...defaultThrottleOptions,
	freeFailures: 2,
	baseDelayMs: 1_000,
	maxDelayMs: 8_000
};

describe('AccountThrottle', () => {
	it('makes a failing address wait, doubling after the free failures, up to the longest wait', () => {
		const throttle = new AccountThrottle(options);
		const fail = (at: number) => throttle.recordFailure('a@example.org', '10.0.0.1', at);
		fail(0);
		fail(0);
		expect(throttle.wait('a@example.org', '10.0.0.1', 0)).toBe(0);
		fail(0);
		expect(throttle.wait('a@example.org', '10.0.0.1', 0)).toBe(1_000);
		expect(throttle.wait('a@example.org', '10.0.0.1', 400)).toBe(600);
		fail(1_000);
		expect(throttle.wait('a@example.org', '10.0.0.1', 1_000)).toBe(2_000);
		for (let n = 0; n < 10; n++) fail(2_000);
		expect(throttle.wait('a@example.org', '10.0.0.1', 2_000)).toBe(8_000);
	});

	it('never holds an address that has not failed on the account', () => {
		const throttle = new AccountThrottle(options);
		for (let n = 0; n < 50; n++) throttle.recordFailure('a@example.org', `10.0.1.${n}`, 0);
		expect(throttle.wait('a@example.org', '10.0.9.9', 0)).toBe(0);
		expect(throttle.wait('b@example.org', '10.0.1.1', 0)).toBe(0);
		expect(throttle.wait('a@example.org', '10.0.1.1', 0)).toBeGreaterThan(0);
	});

	it('trusts an address again after its right password, and forgets an account in time', () => {
		const throttle = new AccountThrottle(options);
		for (let n = 0; n < 5; n++) throttle.recordFailure('a@example.org', '10.0.0.1', 0);
		throttle.recordFailure('a@example.org', '10.0.0.2', 0);
		throttle.recordSuccess('a@example.org', '10.0.0.1');
		expect(throttle.wait('a@example.org', '10.0.0.1', 0)).toBe(0);
		// The other address that failed is still held.
		expect(throttle.wait('a@example.org', '10.0.0.2', 0)).toBeGreaterThan(0);
		expect(throttle.wait('a@example.org', '10.0.0.2', options.forgetAfterMs)).toBe(0);
	});

	it('stays bounded in addresses, over all accounts and per account', () => {
		const throttle = new AccountThrottle({
			...options,
			maxTrackedAddresses: 10,
			maxAddressesPerAccount: 3
		});
		type Inside = { accounts: Map<string, { addresses: Set<string> }> };
		const accounts = (throttle as unknown as Inside).accounts;
		const tracked = () => [...accounts.values()].reduce((sum, f) => sum + f.addresses.size, 0);
		for (let n = 0; n < 1_000; n++) {
			throttle.recordFailure(`account-${n % 300}`, `10.0.0.${n % 7}`, n);
			expect(tracked()).toBeLessThanOrEqual(10);
		}
		for (let n = 0; n < 100; n++) throttle.recordFailure('a', `10.0.2.${n}`, 2_000);
		expect(accounts.get('a')?.addresses.size).toBe(3);
		// The most recent addresses are the ones kept.
		expect(throttle.wait('a', '10.0.2.99', 2_000)).toBeGreaterThan(0);
	});
});
