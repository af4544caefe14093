/**
 * Slows password guessing on one account without letting anyone lock its owner out.
 *
 * A fixed number of failures per account (what Hameau did first) lets a stranger with a handful of
 * addresses keep the owner out at will. Here failures on an account make the next try wait, twice
 * as long after each failure past the first few, but the wait only binds the addresses that failed
 * on that account: the owner typing the right password from their own address is never refused.
 * A guesser who spreads over many addresses gets one try per new address, and each address is
 * still held to the per-address limit over every account (see attempts.ts).
 *
 * Held in memory like RateLimiter: one Node process (see docs/scaling.md for several instances).
 */
export class AccountThrottle {
	private readonly accounts = new Map<string, AccountFailures>();
	/** Addresses remembered over all accounts: what the memory held grows with. */
	private tracked = 0;

	constructor(private readonly options: AccountThrottleOptions = defaultThrottleOptions) {}

	/** How many ms `address` must wait before trying `account` again, or 0 when it may try now. */
	wait(account: string, address: string, now = Date.now()): number {
		const failures = this.current(account, now);
		if (!failures || !failures.addresses.has(address)) return 0;
		const { freeFailures, baseDelayMs, maxDelayMs } = this.options;
		if (failures.count <= freeFailures) return 0;
		const delay = Math.min(baseDelayMs * 2 ** (failures.count - freeFailures - 1), maxDelayMs);
		return Math.max(0, failures.lastFailureAt + delay - now);
	}

	/** Counts a wrong password (or unknown email) for `account`, tried from `address`. */
	recordFailure(account: string, address: string, now = Date.now()): void {
		let failures = this.current(account, now);
		if (!failures) {
			failures = { count: 0, lastFailureAt: now, addresses: new Set() };
			this.accounts.set(account, failures);
		}
		failures.count += 1;
		failures.lastFailureAt = now;
		// Re-adding moves the address last, so the oldest addresses are the ones forgotten.
		if (!failures.addresses.delete(address)) this.tracked += 1;
		failures.addresses.add(address);
		if (failures.addresses.size > this.options.maxAddressesPerAccount) {
			const oldest = failures.addresses.values().next().value;
			if (oldest !== undefined && failures.addresses.delete(oldest)) this.tracked -= 1;
		}
		if (this.tracked > this.options.maxTrackedAddresses) this.sweep(now);
	}

	/**
	 * The right password from `address`: that address is trusted again. The account's count stays
	 * while other addresses that failed on it remain, so an ongoing guesser is not given a fresh
	 * allowance by the owner logging in.
	 */
	recordSuccess(account: string, address: string): void {
		const failures = this.accounts.get(account);
		if (!failures) return;
		if (failures.addresses.delete(address)) this.tracked -= 1;
		if (failures.addresses.size === 0) this.accounts.delete(account);
	}

	private current(account: string, now: number): AccountFailures | undefined {
		const failures = this.accounts.get(account);
		if (failures && now - failures.lastFailureAt >= this.options.forgetAfterMs) {
			this.forget(account, failures);
			return undefined;
		}
		return failures;
	}

	private forget(account: string, failures: AccountFailures): void {
		this.tracked -= failures.addresses.size;
		this.accounts.delete(account);
	}

	private sweep(now: number): void {
		for (const account of [...this.accounts.keys()]) this.current(account, now);
		// Still full of recent failures: forget the accounts that failed first until a quarter
		// of the room is free, rather than grow.
		const target = Math.floor((this.options.maxTrackedAddresses * 3) / 4);
		for (const [account, failures] of this.accounts) {
			if (this.tracked <= target) break;
			this.forget(account, failures);
		}
	}
}

type AccountFailures = { count: number; lastFailureAt: number; addresses: Set<string> };

export interface AccountThrottleOptions {
	/** Failures on an account before any wait (typing mistakes cost nothing). */
	freeFailures: number;
	/** The wait after the first failure past the free ones; it doubles with each further one. */
	baseDelayMs: number;
	/** The longest wait. */
	maxDelayMs: number;
	/** An account with no failure for this long starts over. */
	forgetAfterMs: number;
	/** Failed addresses remembered over all accounts before accounts are swept. */
	maxTrackedAddresses: number;
	/** Failed addresses remembered per account; the oldest are forgotten first. */
	maxAddressesPerAccount: number;
}

const MINUTE = 60_000;

/** 5 free failures, then 1 s, 2 s, 4 s… up to 15 minutes; an hour without failures forgets. */
export const defaultThrottleOptions: AccountThrottleOptions = {
	freeFailures: 5,
	baseDelayMs: 1_000,
	maxDelayMs: 15 * MINUTE,
	forgetAfterMs: 60 * MINUTE,
	maxTrackedAddresses: 500_000,
	maxAddressesPerAccount: 1_000
};
