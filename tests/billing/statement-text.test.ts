// A statement line's formula in words: counts agree with their nouns ("1 half-day", "2 days"), and
// a part of none is left out ("+ 0 half-days" said nothing), and a cent the largest remainder
// moved is said, not hidden behind an "=" that does not hold.
import { describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { describeLine, statementCsv } from '../../src/lib/server/billing/statement-text';
import { splitByLargestRemainder } from '../../src/lib/money';
import type { StatementLine } from '../../src/lib/server/billing/month-statement';

const dayRate = (wholeDays: number, halfDays: number): StatementLine => ({
	kind: 'day_rate',
	termsId: 't1',
	wholeDays,
	halfDays,
	dayRateCents: 1500,
	halfDayRateCents: 850,
	amountCents: wholeDays * 1500 + halfDays * 850
});

const formula = (line: StatementLine, locale: 'en' | 'fr') => {
	overwriteGetLocale(() => locale);
	return describeLine(line).formula.replace(/[\u00a0\u202f]/g, ' ');
};

describe('a day-rate line in words', () => {
	it('says days and half-days in the right number, in both languages', () => {
		expect(formula(dayRate(2, 1), 'en')).toBe('2 days × €15.00 + 1 half-day × €8.50 = €38.50');
		expect(formula(dayRate(1, 3), 'fr')).toBe(
			'1 jour × 15,00 € + 3 demi-journées × 8,50 € = 40,50 €'
		);
	});

	it('groups the thousands of a count of days as each language does', () => {
		// A company of sixty people on day rates passes a thousand days in a month: the count read
		// "1200 jours" where French writes "1 200" (narrow no-break space) and English "1,200".
		overwriteGetLocale(() => 'fr');
		expect(describeLine(dayRate(1200, 1001)).formula).toMatch(
			/^1\u202f200 jours × .* \+ 1\u202f001 demi-journées × /
		);
		expect(describeLine(dayRate(1200, 0)).formula).toMatch(/^1\u202f200 jours × /);
		expect(describeLine(dayRate(0, 1001)).formula).toMatch(/^1\u202f001 demi-journées × /);
		overwriteGetLocale(() => 'en');
		expect(describeLine(dayRate(1200, 1001)).formula).toMatch(
			/^1,200 days × .* \+ 1,001 half-days × /
		);
	});

	it('leaves out a part of none', () => {
		expect(formula(dayRate(3, 0), 'en')).toBe('3 days × €15.00 = €45.00');
		expect(formula(dayRate(0, 1), 'fr')).toBe('1 demi-journée × 8,50 € = 8,50 €');
	});
});

describe('a line the largest remainder gave a cent more or less', () => {
	// 100,01 € between 5, 5 and 2,5 person-days: 40,004 €, 40,004 € and 20,002 €. The cent left
	// goes to the first; its formula says so instead of an "=" that does not hold.
	const weights = [10, 10, 5];
	const shares = splitByLargestRemainder(10_001, weights);
	const costShare = (index: number): StatementLine => ({
		kind: 'cost_share',
		termsId: 't1',
		halfDays: weights[index],
		allHalfDays: 25,
		sharedCents: 10_001,
		amountCents: shares[index]
	});

	it('says the rounding beside the arithmetic, in both languages, the split unchanged', () => {
		expect(shares).toEqual([4001, 4000, 2000]);
		expect(formula(costShare(0), 'en')).toBe(
			'€100.01 × 5 ÷ 12.5 person-days = €40.00 + €0.01 rounding (largest remainder)'
		);
		expect(formula(costShare(0), 'fr')).toBe(
			'100,01 € × 5 ÷ 12,5 jours\u2011personnes = 40,00 € + 0,01 € (arrondi au plus fort reste)'
		);
		expect(formula(costShare(1), 'fr')).toBe('100,01 € × 5 ÷ 12,5 jours\u2011personnes = 40,00 €');
		expect(formula(costShare(2), 'en')).toBe('€100.01 × 2.5 ÷ 12.5 person-days = €20.00');
	});

	it('says a cent less too, when the arithmetic rounds up but the cent went elsewhere', () => {
		// 0,02 € between three equal parts: 0,00667 € each, rounded 0,01 €; one of them gets none.
		const parts = splitByLargestRemainder(2, [1, 1, 1]);
		expect(parts).toEqual([1, 1, 0]);
		const split = (amountCents: number): StatementLine => ({
			kind: 'empty_month',
			termsId: 't1',
			rule: 'split_equally',
			companies: 3,
			sharedCents: 2,
			amountCents
		});
		expect(formula(split(1), 'en')).toBe('€0.02 ÷ 3 companies = €0.01');
		expect(formula(split(0), 'en')).toBe(
			'€0.02 ÷ 3 companies = €0.01 − €0.01 rounding (largest remainder)'
		);
	});

	it('in the CSV too', () => {
		overwriteGetLocale(() => 'fr');
		const csv = statementCsv({
			houseName: 'Maison de Murat',
			operatorName: 'Commune de Murat',
			companyName: 'Scop Volcans',
			month: '2026-10',
			lines: [costShare(0)],
			totalCents: 4001,
			halfDays: 10,
			people: []
		}).replace(/[\u00a0\u202f]/g, ' ');
		// A plain hyphen in the spreadsheet, where the page has a no-break one.
		expect(csv).toContain(
			'100,01 € × 5 ÷ 12,5 jours-personnes = 40,00 € + 0,01 € (arrondi au plus fort reste)'
		);
	});
});
