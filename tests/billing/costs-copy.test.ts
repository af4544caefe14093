// "Copy last month's lines" pressed twice (a double click, a form posted again) must not bill the
// companies twice: a line the month already has is not copied again.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { createOperator } from '../../src/lib/server/operators/operators';
import { listOperatorAudit } from '../../src/lib/server/operators/audit';
import {
	addCostLine,
	copyLastMonthLines,
	deleteCostLine,
	monthCosts
} from '../../src/lib/server/billing/costs';
import { makeOperatorHouse, makePerson } from './support';

useTempDatabase();

function setUp() {
	const officer = makePerson('Officer');
	const operator = createOperator(officer.id, 'Commune de Murat');
	const house = makeOperatorHouse(operator.id);
	const actor = { operatorId: operator.id, userId: officer.id };
	return { house, actor };
}

describe('copying last month’s lines', () => {
	it('copies them once: pressed again, it adds nothing and says they are already there', () => {
		const { house, actor } = setUp();
		addCostLine(actor, house, '2026-12', {
			category: 'rent',
			label: 'Loyer',
			amountCents: 100_000
		});
		addCostLine(actor, house, '2026-12', {
			category: 'energy',
			label: 'EDF',
			amountCents: 28_383
		});
		expect(copyLastMonthLines(actor, house, '2027-01')).toEqual({
			ok: true,
			copied: 2,
			alreadyThere: 0
		});
		expect(monthCosts(house.id, '2027-01').costCents).toBe(128_383);
		expect(copyLastMonthLines(actor, house, '2027-01')).toEqual({
			ok: true,
			copied: 0,
			alreadyThere: 2
		});
		expect(monthCosts(house.id, '2027-01').costCents).toBe(128_383);
		// Only the copy that added lines is in the log.
		const copies = listOperatorAudit(actor.operatorId).filter(
			(event) => event.action === 'costs.changed' && event.details?.change === 'copied'
		);
		expect(copies).toHaveLength(1);
	});

	it('adds only the lines missing, one for one: two identical lines last month stay two', () => {
		const { house, actor } = setUp();
		const cleaning = { category: 'cleaning' as const, label: 'Ménage', amountCents: 5_000 };
		addCostLine(actor, house, '2026-12', cleaning);
		addCostLine(actor, house, '2026-12', cleaning);
		addCostLine(actor, house, '2026-12', { category: 'rent', label: 'Loyer', amountCents: 90_000 });
		// January already has one cleaning line, and a rent of another amount.
		addCostLine(actor, house, '2027-01', cleaning);
		addCostLine(actor, house, '2027-01', { category: 'rent', label: 'Loyer', amountCents: 95_000 });
		expect(copyLastMonthLines(actor, house, '2027-01')).toEqual({
			ok: true,
			copied: 2,
			alreadyThere: 1
		});
		const january = monthCosts(house.id, '2027-01');
		expect(january.lines.filter((line) => line.category === 'cleaning')).toHaveLength(2);
		expect(january.costCents).toBe(5_000 * 2 + 95_000 + 90_000);
		// A line deleted after the copy comes back with the next one, and only it.
		deleteCostLine(actor, house, '2027-01', january.lines.at(-1)!.id);
		expect(copyLastMonthLines(actor, house, '2027-01')).toEqual({
			ok: true,
			copied: 1,
			alreadyThere: 2
		});
		expect(monthCosts(house.id, '2027-01').costCents).toBe(january.costCents);
	});
});

describe('adding a cost line', () => {
	it('adds it once per form: the same form sent twice adds and logs one line', () => {
		const { house, actor } = setUp();
		const rent = { category: 'rent' as const, label: 'Loyer', amountCents: 100_000 };
		expect(addCostLine(actor, house, '2026-12', rent, 'form0001')).toEqual({ ok: true });
		expect(addCostLine(actor, house, '2026-12', rent, 'form0001')).toEqual({ ok: true });
		expect(monthCosts(house.id, '2026-12').costCents).toBe(100_000);
		// The next form (a new id) adds the same cost again, as asked.
		expect(addCostLine(actor, house, '2026-12', rent, 'form0002')).toEqual({ ok: true });
		expect(monthCosts(house.id, '2026-12').costCents).toBe(200_000);
		const added = listOperatorAudit(actor.operatorId).filter(
			(event) => event.action === 'costs.changed' && event.details?.change === 'added'
		);
		expect(added).toHaveLength(2);
	});
});
