// A statement line's formula in words: counts agree with their nouns ("1 half-day", "2 days"), and
// a part of none is left out ("+ 0 half-days" said nothing).
import { describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { describeLine } from '../../src/lib/server/billing/statement-text';
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

	it('leaves out a part of none', () => {
		expect(formula(dayRate(3, 0), 'en')).toBe('3 days × €15.00 = €45.00');
		expect(formula(dayRate(0, 1), 'fr')).toBe('1 demi-journée × 8,50 € = 8,50 €');
	});
});
