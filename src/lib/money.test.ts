import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_CENTS, prorateByDays, readEuros, splitByLargestRemainder } from './money';

describe('splitByLargestRemainder', () => {
	it('gives the leftover cents to the largest remainders', () => {
		// 100 / 3 = 33.33… each: one cent left, to the first of three equal remainders.
		expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
		// 1000 × 1/6, 2/6, 3/6 = 166.67, 333.33, 500: the 0.67 takes the cent.
		expect(splitByLargestRemainder(1000, [1, 2, 3])).toEqual([167, 333, 500]);
	});

	it('breaks equal remainders toward the larger weight', () => {
		// 5 × 1/4 = 1.25 and 5 × 3/4 = 3.75: remainders .25 and .75, the .75 wins.
		expect(splitByLargestRemainder(5, [1, 3])).toEqual([1, 4]);
		// 10 × 2/4 = 5 and 10 × 1/4 = 2.5 twice: the earlier of the equal ones takes the cent.
		expect(splitByLargestRemainder(10, [1, 2, 1])).toEqual([3, 5, 2]);
	});

	it('adds up to the cent where rounding each share does not', () => {
		// Math.round of each third of 200 gives 67 × 3 = 201.
		const rounded = [1, 1, 1].map(() => Math.round(200 / 3));
		expect(rounded.reduce((a, b) => a + b, 0)).toBe(201);
		expect(splitByLargestRemainder(200, [1, 1, 1]).reduce((a, b) => a + b, 0)).toBe(200);
	});

	it('adds up exactly over many random splits, each share within a cent of its exact value', () => {
		let seed = 42;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		for (let round = 0; round < 2000; round += 1) {
			const total = Math.floor(random() * 10_000_000) - (round % 10 === 0 ? 5_000_000 : 0);
			const weights: number[] = Array.from({ length: 1 + Math.floor(random() * 30) }, () =>
				Math.floor(random() * (random() < 0.2 ? 3 : 5000))
			);
			if (!weights.some((weight) => weight > 0)) weights[0] = 1;
			const shares = splitByLargestRemainder(total, weights);
			const sum = weights.reduce((a, b) => a + b, 0);
			expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
			shares.forEach((share, index) => {
				expect(Number.isInteger(share)).toBe(true);
				expect(Math.abs(share - (total * weights[index]) / sum)).toBeLessThan(1);
				if (weights[index] === 0) expect(share).toBe(0);
			});
		}
	});

	it('stays exact where cents × weights pass 2^53', () => {
		const shares = splitByLargestRemainder(9_000_000_000_000, [3_000_001, 2_999_999, 1]);
		expect(shares.reduce((a, b) => a + b, 0)).toBe(9_000_000_000_000);
	});

	it('refuses what cannot be split', () => {
		expect(() => splitByLargestRemainder(100, [0, 0])).toThrow(RangeError);
		expect(() => splitByLargestRemainder(100, [1, -1])).toThrow(RangeError);
		expect(() => splitByLargestRemainder(10.5, [1])).toThrow(RangeError);
		expect(() => splitByLargestRemainder(100, [0.5, 1])).toThrow(RangeError);
	});
});

