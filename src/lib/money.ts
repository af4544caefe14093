// Money is integer cents. Splitting an amount pro rata of weights rounds every share, and the
// rounded shares must still add up to the amount to the cent: the largest-remainder rule gives
// each share its floor, then hands the cents left over, one each, to the largest remainders.

/**
 * Splits `totalCents` (an integer, may be negative) between parties pro rata of integer
 * `weights` (≥ 0, at least one above 0). The shares add up exactly to `totalCents`. Ties between
 * equal remainders go to the larger weight, then to the earlier party, so the split is the same
 * every time it is computed.
 */
export function splitByLargestRemainder(totalCents: number, weights: readonly number[]): number[] {
	if (!Number.isSafeInteger(totalCents)) throw new RangeError('amount must be whole cents');
	for (const weight of weights) {
		if (!Number.isSafeInteger(weight) || weight < 0) {
			throw new RangeError('weights must be non-negative integers');
		}
	}
	const sum = weights.reduce((a, b) => a + b, 0);
	if (sum === 0) throw new RangeError('at least one weight must be above zero');
	if (totalCents < 0)
		return splitByLargestRemainder(-totalCents, weights).map((share) => 0 - share);

	// BigInt: cents × weights can pass 2^53 (a large network over a year), and an inexact
	// product would lose the cent this function exists to keep.
	const total = BigInt(totalCents);
	const whole = BigInt(sum);
	const shares = weights.map((weight) => (total * BigInt(weight)) / whole);
	const remainders = weights.map((weight, index) => ({
		index,
		weight,
		remainder: (total * BigInt(weight)) % whole
	}));
	let left = total - shares.reduce((a, b) => a + b, 0n);
	remainders.sort(
		(a, b) =>
			(a.remainder < b.remainder ? 1 : a.remainder > b.remainder ? -1 : 0) ||
			b.weight - a.weight ||
			a.index - b.index
	);
	for (const { index } of remainders) {
		if (left === 0n) break;
		shares[index] += 1n;
		left -= 1n;
	}
	return shares.map(Number);
}

/**
 * Monthly amounts billed for part of a month: each `cents` for its `days` out of `daysInMonth`.
 * Rounded together, not one by one, so that the parts of one month's amount never add up to a
 * cent more than it: the same €100.01 for 15 days under one version of an agreement's terms and
 * 15 under the next rounds to 50.01 + 50.00, where each rounded alone gave 50.01 twice. The
 * total is the exact sum rounded half up (a half cent goes with the days in force when they are at
 * least the rest of the month, as `splitByLargestRemainder(cents, [days, rest])` gives it for a
 * single part, which this matches); each part gets its floor, and the cents left go to the
 * largest remainders, then the longer part, then the earlier.
 */
export function prorateByDays(
	parts: readonly { cents: number; days: number }[],
	daysInMonth: number
): number[] {
	if (!Number.isSafeInteger(daysInMonth) || daysInMonth <= 0) {
		throw new RangeError('a month has days');
	}
	for (const { cents, days } of parts) {
		if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError('amounts are whole cents');
		if (!Number.isSafeInteger(days) || days < 0) throw new RangeError('days are whole');
	}
	const month = BigInt(daysInMonth);
	const exact = parts.map(({ cents, days }) => BigInt(cents) * BigInt(days));
	const sum = exact.reduce((a, b) => a + b, 0n);
	const daysBilled = parts.reduce((total, part) => total + part.days, 0);
	const halfUp =
		2n * (sum % month) > month ||
		(2n * (sum % month) === month && daysBilled >= daysInMonth - daysBilled);
	const total = sum / month + (halfUp ? 1n : 0n);
	const shares = exact.map((value) => value / month);
	let left = total - shares.reduce((a, b) => a + b, 0n);
	const order = exact
		.map((value, index) => ({ index, days: parts[index].days, remainder: value % month }))
		.sort(
			(a, b) =>
				(a.remainder < b.remainder ? 1 : a.remainder > b.remainder ? -1 : 0) ||
				b.days - a.days ||
				a.index - b.index
		);
	for (const { index } of order) {
		if (left <= 0n) break;
		shares[index] += 1n;
		left -= 1n;
	}
	return shares.map(Number);
}

/**
 * The largest amount a form accepts, in cents: a hundred million euros, far inside
 * Number.MAX_SAFE_INTEGER and SQLite's integer range even multiplied by a month's days.
 */
export const MAX_AMOUNT_CENTS = 100_000_000_00;

/**
 * A typed amount: a sign (before or after a leading €), the euros with their thousands spaced
 * in threes (French writes them with no-break spaces) or not at all, then the cents after ".",
 * "," or "€" ("12€50", as French writes prices), and a trailing € — the € only at those places.
 * Before, every € and space in the text was dropped first, so "12€50" read as 1 250 euros.
 */
const AMOUNT =
	/^([-\u2212]?)\s*(?:€\s*)?([-\u2212]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,€](\d+))?(?:\s*€)?$/;

/** Why a typed amount was refused: each has its own message (`amountMessage` on the server). */
export type AmountProblem = 'invalid' | 'decimals' | 'negative' | 'too_high';

/**
 * A euro amount typed by a person ("1 250,50", "1250.5", "1250", "-50", "12,50 €", "12€50") →
 * cents, read as text so no binary float loses a cent; or why it cannot be one. Negative amounts
 * are refused unless `allowNegative` (an adjustment may be a credit).
 */
export function readEuros(
	text: string,
	{ allowNegative = false, max = MAX_AMOUNT_CENTS }: { allowNegative?: boolean; max?: number } = {}
): { ok: true; cents: number } | { ok: false; problem: AmountProblem } {
	const match = AMOUNT.exec(text.trim());
	if (!match) return { ok: false, problem: 'invalid' };
	const [, signBefore, signAfter, grouped, fraction = ''] = match;
	const sign = signBefore || signAfter;
	// Spaces only between groups of three digits: "1 250" is a thousand, "1 5" a typing slip.
	const units = grouped.replace(/[ \u00a0\u202f]/g, '');
	if (fraction.length > 2) return { ok: false, problem: 'decimals' };
	if (sign && !allowNegative && /[1-9]/.test(units + fraction)) {
		return { ok: false, problem: 'negative' };
	}
	// Compared as text first: a hundred digits must not become an inexact float that passes.
	const whole = units.replace(/^0+(?=\d)/, '');
	if (whole.length > String(Math.floor(max / 100)).length)
		return { ok: false, problem: 'too_high' };
	const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
	if (cents > max) return { ok: false, problem: 'too_high' };
	return { ok: true, cents: sign && cents !== 0 ? -cents : cents };
}
