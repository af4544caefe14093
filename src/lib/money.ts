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
 * The largest amount a form accepts, in cents: a hundred million euros, far inside
 * Number.MAX_SAFE_INTEGER and SQLite's integer range even multiplied by a month's days.
 */
export const MAX_AMOUNT_CENTS = 100_000_000_00;

/** Why a typed amount was refused: each has its own message (`amountMessage` on the server). */
export type AmountProblem = 'invalid' | 'decimals' | 'negative' | 'too_high';

/**
 * A euro amount typed by a person ("1 250,50", "1250.5", "1250", "-50") → cents, read as text so
 * no binary float loses a cent; or why it cannot be one. Negative amounts are refused unless
 * `allowNegative` (an adjustment may be a credit).
 */
export function readEuros(
	text: string,
	{ allowNegative = false, max = MAX_AMOUNT_CENTS }: { allowNegative?: boolean; max?: number } = {}
): { ok: true; cents: number } | { ok: false; problem: AmountProblem } {
	// French writes thousands with (narrow) no-break spaces; a € before or after is harmless.
	const compact = text.replace(/[\s\u00a0\u202f€]/g, '');
	const match = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(compact);
	if (!match) return { ok: false, problem: 'invalid' };
	const [, sign, units, fraction = ''] = match;
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
