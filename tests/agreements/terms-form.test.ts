import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { parseTermsForm } from '../../src/lib/server/agreements/terms-form';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';

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

	it('reports every field at once, each beside its field, keeping what was typed', () => {
		overwriteGetLocale(() => 'en');
		const typed = {
			companyName: '',
			startDate: '2026-02-31',
			model: 'day_rate',
			dayRate: '-15',
			halfDayRate: 'beaucoup',
			monthlyCap: '12,345',
			reservedSeats: '40',
			emptyMonthRule: 'split_equally'
		};
		const parsed = parseTermsForm(
			form(typed),
			'startDate',
			{ companyName: v.pipe(v.string(), v.trim(), v.nonEmpty('Name?')) },
			{ checkSeats: (seats) => (seats > 1 ? `At most 1, not ${seats}` : null) }
		);
		expect(parsed).toEqual({
			ok: false,
			values: typed,
			errors: {
				companyName: 'Name?',
				startDate: 'This date does not exist: check the day and the month.',
				dayRate: 'The amount cannot be negative.',
				halfDayRate: 'Enter an amount in euros, such as 1\u00a0250,50 or 1250.50.',
				monthlyCap: expect.stringContaining('At most two decimals'),
				reservedSeats: 'At most 1, not 40'
			}
		});
	});

	it('tells a date in the wrong format from a date that does not exist', () => {
		overwriteGetLocale(() => 'fr');
		const errors = (startDate: string) => {
			const parsed = parseTermsForm(form({ ...base, model: 'cost_share', startDate }), 'startDate');
			return parsed.ok ? {} : parsed.errors;
		};
		expect(errors('2026-02-31').startDate).toBe(
			'Cette date n’existe pas\u202f: vérifiez le jour et le mois.'
		);
		expect(errors('31/02/2026').startDate).toBe('Saisissez une date au format AAAA-MM-JJ.');
		expect(errors('2028-02-29')).toEqual({});
		// A year slipped on the keyboard: within ten years of this one, or said so.
		const year = new Date().getUTCFullYear();
		expect(errors('0026-03-01').startDate).toBe(
			`Choisissez une date entre ${year - 10} et ${year + 10}.`
		);
		expect(errors(`${year + 11}-03-01`).startDate).toBe(
			`Choisissez une date entre ${year - 10} et ${year + 10}.`
		);
		expect(errors(`${year - 10}-01-01`)).toEqual({});
		overwriteGetLocale(() => 'en');
	});

	it('gives the seat check the date when it is readable, null otherwise', () => {
		const seen: Array<[number, string | null]> = [];
		const checkSeats = (seats: number, date: string | null) => {
			seen.push([seats, date]);
			return null;
		};
		parseTermsForm(
			form({ ...base, model: 'cost_share', reservedSeats: '3' }),
			'startDate',
			{},
			{
				checkSeats
			}
		);
		parseTermsForm(
			form({ ...base, model: 'cost_share', startDate: 'bientôt', reservedSeats: '' }),
			'startDate',
			{},
			{ checkSeats }
		);
		parseTermsForm(
			form({ ...base, model: 'cost_share', reservedSeats: 'x' }),
			'startDate',
			{},
			{
				checkSeats
			}
		);
		expect(seen).toEqual([
			[3, '2030-01-01'],
			[0, null]
		]);
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