describe('readEuros', () => {
	const cents = (text: string, options?: Parameters<typeof readEuros>[1]) => {
		const read = readEuros(text, options);
		return read.ok ? read.cents : read.problem;
	};

	it('reads amounts as French and English people type them', () => {
		expect(cents('1250')).toBe(125_000);
		expect(cents('1 250,50')).toBe(125_050);
		expect(cents('1250.5')).toBe(125_050);
		expect(cents('1\u202f250,05 €')).toBe(125_005);
		expect(cents('-0,50', { allowNegative: true })).toBe(-50);
		expect(cents('-0')).toBe(0);
		expect(cents('100 000 000')).toBe(MAX_AMOUNT_CENTS);
		// The € where people put it: after, before, or as the decimal mark of a French price.
		expect(cents('12,50 €')).toBe(1250);
		expect(cents('€12.50')).toBe(1250);
		expect(cents('12€50')).toBe(1250);
		expect(cents('12€')).toBe(1200);
		expect(cents('-12€50', { allowNegative: true })).toBe(-1250);
		expect(cents('− 12,50 €', { allowNegative: true })).toBe(-1250);
		expect(cents('€-12.50', { allowNegative: true })).toBe(-1250);
		expect(cents('  1 250,50  ')).toBe(125_050);
	});

	it('refuses a € or a space inside the number rather than reading it a hundred times too much', () => {
		// Each of these once read as another amount: "12€50" as 1 250 euros, "1 5" as 15.
		expect(cents('1 5')).toBe('invalid');
		expect(cents('12,5 0')).toBe('invalid');
		expect(cents('1 25 000')).toBe('invalid');
		expect(cents('1€2€50')).toBe('invalid');
		expect(cents('12 €50')).toBe('invalid');
		expect(cents('€')).toBe('invalid');
		expect(cents('12,50 € €')).toBe('invalid');
	});

	it('says why an amount is refused: unreadable, too many decimals, negative, too high', () => {
		expect(cents('')).toBe('invalid');
		expect(cents('abc')).toBe('invalid');
		expect(cents('beaucoup')).toBe('invalid');
		expect(cents('1.250,50')).toBe('invalid');
		expect(cents('12,345')).toBe('decimals');
		expect(cents('-15')).toBe('negative');
		expect(cents('-99999999999')).toBe('negative');
		expect(cents('-99999999999', { allowNegative: true })).toBe('too_high');
		expect(cents('99999999999999')).toBe('too_high');
		expect(cents('100 000 000,01')).toBe('too_high');
		expect(cents('9'.repeat(400))).toBe('too_high');
		expect(cents('150', { max: 10_000 })).toBe('too_high');
	});
});

describe('prorateByDays', () => {
	it('rounds the parts of one month’s amount together, so they never add up to a cent more', () => {
		// Each half of 100,01 € rounded alone is 50,01 €: 100,02 € for the month.
		expect(prorateByDays([{ cents: 10_001, days: 15 }], 30)).toEqual([5_001]);
		expect(
			prorateByDays(
				[
					{ cents: 10_001, days: 15 },
					{ cents: 10_001, days: 15 }
				],
				30
			)
		).toEqual([5_001, 5_000]);
		// 14 + 14 days of a February: the whole fee.
		expect(
			prorateByDays(
				[
					{ cents: 999, days: 14 },
					{ cents: 999, days: 14 }
				],
				28
			).reduce((a, b) => a + b, 0)
		).toBe(999);
	});

	it('gives a single part what the days-against-the-rest split gives it', () => {
		for (const cents of [0, 1, 999, 10_001, 31_000, 123_457]) {
			for (const month of [28, 29, 30, 31]) {
				for (let days = 0; days <= month; days += 1) {
					const [alone] = splitByLargestRemainder(cents, [days, month - days]);
					expect(prorateByDays([{ cents, days }], month)).toEqual([alone]);
				}
			}
		}
	});

	it('keeps each part within a cent of its exact share, and the total at the exact sum rounded', () => {
		let seed = 7;
		const random = (below: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return Math.floor((seed / 2 ** 31) * below);
		};
		for (let round = 0; round < 2000; round += 1) {
			const month = 28 + random(4);
			const count = 1 + random(4);
			let daysLeft = month;
			const parts = Array.from({ length: count }, () => {
				const days = random(daysLeft + 1);
				daysLeft -= days;
				return { cents: random(1_000_000), days };
			});
			const amounts = prorateByDays(parts, month);
			// In whole units of a cent's month-th part, so no float rounds the check itself.
			const exact = parts.map(({ cents, days }) => cents * days);
			for (const [index, amount] of amounts.entries()) {
				expect(Math.abs(amount * month - exact[index])).toBeLessThan(month);
			}
			const sum = exact.reduce((a, b) => a + b, 0);
			const total = amounts.reduce((a, b) => a + b, 0);
			expect(2 * Math.abs(total * month - sum)).toBeLessThanOrEqual(month);
		}
	});
});
