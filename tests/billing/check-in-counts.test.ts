// The one rule for what a check-in counts (a `day` row two half-days, `am`/`pm` one) and the one
// query that counts a month of them, which the closing, the network's month and the operator's
// house views share; and that SQLite answers it through the partial index day_plans_check_ins_idx
// (the operator's month figures over a network read it).
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { createOperator } from '../../src/lib/server/operators/operators';
import {
	checkInCounts,
	checkInCountsQuery,
	HALVES_OF_ROW
} from '../../src/lib/server/presence/plans';
import {
	addPerson,
	checkIn,
	makeAgreement,
	makeCompanyRow,
	makeOperatorHouse,
	plan
} from './support';

const { db } = useTempDatabase();

function setUp() {
	const owner = addPerson(makeCompanyRow('Owner co').id, 'Officer');
	const operator = createOperator(owner.id, 'Réseau des Monts');
	const house = makeOperatorHouse(operator.id);
	const company = makeCompanyRow('Scierie');
	const anna = addPerson(company.id, 'Anna');
	const bruno = addPerson(company.id, 'Bruno');
	return { house, company, anna, bruno };
}

describe('check-in counts', () => {
	it('counts a day two half-days and a morning or an afternoon one, plans never', () => {
		expect(HALVES_OF_ROW).toEqual({ day: 2, am: 1, pm: 1 });
		const { house, company, anna, bruno } = setUp();
		checkIn(house, company.id, anna.id, '2026-10-05', 'day');
		checkIn(house, company.id, bruno.id, '2026-10-05', 'am');
		checkIn(house, company.id, bruno.id, '2026-10-06', 'am');
		checkIn(house, company.id, bruno.id, '2026-10-06', 'pm');
		plan(house, company.id, anna.id, '2026-10-07');
		const scope = { houseIds: [house.id], from: '2026-10-01', to: '2026-10-31' };
		expect(checkInCounts(scope)).toEqual([
			{ houseId: house.id, companyId: null, userId: null, date: null, halfDays: 5, people: 2 }
		]);
		const perPersonDate = checkInCounts(scope, { company: true, user: true, date: true });
		expect(
			perPersonDate
				.map((row) => [row.userId === anna.id ? 'anna' : 'bruno', row.date, row.halfDays])
				.sort()
		).toEqual([
			['anna', '2026-10-05', 2],
			['bruno', '2026-10-05', 1],
			['bruno', '2026-10-06', 2]
		]);
	});

	it('counts under an agreement once per date, whichever of a company’s agreements covers it', () => {
		const { house, company, anna } = setUp();
		makeAgreement(house, company.id, {
			startDate: '2026-09-01',
			endDate: '2026-10-10',
			terms: [{ validFrom: '2026-09-01' }]
		});
		makeAgreement(house, company.id, {
			startDate: '2026-10-20',
			terms: [{ validFrom: '2026-10-20' }]
		});
		for (const date of ['2026-10-09', '2026-10-15', '2026-10-21'])
			checkIn(house, company.id, anna.id, date);
		const scope = { houseIds: [house.id], from: '2026-10-01', to: '2026-10-31' };
		// The 15th falls between the two agreements: it never bills.
		expect(checkInCounts({ ...scope, underAgreement: true })[0].halfDays).toBe(4);
		expect(checkInCounts(scope)[0].halfDays).toBe(6);
	});

	// A covering read (migration 0012 put checked_in_at and kind, which its condition reads, in
	// the index): only check-ins are walked, never the house's plans nor the table's rows.
	it('reads the month through day_plans_check_ins_idx alone', () => {
		const { house } = setUp();
		for (const [scope, by] of [
			[{ houseIds: [house.id], from: '2026-10-01', to: '2026-10-31' }, {}],
			[{ houseIds: [house.id], from: '2026-10-01', to: '2026-10-31', underAgreement: true }, {}],
			[{ houseIds: [house.id], from: '2026-10-01', to: '2026-10-31' }, { date: true }],
			[
				{ houseIds: [house.id], companyIds: ['x'], from: '2026-10-01', to: '2026-10-31' },
				{ company: true, user: true, date: true }
			]
		] as const) {
			const query = checkInCountsQuery(scope, by).toSQL();
			const steps = db()
				.$client.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
				.all(...(query.params as unknown[])) as Array<{ detail: string }>;
			const onDayPlans = steps.map((step) => step.detail).filter((d) => /day_plans/.test(d));
			expect(onDayPlans).toEqual([
				expect.stringMatching(/^SEARCH day_plans USING COVERING INDEX day_plans_check_ins_idx /)
			]);
		}
	});
});
