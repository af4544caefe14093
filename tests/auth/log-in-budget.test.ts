// The address's log-in budget (AUTH_RATE_LIMIT_PER_IP, 30 by default) counts failed log-ins only:
// a village house behind one address logs in every morning without spending it.
import { describe, expect, it } from 'vitest';
import {
	logInWait,
	recordLogInFailure,
	recordLogInSuccess,
	signUpWait
} from '../../src/lib/server/auth/attempts';
import { config } from '../../src/lib/server/config';

/** One log-in from `address` whose password turns out right (or wrong): what account-forms does. */
function logIn(address: string, email: string, passwordRight: boolean) {
	const wait = logInWait(address, email);
	if (wait.kind !== 'none') return wait;
	if (passwordRight) recordLogInSuccess(address, email, wait.countedAt);
	else recordLogInFailure(address, email);
	return wait;
}

describe('the log-in budget of an address', () => {
	it('is the default of 30 here', () => {
		expect(config().authRateLimitPerIp).toBe(30);
	});

	it('lets 40 right log-ins from one address through', () => {
		const village = '192.0.2.10';
		for (let n = 1; n <= 40; n++) {
			expect(logIn(village, `colleague-${n}@village.example`, true).kind).toBe('none');
		}
		// Nothing of the budget was spent: signing up from there is not held either.
		expect(signUpWait(village)).toBe(0);
	});

	it('refuses even the right password once 30 failures spent it', () => {
		// The trade-off (see attempts.ts): from one address a colleague cannot be told from the
		// guesser, and letting right passwords through would tell the guesser which one is right.
		const village = '192.0.2.20';
		// A guesser spraying accounts, so no account's own throttle is what stops them.
		for (let n = 1; n <= 30; n++) {
			expect(logIn(village, `sprayed-${n}@village.example`, false).kind).toBe('none');
		}
		const colleague = logIn(village, 'colleague@village.example', true);
		expect(colleague).toEqual({ kind: 'address', minutes: 15 });
		// The same colleague from their phone's address gets in.
		expect(logIn('198.51.100.7', 'colleague@village.example', true).kind).toBe('none');
	});

	it('counts the failures among right log-ins, and only them', () => {
		const village = '192.0.2.30';
		for (let n = 1; n <= 29; n++) {
			logIn(village, `typo-${n}@village.example`, false);
			logIn(village, `colleague-${n}@village.example`, true);
		}
		expect(logIn(village, 'last-typo@village.example', false).kind).toBe('none');
		expect(logIn(village, 'colleague-30@village.example', true).kind).toBe('address');
	});

	it('holds a place for each log-in whose password is being checked', () => {
		// 30 tries at once, none answered yet: the 31st waits, so a burst of guesses cannot all
		// reach the password check before the first failure is counted.
		const village = '192.0.2.40';
		const started = [];
		for (let n = 1; n <= 30; n++) {
			const wait = logInWait(village, `burst-${n}@village.example`);
			expect(wait.kind).toBe('none');
			started.push(wait);
		}
		expect(logInWait(village, 'burst-31@village.example').kind).toBe('address');
		// One of them was right: its place comes back.
		const first = started[0];
		if (first.kind !== 'none') throw new Error('the first log-in went on');
		recordLogInSuccess(village, 'burst-1@village.example', first.countedAt);
		expect(logInWait(village, 'burst-31@village.example').kind).toBe('none');
	});
});
