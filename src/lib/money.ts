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

/** A euro amount typed by a person ("1 250,50", "1250.5", "1250") → cents, or null if unreadable. */
export function parseEurosToCents(text: string): number | null {
	const compact = text.replace(/[\s\u00a0\u202f€]/g, '');
	if (!/^-?\d+([.,]\d{1,2})?$/.test(compact)) return null;
	const [units, fraction = ''] = compact.replace(',', '.').split('.');
	const negative = units.startsWith('-');
	const cents = Math.abs(Number(units)) * 100 + Number(fraction.padEnd(2, '0'));
	if (!Number.isSafeInteger(cents)) return null;
	return negative ? -cents : cents;
}
