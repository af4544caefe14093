// The corrections an open month will bill, as its operator page lists them: exactly those its
// closing adds to the statements, and on no other month's page.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { createOperator } from '../../src/lib/server/operators/operators';
import { closeMonth, loadMonth } from '../../src/lib/server/billing/closing';
import { addCostLine } from '../../src/lib/server/billing/costs';
import { correctionsBilledWith, createAdjustment } from '../../src/lib/server/billing/adjustments';
import {
	addPerson,
	checkIn,
	makeAgreement,
	makeCompanyRow,
	makeOperatorHouse,
	makePerson
} from './support';

const { db } = useTempDatabase();

/** Early December in Paris: October and November have ended there. */
const DECEMBER = Date.parse('2026-12-02T10:00:00Z');

/** A house with two companies since October, October closed. */
function octoberClosed() {
	const officer = makePerson('Officer');
	const operator = createOperator(officer.id, 'Commune de Murat');
	const house = makeOperatorHouse(operator.id);
	const actor = { operatorId: operator.id, userId: officer.id };
	const volcans = makeCompanyRow('Scop Volcans');
	const lavoir = makeCompanyRow('Atelier Lavoir');
	for (const company of [volcans, lavoir]) {
		makeAgreement(house, company.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});
		checkIn(house, company.id, addPerson(company.id, `Quelqu’un ${company.name}`).id, '2026-10-05');
	}
	addCostLine(actor, house, '2026-10', { category: 'rent', label: '', amountCents: 100_000 });
	expect(closeMonth(actor, house, '2026-10', DECEMBER).ok).toBe(true);
	return { house, actor, volcans, lavoir };
}

describe('the corrections an open month will bill', () => {
	it('are the pending corrections its closing bills, in its order, on its page only', () => {
		const { house, actor, volcans, lavoir } = octoberClosed();
		expect(correctionsBilledWith(house, '2026-11')).toEqual([]);
		const heating = { correctsMonth: '2026-10', amountCents: -5_000, reason: 'Panne de chauffage' };
		const cleaning = { correctsMonth: '2026-10', amountCents: 2_050, reason: 'Ménage oublié' };
		expect(createAdjustment(actor, house, { companyId: volcans.id, ...heating }).ok).toBe(true);
		expect(createAdjustment(actor, house, { companyId: lavoir.id, ...cleaning }).ok).toBe(true);

		const pending = correctionsBilledWith(house, '2026-11');
		expect(pending).toHaveLength(2);
		expect(pending).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ companyName: 'Scop Volcans', ...heating, billedInMonth: null }),
				expect.objectContaining({ companyName: 'Atelier Lavoir', ...cleaning, billedInMonth: null })
			])
		);
		// What closing November would bill, to the row and in its order (two rows may share a
		// millisecond: the ids then decide, in both).
		const closing = loadMonth(house, '2026-11', db(), DECEMBER).input.adjustments;
		expect(pending.map((row) => row.id)).toEqual(closing.map((row) => row.id));
		// December is open too, but November bills them first; October is closed.
		expect(correctionsBilledWith(house, '2026-12')).toEqual([]);
		expect(correctionsBilledWith(house, '2026-10')).toEqual([]);

		// Once November has billed them, no open month lists them any more.
		expect(closeMonth(actor, house, '2026-11', DECEMBER).ok).toBe(true);
		expect(correctionsBilledWith(house, '2026-11')).toEqual([]);
		expect(correctionsBilledWith(house, '2026-12')).toEqual([]);
	});
});
