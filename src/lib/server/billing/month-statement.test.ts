import { describe, expect, it } from 'vitest';
import type { AgreementTerms } from '../../billing/terms';
import {
	computeMonthStatement,
	fundingCents,
	type CompanyMonthInput,
	type MonthInput
} from './month-statement';

const costShare = (id: string, validFrom: string, extra: Partial<AgreementTerms> = {}) =>
	({
		id,
		validFrom,
		reservedSeats: 0,
		model: 'cost_share',
		dayRateCents: null,
		halfDayRateCents: null,
		fixedMonthlyCents: null,
		monthlyCapCents: null,
		emptyMonthRule: 'split_equally',
		...extra
	}) satisfies AgreementTerms;

const dayRate = (id: string, validFrom: string, day: number, half: number, cap?: number) =>
	costShare(id, validFrom, {
		model: 'day_rate',
		dayRateCents: day,
		halfDayRateCents: half,
		monthlyCapCents: cap ?? null
	});

const fixed = (id: string, validFrom: string, cents: number) =>
	costShare(id, validFrom, { model: 'fixed', fixedMonthlyCents: cents });

/** A person's check-ins: `{ '2026-11-02': 2, '2026-11-03': 1 }` (halves). */
const person = (userId: string, days: Record<string, number>) => ({
	userId,
	halvesByDate: new Map(Object.entries(days))
});

const company = (
	companyId: string,
	versions: AgreementTerms[],
	people: CompanyMonthInput['people'],
	startDate = '2026-01-01',
	endDate: string | null = null
): CompanyMonthInput => ({ companyId, agreement: { startDate, endDate, versions }, people });

const month = (companies: CompanyMonthInput[], extra: Partial<MonthInput> = {}): MonthInput => ({
	month: '2026-11',
	costCents: 300_000,
	fundingCents: 0,
	companies,
	adjustments: [],
	...extra
});

const of = (statement: ReturnType<typeof computeMonthStatement>, companyId: string) =>
	statement.companies.find((c) => c.companyId === companyId)!;

