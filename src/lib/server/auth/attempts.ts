// Throttles for the two doors anyone can knock on. Per address (a whole village house may sit
// behind one address, hence the setting) and per email (guessing one account's password).
import { config } from '../config';
import { RateLimiter } from './rate-limit';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

let perIp: RateLimiter | undefined;
const perEmail = new RateLimiter(10, FIFTEEN_MINUTES);

/** Minutes to wait before another attempt from this address/email, or 0 when allowed. */
export function authAttemptWait(ipAddress: string, email: string): number {
	perIp ??= new RateLimiter(config().authRateLimitPerIp, FIFTEEN_MINUTES);
	const waitIp = perIp.consume(`ip:${ipAddress}`);
	const waitEmail = email ? perEmail.consume(`email:${email.trim().toLowerCase()}`) : 0;
	const wait = Math.max(waitIp, waitEmail);
	return wait === 0 ? 0 : Math.ceil(wait / 60_000);
}

/** A successful log-in clears the per-email counter so its owner is not locked out later. */
export function clearEmailAttempts(email: string): void {
	perEmail.reset(`email:${email.trim().toLowerCase()}`);
}

// A stolen session must not become a way to guess the account's password through the profile.
const perUserPasswordCheck = new RateLimiter(10, FIFTEEN_MINUTES);

/** Minutes to wait before this user may try their current password again, or 0. */
export function passwordCheckWait(userId: string): number {
	const wait = perUserPasswordCheck.consume(`user:${userId}`);
	return wait === 0 ? 0 : Math.ceil(wait / 60_000);
}
