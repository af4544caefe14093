import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { parseTermsForm } from '../../src/lib/server/agreements/terms-form';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.set(key, value);
	return data;
};
const base = { startDate: '2030-01-01', reservedSeats: '1', emptyMonthRule: 'split_equally' };

describe('the terms form', () => {
	it('reads a day rate in euros as people type them, and drops what the model does not use', () => {
		const parsed = parseTermsForm(
			form({
				...base,
				model: 'day_rate',
				dayRate: '1 250,5',
				halfDayRate: '7.50',
				fixedMonthly: '999',
				monthlyCap: ''
			}),
			'startDate'
		);
		expect(parsed).toMatchObject({
			ok: true,
			data: {
				date: '2030-01-01',
				terms: {
					model: 'day_rate',
					dayRateCents: 125_050,
					halfDayRateCents: 750,
					fixedMonthlyCents: null,
					monthlyCapCents: null,
					reservedSeats: 1,
					emptyMonthRule: 'split_equally'
				}
			}
		});
	});

	it("asks for the model's own amounts, next to their fields", () => {
		const dayRate = parseTermsForm(
			form({ ...base, model: 'day_rate', dayRate: '12' }),
			'startDate'
		);
		expect(dayRate.ok).toBe(false);
		expect(Object.keys(dayRate.ok ? {} : dayRate.errors)).toEqual(['halfDayRate']);
		const fixed = parseTermsForm(
			form({ ...base, model: 'fixed', fixedMonthly: '-5' }),
			'startDate'
		);
		expect(Object.keys(fixed.ok ? {} : fixed.errors)).toEqual(['fixedMonthly']);
		const cap = parseTermsForm(
			form({ ...base, model: 'cost_share', monthlyCap: 'beaucoup' }),
			'startDate'
		);
		expect(Object.keys(cap.ok ? {} : cap.errors)).toEqual(['monthlyCap']);
	});

	it('a fixed amount has no cap; the date, model and seats are checked', () => {
		const fixed = parseTermsForm(
			form({ ...base, model: 'fixed', fixedMonthly: '150', monthlyCap: '100' }),
			'validFrom'
		);
		// validFrom was asked for: startDate is not read.
		expect(fixed.ok).toBe(false);
		const ok = parseTermsForm(
			form({
				...base,
				validFrom: '2030-02-01',
				model: 'fixed',
				fixedMonthly: '150',
				monthlyCap: '100'
			}),
			'validFrom'
		);
		expect(ok).toMatchObject({
			ok: true,
			data: { date: '2030-02-01', terms: { fixedMonthlyCents: 15_000, monthlyCapCents: null } }
		});
		const wrong = parseTermsForm(
			form({ startDate: '2030-13-45', model: 'barter', reservedSeats: '-1', emptyMonthRule: 'x' }),
			'startDate'
		);
		expect(Object.keys(wrong.ok ? {} : wrong.errors).sort()).toEqual(
			['emptyMonthRule', 'model', 'reservedSeats', 'startDate'].sort()
		);
	});

	it('reads extra fields with their own schema', () => {
		const parsed = parseTermsForm(
			form({ ...base, model: 'cost_share', companyName: '  Scierie  ' }),
			'startDate',
			{ companyName: v.pipe(v.string(), v.trim(), v.nonEmpty()) }
		);
		expect(parsed.ok && parsed.data.companyName).toBe('Scierie');
	});
});