describe('closing a month: cost share (the founding model)', () => {
	it('splits the costs left after funding pro rata of person-days, to the cent', () => {
		// Costs 3 000 €, funding 1 000 €: 2 000 € shared. A: 3 days, B: 1 day + a half, C: 1 day.
		const statement = computeMonthStatement(
			month(
				[
					company(
						'A',
						[costShare('a1', '2026-01-01')],
						[
							person('ana', { '2026-11-02': 2, '2026-11-03': 2 }),
							person('alix', { '2026-11-04': 2 })
						]
					),
					company(
						'B',
						[costShare('b1', '2026-01-01')],
						[person('bea', { '2026-11-02': 2, '2026-11-05': 1 })]
					),
					company('C', [costShare('c1', '2026-01-01')], [person('cyr', { '2026-11-06': 2 })])
				],
				{ fundingCents: 100_000 }
			)
		);
		expect(statement.sharedCents).toBe(200_000);
		// Half-days 6 : 3 : 2 of 11 → 109 090.9…, 54 545.4…, 36 363.6… → the cents go to A and C.
		expect(statement.allHalfDays).toBe(11);
		expect(of(statement, 'A').totalCents).toBe(109_091);
		expect(of(statement, 'B').totalCents).toBe(54_545);
		expect(of(statement, 'C').totalCents).toBe(36_364);
		expect(statement.billedCents).toBe(200_000);
		expect(of(statement, 'A').lines).toEqual([
			{
				kind: 'cost_share',
				termsId: 'a1',
				halfDays: 6,
				allHalfDays: 11,
				sharedCents: 200_000,
				amountCents: 109_091
			}
		]);
		expect(of(statement, 'A').people).toEqual([
			{ userId: 'ana', halfDays: 4 },
			{ userId: 'alix', halfDays: 2 }
		]);
	});

	it('counts the days of companies under other models in the denominator, and bills them their own way', () => {
		const statement = computeMonthStatement(
			month([
				company('A', [costShare('a1', '2026-01-01')], [person('ana', { '2026-11-02': 2 })]),
				company('B', [fixed('b1', '2026-01-01', 50_000)], [person('bea', { '2026-11-02': 2 })])
			])
		);
		expect(of(statement, 'A').totalCents).toBe(150_000);
		expect(of(statement, 'B').lines).toEqual([
			{
				kind: 'fixed',
				termsId: 'b1',
				daysInForce: 30,
				daysInMonth: 30,
				fixedMonthlyCents: 50_000,
				amountCents: 50_000
			}
		]);
	});

	it('applies a monthly cap as its own line', () => {
		const statement = computeMonthStatement(
			month([
				company(
					'A',
					[costShare('a1', '2026-01-01', { monthlyCapCents: 100_000 })],
					[person('ana', { '2026-11-02': 2 })]
				),
				company('B', [costShare('b1', '2026-01-01')], [person('bea', { '2026-11-03': 2 })])
			])
		);
		expect(of(statement, 'A').lines.map((line) => [line.kind, line.amountCents])).toEqual([
			['cost_share', 150_000],
			['cap', -50_000]
		]);
		expect(of(statement, 'A').totalCents).toBe(100_000);
		expect(of(statement, 'B').totalCents).toBe(150_000);
	});

	it('bills a change of terms mid-month under each version for its own days', () => {
		// From the 16th, A moves from cost share to a day rate of 20 € / 12 € a half-day.
		const statement = computeMonthStatement(
			month([
				company(
					'A',
					[costShare('a1', '2026-01-01'), dayRate('a2', '2026-11-16', 2000, 1200)],
					[person('ana', { '2026-11-02': 2, '2026-11-17': 2, '2026-11-18': 1 })]
				),
				company('B', [costShare('b1', '2026-01-01')], [person('bea', { '2026-11-20': 2 })])
			])
		);
		// Denominator: A 2 + 3 halves, B 2 → 7. A's cost share covers its 2 halves before the 16th.
		expect(of(statement, 'A').lines).toEqual([
			{
				kind: 'cost_share',
				termsId: 'a1',
				halfDays: 2,
				allHalfDays: 7,
				sharedCents: 300_000,
				amountCents: 85_714
			},
			{
				kind: 'day_rate',
				termsId: 'a2',
				wholeDays: 1,
				halfDays: 1,
				dayRateCents: 2000,
				halfDayRateCents: 1200,
				amountCents: 3200
			}
		]);
		expect(of(statement, 'B').totalCents).toBe(85_714);
	});

	it('prorates a fixed amount over the calendar days it was in force, to the cent', () => {
		// 1 000 € fixed until the 10th, then a cost share: 10 of 30 days → 333.33… → 333.33 €.
		const statement = computeMonthStatement(
			month(
				[company('A', [fixed('a1', '2026-01-01', 100_000), costShare('a2', '2026-11-11')], [])],
				{ costCents: 0 }
			)
		);
		expect(of(statement, 'A').lines).toEqual([
			expect.objectContaining({ kind: 'fixed', daysInForce: 10, amountCents: 33_333 })
		]);
	});

	it('bills nothing outside the agreement dates', () => {
		const statement = computeMonthStatement(
			month([
				company(
					'A',
					[costShare('a1', '2026-11-10')],
					[person('ana', { '2026-11-02': 2, '2026-11-12': 2, '2026-11-25': 2 })],
					'2026-11-10',
					'2026-11-20'
				),
				company('B', [costShare('b1', '2026-01-01')], [person('bea', { '2026-11-02': 2 })])
			])
		);
		expect(of(statement, 'A').halfDays).toBe(2);
		expect(of(statement, 'A').people).toEqual([{ userId: 'ana', halfDays: 2 }]);
		expect(of(statement, 'A').totalCents).toBe(150_000);
	});
});

describe('closing a month: day rate and fixed', () => {
	it('bills whole days and half-days per person, capped', () => {
		const statement = computeMonthStatement(
			month([
				company(
					'A',
					[dayRate('a1', '2026-01-01', 2500, 1500, 6000)],
					[person('ana', { '2026-11-02': 2, '2026-11-03': 1 }), person('alix', { '2026-11-02': 1 })]
				)
			])
		);
		// 1 whole day and 2 half-days = 25 + 15 + 15 = 55 € under a 60 € cap: no cap line.
		expect(of(statement, 'A').lines).toEqual([
			expect.objectContaining({ kind: 'day_rate', wholeDays: 1, halfDays: 2, amountCents: 5500 })
		]);
		const capped = computeMonthStatement(
			month([
				company(
					'A',
					[dayRate('a1', '2026-01-01', 2500, 1500, 4000)],
					[person('ana', { '2026-11-02': 2, '2026-11-03': 2 })]
				)
			])
		);
		expect(of(capped, 'A').totalCents).toBe(4000);
	});

	it('bills a fixed amount in a month nobody came', () => {
		const statement = computeMonthStatement(
			month([company('A', [fixed('a1', '2026-01-01', 45_000)], [])])
		);
		expect(of(statement, 'A').totalCents).toBe(45_000);
	});
});

