// Throttles for the doors anyone can knock on. Per address (a whole village house may sit behind
// one address, hence the setting; at log-in only failures spend it), and per account for log-ins
// (guessing one account's password), where failures slow the guesser down instead of locking the
// owner out (account-throttle.ts).
import { config } from '../config';
import { AccountThrottle } from './account-throttle';
import { RateLimiter } from './rate-limit';

const FIFTEEN_MINUTES = 15 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

// Each door counts apart, so signing up (or asking for reset emails) spends nothing of the
// address's log-in budget. Created on first use: the limit comes from the configuration.
const perAddress = new Map<'login' | 'signup' | 'reset', RateLimiter>();
function addressLimiter(door: 'login' | 'signup' | 'reset'): RateLimiter {
	let limiter = perAddress.get(door);
	if (!limiter) {
		limiter = new RateLimiter(config().authRateLimitPerIp, FIFTEEN_MINUTES);
		perAddress.set(door, limiter);
	}
	return limiter;
}

const accounts = new AccountThrottle();
const accountKey = (email: string) => email.trim().toLowerCase();

const minutes = (ms: number) => Math.ceil(ms / 60_000);

/**
 * Why a log-in may not be tried now: the address's budget of failures is spent, or this account's
 * wait. When it may (`none`), `countedAt` is handed back with the outcome of the password check.
 */
export type LogInWait =
	| { kind: 'none'; countedAt: number }
	| { kind: 'address'; minutes: number }
	| { kind: 'account'; ms: number };

// The address's log-in budget counts failures only: a village house behind one address, its
// people logging in at nine, must not lock out the 31st. Each attempt still takes its place in
// the budget before its password is checked and gives it back when the password was right, so a
// burst of guesses sent at once cannot all pass the check before the first failure is counted.
// Once the failures spend it, even the right password waits from that address: the address
// cannot tell the guesser from a colleague, and letting right passwords through would let the
// guesser test whether a password is right by whether it is refused.
const loginBudget = () => addressLimiter('login');

/** Takes one place in this address's log-in budget and says whether the log-in may go on. */
export function logInWait(address: string, email: string, now = Date.now()): LogInWait {
	const addressWait = loginBudget().consume(`ip:${address}`, now);
	if (addressWait > 0) return { kind: 'address', minutes: minutes(addressWait) };
	const accountWait = accounts.wait(accountKey(email), address, now);
	if (accountWait > 0) {
		// Refused before any password was checked: nothing failed, nothing spent.
		loginBudget().giveBack(`ip:${address}`, now, now);
		return { kind: 'account', ms: accountWait };
	}
	return { kind: 'none', countedAt: now };
}

/**
 * A wrong password or an unknown email: counted alike, so the wait reveals no account. Its place
 * in the address's budget stays spent.
 */
export function recordLogInFailure(address: string, email: string): void {
	accounts.recordFailure(accountKey(email), address);
}

/**
 * The right password: this address is no longer held to the account's wait, and the place the
 * attempt took in the address's budget (`countedAt`, from logInWait) is given back.
 */
export function recordLogInSuccess(address: string, email: string, countedAt: number): void {
	accounts.recordSuccess(accountKey(email), address);
	loginBudget().giveBack(`ip:${address}`, countedAt);
}

/**
 * Minutes to wait before another sign-up from this address, or 0. An address whose failed log-ins
 * spent its log-in budget is refused here too (it is guessing), but signing up never counts as a
 * log-in.
 */
export function signUpWait(address: string): number {
	const logInWait = loginBudget().peek(`ip:${address}`);
	if (logInWait > 0) return minutes(logInWait);
	return minutes(addressLimiter('signup').consume(`ip:${address}`));
}

/** Minutes to wait before this address may ask for another reset email, or 0. */
export function resetRequestWait(address: string): number {
	return minutes(addressLimiter('reset').consume(`ip:${address}`));
}

// Whoever knows an email could otherwise fill its owner's mailbox with reset links.
const resetMailsPerAccount = new RateLimiter(3, HOUR);

/** false once this email was sent 3 reset links within the hour (the page says the same anyway). */
export function mayMailReset(email: string): boolean {
	return resetMailsPerAccount.consume(`email:${accountKey(email)}`) === 0;
}

// A stolen session must not become a way to guess the account's password through the profile.
const perUserPasswordCheck = new RateLimiter(10, FIFTEEN_MINUTES);

/** Minutes to wait before this user may try their current password again, or 0. */
export function passwordCheckWait(userId: string): number {
	const wait = perUserPasswordCheck.consume(`user:${userId}`);
	return wait === 0 ? 0 : minutes(wait);
}
