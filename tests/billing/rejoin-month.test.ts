// A month in which a company left a house and came back (agreement ended on the 10th, a new one
// from the 20th): ONE statement for the company, each date billed under the agreement covering
// it, nothing for the days between, a cap per agreement, and the shares still adding up to the
// cent.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { createOperator } from '../../src/lib/server/operators/operators';
import { closeMonth } from '../../src/lib/server/billing/closing';
import { addCostLine } from '../../src/lib/server/billing/costs';
import { companyStatement, networkMonthSummary } from '../../src/lib/server/billing/statements';
import {
	addPerson,
	checkIn,
	makeAgreement,
	makeCompanyRow,
	makeOperatorHouse,
	makePerson
} from './support';

useTempDatabase();

/** Early November in Paris: October has ended there. */
const NOVEMBER = Date.parse('2026-11-02T10:00:00Z');

function setUp() {
	const officer = makePerson('Officer');
	const operator = createOperator(officer.id, 'Commune de Murat');
	const house = makeOperatorHouse(operator.id);
	const actor = { operatorId: operator.id, userId: officer.id };
	const volcans = makeCompanyRow('Scop Volcans');
	const lavoir = makeCompanyRow('Atelier Lavoir');
	makeAgreement(house, volcans.id, {
		startDate: '2026-10-01',
		terms: [{ validFrom: '2026-10-01' }]
	});
	const alice = addPerson(volcans.id, 'Alice Volcans');
	const carol = addPerson(lavoir.id, 'Carol Lavoir');
	expect(
		addCostLine(actor, house, '2026-10', { category: 'rent', label: 'Loyer', amountCents: 100_000 })
	).toEqual({ ok: true });
	return { house, actor, volcans, lavoir, alice, carol };
}

describe('a month with two agreements of one company', () => {
	it('bills each part under its own terms, once, capped per agreement, to the cent', () => {
		const { house, actor, volcans, lavoir, alice, carol } = setUp();
		// The first agreement is capped at 50,00 €; the one it came back under is not.
		const first = makeAgreement(house, lavoir.id, {
			startDate: '2026-10-01',
			endDate: '2026-10-10',
			terms: [{ validFrom: '2026-10-01', monthlyCapCents: 5_000 }]
		});
		const second = makeAgreement(house, lavoir.id, {
			startDate: '2026-10-20',
			terms: [{ validFrom: '2026-10-20' }]
		});
		for (const date of ['2026-10-05', '2026-10-06', '2026-10-21'])
			checkIn(house, volcans.id, alice.id, date);
		checkIn(house, lavoir.id, carol.id, '2026-10-05');
		checkIn(house, lavoir.id, carol.id, '2026-10-08', 'am');
		// Between the two agreements: on site, but under no agreement, so it never bills.
		checkIn(house, lavoir.id, carol.id, '2026-10-15');
		checkIn(house, lavoir.id, carol.id, '2026-10-21');
		checkIn(house, lavoir.id, carol.id, '2026-10-22', 'pm');

		const result = closeMonth(actor, house, '2026-10', NOVEMBER);
		if (!result.ok) throw new Error(result.reason);
		// One statement per company, whatever its number of agreements.
		expect(result.statement.companies.map((company) => company.companyId).sort()).toEqual(
			[volcans.id, lavoir.id].sort()
		);
		// 12 half-days under an agreement: Volcans 6, Lavoir 3 under each agreement.
		const shares = result.statement.companies
			.flatMap((company) => company.lines)
			.filter((line) => line.kind === 'cost_share');
		expect(shares.reduce((sum, line) => sum + line.amountCents, 0)).toBe(100_000);

		const theirs = companyStatement(lavoir.id, house.id, '2026-10')!;
		expect(theirs.halfDays).toBe(6);
		expect(theirs.people).toEqual([{ userId: carol.id, name: 'Carol Lavoir', halfDays: 6 }]);
		expect(theirs.lines).toEqual([
			expect.objectContaining({
				kind: 'cost_share',
				termsId: first.termIds[0],
				halfDays: 3,
				allHalfDays: 12,
				amountCents: 25_000
			}),
			expect.objectContaining({
				kind: 'cost_share',
				termsId: second.termIds[0],
				halfDays: 3,
				amountCents: 25_000
			}),
			// The first agreement's cap bounds its own line only.
			{ kind: 'cap', termsId: first.termIds[0], capCents: 5_000, amountCents: -20_000 }
		]);
		expect(theirs.totalCents).toBe(30_000);
		expect(companyStatement(volcans.id, house.id, '2026-10')!.totalCents).toBe(50_000);
		// The network's month counts the same half-days (the gap day never).
		expect(networkMonthSummary(actor.operatorId, '2026-10')[0].halfDays).toBe(12);
	});

	it('bills a fixed amount for the days of each agreement, never for the days between', () => {
		const { house, actor, lavoir } = setUp();
		const terms = { model: 'fixed' as const, fixedMonthlyCents: 31_000 };
		makeAgreement(house, lavoir.id, {
			startDate: '2026-10-01',
			endDate: '2026-10-10',
			terms: [{ validFrom: '2026-10-01', ...terms }]
		});
		makeAgreement(house, lavoir.id, {
			startDate: '2026-10-20',
			terms: [{ validFrom: '2026-10-20', ...terms }]
		});
		const result = closeMonth(actor, house, '2026-10', NOVEMBER);
		if (!result.ok) throw new Error(result.reason);
		const theirs = companyStatement(lavoir.id, house.id, '2026-10')!;
		// 310,00 € a month: 10 days of 31, then 12 of 31; the 9 days between are nobody's.
		expect(
			theirs.lines
				.filter((line) => line.kind === 'fixed')
				.map((line) => (line.kind === 'fixed' ? [line.daysInForce, line.amountCents] : null))
		).toEqual([
			[10, 10_000],
			[12, 12_000]
		]);
		expect(theirs.totalCents).toBe(22_000);
	});

	it('bills a month’s fixed amount once, to the cent, when its terms change at mid-month', () => {
		// September: 30 days. 100,01 € a month under the first version of the terms for 15 days
		// and under the next (a new cap, the same fee) for 15: each half is 50,005 €, and the
		// month's fee is 100,01 €, not two rounded halves of 50,01 €.
		const { house, actor, lavoir } = setUp();
		const terms = { model: 'fixed' as const, fixedMonthlyCents: 10_001 };
		makeAgreement(house, lavoir.id, {
			startDate: '2026-09-01',
			terms: [
				{ validFrom: '2026-09-01', ...terms },
				{ validFrom: '2026-09-16', ...terms, monthlyCapCents: 20_000 }
			]
		});
		const result = closeMonth(actor, house, '2026-09', Date.parse('2026-10-02T10:00:00Z'));
		if (!result.ok) throw new Error(result.reason);
		const theirs = companyStatement(lavoir.id, house.id, '2026-09')!;
		const fixed = theirs.lines.flatMap((line) =>
			line.kind === 'fixed' ? [[line.daysInForce, line.amountCents]] : []
		);
		expect(fixed).toEqual([
			[15, 5_001],
			[15, 5_000]
		]);
		expect(theirs.totalCents).toBe(10_001);
	});
});