describe('closing a month nobody came to', () => {
	it('splits the costs equally between cost-share companies that chose to, the operator carries the others', () => {
		const statement = computeMonthStatement(
			month(
				[
					company('A', [costShare('a1', '2026-01-01')], []),
					company('B', [costShare('b1', '2026-01-01')], []),
					company('C', [costShare('c1', '2026-01-01', { emptyMonthRule: 'operator_carries' })], []),
					company('D', [dayRate('d1', '2026-01-01', 2000, 1000)], [])
				],
				{ costCents: 100_000 }
			)
		);
		// Three cost-share companies: parts of 333.34, 333.33, 333.33 €; C's part stays with the operator.
		expect(of(statement, 'A').totalCents).toBe(33_334);
		expect(of(statement, 'B').totalCents).toBe(33_333);
		expect(of(statement, 'C').lines).toEqual([
			{
				kind: 'empty_month',
				termsId: 'c1',
				rule: 'operator_carries',
				companies: 3,
				sharedCents: 100_000,
				amountCents: 0
			}
		]);
		expect(of(statement, 'D').lines).toEqual([]);
	});
});

describe('adjustments and funding', () => {
	it('bills every pending adjustment, with its reason, a company without an agreement too', () => {
		const statement = computeMonthStatement(
			month([company('A', [fixed('a1', '2026-01-01', 10_000)], [])], {
				adjustments: [
					{
						id: 'adj1',
						companyId: 'A',
						amountCents: -2500,
						reason: 'Wrong day',
						correctsMonth: '2026-10'
					},
					{
						id: 'adj2',
						companyId: 'gone',
						amountCents: 900,
						reason: 'Left',
						correctsMonth: '2026-10'
					}
				]
			})
		);
		expect(of(statement, 'A').totalCents).toBe(7500);
		expect(of(statement, 'A').lines[1]).toEqual({
			kind: 'adjustment',
			adjustmentId: 'adj1',
			correctsMonth: '2026-10',
			reason: 'Wrong day',
			amountCents: -2500
		});
		// 'gone' has no agreement this month (it left the house): its correction is billed all the
		// same, on a statement of its own with no share of the costs, and A's bill does not move.
		expect(of(statement, 'gone')).toEqual({
			companyId: 'gone',
			lines: [
				{
					kind: 'adjustment',
					adjustmentId: 'adj2',
					correctsMonth: '2026-10',
					reason: 'Left',
					amountCents: 900
				}
			],
			totalCents: 900,
			halfDays: 0,
			people: []
		});
		expect(statement.appliedAdjustmentIds).toEqual(['adj1', 'adj2']);
		expect(statement.billedCents).toBe(7500 + 900);
	});

	it('keeps the cost share of the companies under agreement the same with a leaver’s correction', () => {
		const companies = [
			company('A', [costShare('a1', '2026-01-01')], [person('ana', { '2026-11-02': 2 })]),
			company('B', [costShare('b1', '2026-01-01')], [person('bea', { '2026-11-03': 1 })])
		];
		const without = computeMonthStatement(month(companies, { costCents: 100_001 }));
		const withCredit = computeMonthStatement(
			month(companies, {
				costCents: 100_001,
				adjustments: [
					{ id: 'x', companyId: 'L', amountCents: -1, reason: 'Cent', correctsMonth: '2026-10' }
				]
			})
		);
		expect(withCredit.companies.slice(0, 2)).toEqual(without.companies);
		expect(withCredit.allHalfDays).toBe(without.allHalfDays);
		expect(withCredit.billedCents).toBe(100_001 - 1);
		expect(withCredit.companies.reduce((sum, c) => sum + c.totalCents, 0)).toBe(
			withCredit.billedCents
		);
	});

	it('computes funding as an amount or a percentage, never above the costs', () => {
		expect(fundingCents(100_000, { kind: 'percent', basisPoints: 3333 })).toBe(33_330);
		expect(fundingCents(100_001, { kind: 'percent', basisPoints: 5000 })).toBe(50_001);
		expect(fundingCents(100_000, { kind: 'amount', cents: 250_000 })).toBe(100_000);
		expect(fundingCents(100_000, null)).toBe(0);
	});

	it('shares add up to the shared amount to the cent over many random houses', () => {
		let seed = 7;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		for (let round = 0; round < 200; round += 1) {
			const companies = Array.from({ length: 1 + Math.floor(random() * 8) }, (_, c) =>
				company(
					`c${c}`,
					[costShare(`t${c}`, '2026-01-01')],
					Array.from({ length: Math.floor(random() * 6) }, (_, p) => {
						const days: Record<string, number> = {};
						for (let d = 1; d <= 30; d += 1) {
							if (random() < 0.4)
								days[`2026-11-${String(d).padStart(2, '0')}`] = 1 + Math.floor(random() * 2);
						}
						return person(`p${c}-${p}`, days);
					})
				)
			);
			const costCents = Math.floor(random() * 1_000_000);
			const statement = computeMonthStatement(month(companies, { costCents }));
			expect(statement.billedCents).toBe(costCents);
		}
	});
});
