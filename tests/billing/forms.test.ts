// The billing forms read amounts through the one parser every money field uses, and say why an
// amount is refused: unreadable, too many decimals, negative where it may not be, too high.
import { afterEach, describe, expect, it } from 'vitest';
import {
	adjustmentSchema,
	costLineSchema,
	fundingSchema,
	toFundingInput
} from '../../src/lib/server/billing/forms';
import { parseForm } from '../../src/lib/server/forms';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { formatAmountInput } from '../../src/lib/format';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.set(key, value);
	return data;
};

afterEach(() => overwriteGetLocale(() => 'en'));

describe('amounts in the billing forms', () => {
	const costError = (amount: string) => {
		const parsed = parseForm(
			costLineSchema,
			form({ month: '2030-01', category: 'rent', label: '', amount })
		);
		return parsed.ok ? parsed.data.amount : parsed.errors.amount;
	};
	const adjustmentError = (amount: string) => {
		const parsed = parseForm(
			adjustmentSchema,
			form({ companyId: 'c', amount, reason: 'Correction' })
		);
		return parsed.ok ? parsed.data.amount : parsed.errors.amount;
	};

	it('a cost: each problem has its own message, in French', () => {
		overwriteGetLocale(() => 'fr');
		expect(costError('1 250,50')).toBe(125_050);
		expect(costError('99999999999999')).toBe(
			'Ce montant est trop élevé\u202f: 100\u202f000\u202f000,00\u00a0€ au plus.'
		);
		expect(costError('-99999999999')).toBe('Le montant ne peut pas être négatif.');
		expect(costError('12,345')).toMatch(/^Deux décimales au plus/);
		// The numbers it quotes never wrap between their digits in a narrow column, and group their
		// thousands with the narrow no-break space, as French numbers do (Intl.NumberFormat('fr')).
		expect(costError('12,345')).toBe(
			'Deux décimales au plus, pour les centimes\u202f: 12,34 (pour les milliers, écrivez 12\u202f345 ou 12345).'
		);
		expect(costError('beaucoup')).toBe('Saisissez un montant en euros, par exemple 1\u202f250,50.');
	});

	it('an adjustment may be a credit, within the same limit', () => {
		expect(adjustmentError('-50')).toBe(-5_000);
		expect(adjustmentError('-99999999999')).toBe(
			'This amount is too high: at most €100,000,000.00.'
		);
		expect(adjustmentError('12,345')).toMatch(/^At most two decimals/);
		expect(adjustmentError('12,345')).toBe(
			'At most two decimals, for the cents: 12.34 (for thousands, write 12\u00a0345 or 12345).'
		);
		expect(adjustmentError('beaucoup')).toBe(
			'Enter an amount in euros, such as 1\u00a0250,50 or 1250.50.'
		);
		expect(adjustmentError('0')).toBe('An adjustment is never zero.');
	});

	it('funding: an amount reads like the others, a percentage to two decimals', () => {
		const funding = (kind: string, value: string) => {
			const parsed = parseForm(fundingSchema, form({ month: '2030-01', kind, value, label: '' }));
			if (!parsed.ok) throw new Error('unexpected');
			const input = toFundingInput(parsed.data);
			return input.ok ? input.funding : input.error;
		};
		expect(funding('amount', '5 000')).toMatchObject({ kind: 'amount', amountCents: 500_000 });
		expect(funding('amount', '99999999999999')).toMatch(/^This amount is too high/);
		expect(funding('amount', '-5')).toBe('The amount cannot be negative.');
		expect(funding('percent', '12,5')).toMatchObject({ kind: 'percent', basisPoints: 1_250 });
		expect(funding('percent', '101')).toBe('Type a percentage between 0 and 100.');
		// Too many decimals is told as such, not as a range it is within.
		expect(funding('percent', '12.345')).toBe(
			'At most two decimals in a percentage: 12.35, for example.'
		);
		overwriteGetLocale(() => 'fr');
		expect(funding('percent', '12,345')).toBe(
			'Deux décimales au plus pour un pourcentage\u202f: 12,35 par exemple.'
		);
		expect(funding('percent', '100,5')).toBe('Saisissez un pourcentage entre 0 et 100.');
	});
});

describe('an amount shown back in its field after saving', () => {
	it('has two decimals in the reader’s language, and reads back as the same cents', () => {
		expect(formatAmountInput(50_000, { locale: 'fr' })).toBe('500,00');
		expect(formatAmountInput(50_000, { locale: 'en' })).toBe('500.00');
		expect(formatAmountInput(125_050, { locale: 'fr' })).toBe('1250,50');
		expect(formatAmountInput(5, { locale: 'en' })).toBe('0.05');
		expect(formatAmountInput(-5_000, { locale: 'fr' })).toBe('-50,00');
		for (const cents of [0, 5, 50_000, 125_050, 10_000_000_000]) {
			for (const locale of ['fr', 'en'] as const) {
				const parsed = parseForm(
					costLineSchema,
					form({
						month: '2030-01',
						category: 'rent',
						label: '',
						amount: formatAmountInput(cents, { locale })
					})
				);
				expect(parsed.ok && parsed.data.amount).toBe(cents);
			}
		}
	});
});
