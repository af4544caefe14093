// Which terms an agreement bills a date under: the one rule check-ins, shared capacity, the
// operator's pages and the statement arithmetic share (src/lib/billing/terms.ts).
import { describe, expect, it } from 'vitest';
import { agreementCovers, agreementTermsOn } from '../../src/lib/billing/terms';

const versions = [
	{ validFrom: '2026-03-01', reservedSeats: 1 },
	{ validFrom: '2026-06-15', reservedSeats: 3 }
];

describe('agreements in force', () => {
	it('covers its first and last days, and every day after the start when open-ended', () => {
		const ended = { startDate: '2026-03-01', endDate: '2026-06-30' };
		expect(agreementCovers(ended, '2026-02-28')).toBe(false);
		expect(agreementCovers(ended, '2026-03-01')).toBe(true);
		expect(agreementCovers(ended, '2026-06-30')).toBe(true);
		expect(agreementCovers(ended, '2026-07-01')).toBe(false);
		expect(agreementCovers({ ...ended, endDate: null }, '2099-12-31')).toBe(true);
	});

	it('bills a date under the latest version from on or before it, and nothing outside its dates', () => {
		const agreement = { startDate: '2026-03-01', endDate: '2026-12-31', versions };
		expect(agreementTermsOn(agreement, '2026-02-28')).toBeNull();
		expect(agreementTermsOn(agreement, '2026-06-14')?.reservedSeats).toBe(1);
		expect(agreementTermsOn(agreement, '2026-06-15')?.reservedSeats).toBe(3);
		expect(agreementTermsOn(agreement, '2027-01-01')).toBeNull();
		// An agreement whose first version starts later has no terms before it.
		expect(agreementTermsOn({ ...agreement, startDate: '2026-01-01' }, '2026-02-01')).toBeNull();
	});
});
