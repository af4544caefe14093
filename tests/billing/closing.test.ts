// Closing a house's month on a real database, from check-ins to stored statements: what bills is
// what people checked in for, under the terms in force each day; a closed month never moves, and
// a correction is billed with the next month that closes.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { createOperator } from '../../src/lib/server/operators/operators';
import { listOperatorAudit } from '../../src/lib/server/operators/audit';
import {
	closeMonth,
	firstAgreementMonth,
	loadMonth,
	monthToClose
} from '../../src/lib/server/billing/closing';
import {
	addCostLine,
	copyLastMonthLines,
	deleteCostLine,
	monthCosts,
	setFunding,
	updateCostLine
} from '../../src/lib/server/billing/costs';
import {
	createAdjustment,
	listAdjustments,
	monthBillingCorrection
} from '../../src/lib/server/billing/adjustments';
import {
	companyStatement,
	networkMonthSummary,
	networkMonthTotals,
	operatorMonthView,
	operatorOpenMonthView
} from '../../src/lib/server/billing/statements';
import {
	addPerson,
	checkIn,
	makeAgreement,
	makeCompanyRow,
	makeOperatorHouse,
	makePerson,
	plan,
	usualWeek
} from './support';

const { db } = useTempDatabase();

/** Early November in Paris: October has ended there. */
const NOVEMBER = Date.parse('2026-11-02T10:00:00Z');
const DECEMBER = Date.parse('2026-12-02T10:00:00Z');

function setUp() {
	const officer = makePerson('Officer');
	const operator = createOperator(officer.id, 'Commune de Murat');
	const house = makeOperatorHouse(operator.id);
	const actor = { operatorId: operator.id, userId: officer.id };
	return { officer, operator, house, actor };
}

/** Two cost-share companies: Volcans 6 half-days on site in October, Lavoir 5. */
function twoCompanies(setup: ReturnType<typeof setUp>) {
	const { house, actor } = setup;
	const volcans = makeCompanyRow('Scop Volcans');
	const lavoir = makeCompanyRow('Atelier Lavoir');
	// From October: it is the first month to close.
	for (const company of [volcans, lavoir]) {
		makeAgreement(house, company.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});
	}
	const alice = addPerson(volcans.id, 'Alice Volcans');
	const bob = addPerson(volcans.id, 'Bob Volcans');
	const carol = addPerson(lavoir.id, 'Carol Lavoir');
	checkIn(house, volcans.id, alice.id, '2026-10-05');
	checkIn(house, volcans.id, alice.id, '2026-10-06');
	checkIn(house, volcans.id, alice.id, '2026-10-07', 'am');
	checkIn(house, volcans.id, bob.id, '2026-10-05', 'pm');
	checkIn(house, lavoir.id, carol.id, '2026-10-05');
	checkIn(house, lavoir.id, carol.id, '2026-10-06');
	checkIn(house, lavoir.id, carol.id, '2026-10-08', 'am');
	expect(
		addCostLine(actor, house, '2026-10', { category: 'rent', label: 'Loyer', amountCents: 150_000 })
	).toEqual({ ok: true });
	expect(
		addCostLine(actor, house, '2026-10', { category: 'energy', label: '', amountCents: 50_000 })
	).toEqual({ ok: true });
	return { volcans, lavoir, alice, bob, carol };
}

describe('closing a month', () => {
	it('bills each company its cost share of the half-days checked in, to the cent, and stores it', () => {
		const setup = setUp();
		const { house, actor } = setup;
		const { volcans, lavoir, alice, carol } = twoCompanies(setup);
		// None of these bill: a plan, a usual week, a company without an agreement, another house.
		plan(house, lavoir.id, carol.id, '2026-10-09');
		usualWeek(house, volcans.id, alice.id, 4, '2026-09-28');
		const stranger = makeCompanyRow('Sans convention');
		const dan = addPerson(stranger.id, 'Dan Stranger');
		checkIn(house, stranger.id, dan.id, '2026-10-05');
		const elsewhere = makeOperatorHouse(actor.operatorId);
		checkIn(elsewhere, volcans.id, alice.id, '2026-10-08');

		const result = closeMonth(actor, house, '2026-10', NOVEMBER);
		expect(result.ok).toBe(true);

		// 2 000,00 € × 6 ÷ 11 = 1 090,909… and × 5 ÷ 11 = 909,09…: the cent left goes to the
		// larger remainder, and the two add up to the costs exactly.
		const mine = companyStatement(volcans.id, house.id, '2026-10')!;
		expect(mine.totalCents).toBe(109_091);
		expect(mine.halfDays).toBe(6);
		expect(mine.lines).toEqual([
			expect.objectContaining({
				kind: 'cost_share',
				halfDays: 6,
				allHalfDays: 11,
				amountCents: 109_091
			})
		]);
		expect(mine.people).toEqual([
			{ userId: alice.id, name: 'Alice Volcans', halfDays: 5 },
			expect.objectContaining({ name: 'Bob Volcans', halfDays: 1 })
		]);
		const theirs = companyStatement(lavoir.id, house.id, '2026-10')!;
		expect(theirs.totalCents).toBe(90_909);
		expect(theirs.people).toEqual([{ userId: carol.id, name: 'Carol Lavoir', halfDays: 5 }]);
		expect(companyStatement(stranger.id, house.id, '2026-10')).toBeNull();
		expect(mine.monthTotals).toMatchObject({
			costCents: 200_000,
			fundingCents: 0,
			sharedCents: 200_000,
			allHalfDays: 11,
			billedCents: 200_000
		});
		expect(listOperatorAudit(actor.operatorId).map((event) => event.action)).toContain(
			'month.closed'
		);
	});

	it('takes the funding off before sharing, and refuses to close a month twice', () => {
		const setup = setUp();
		const { house, actor } = setup;
		const { volcans } = twoCompanies(setup);
		setFunding(actor, house, '2026-10', { kind: 'percent', basisPoints: 2500, label: 'Région' });
		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(true);
		expect(companyStatement(volcans.id, house.id, '2026-10')!.monthTotals.sharedCents).toBe(
			150_000
		);
		// 1 500,00 € × 6 ÷ 11 = 818,18…
		expect(companyStatement(volcans.id, house.id, '2026-10')!.totalCents).toBe(81_818);
		expect(closeMonth(actor, house, '2026-10', NOVEMBER)).toEqual({
			ok: false,
			reason: 'already_closed'
		});
	});

	it('refuses a month that has not ended on the house’s clock', () => {
		const { house, actor } = setUp();
		makeAgreement(house, makeCompanyRow('Scop Volcans').id, {
			startDate: '2026-11-10',
			terms: [{ validFrom: '2026-11-10' }]
		});
		// 23:00 on 30 November in Paris (UTC+1): November is not over there yet.
		expect(closeMonth(actor, house, '2026-11', Date.parse('2026-11-30T22:00:00Z'))).toEqual({
			ok: false,
			reason: 'not_ended'
		});
		expect(closeMonth(actor, house, '2026-12', NOVEMBER)).toEqual({
			ok: false,
			reason: 'not_ended'
		});
		expect(closeMonth(actor, house, '2026-13', DECEMBER)).toEqual({
			ok: false,
			reason: 'invalid_month'
		});
		// 00:30 on 1 December in Paris: it has.
		expect(closeMonth(actor, house, '2026-11', Date.parse('2026-11-30T23:30:00Z')).ok).toBe(true);
	});

	it('closes ended months from the month of the house’s first agreement, in order, and offers the next one only', () => {
		const { house, actor } = setUp();
		const midDecember = Date.parse('2026-12-15T10:00:00Z');
		// No agreement yet: nothing to close, nothing offered.
		expect(firstAgreementMonth(house.id)).toBeNull();
		expect(monthToClose(house, midDecember)).toBeNull();
		expect(closeMonth(actor, house, '2026-10', midDecember)).toEqual({
			ok: false,
			reason: 'before_first_agreement'
		});
		const volcans = makeCompanyRow('Scop Volcans');
		makeAgreement(house, volcans.id, {
			startDate: '2026-09-20',
			endDate: '2026-09-30',
			terms: [{ validFrom: '2026-09-20' }]
		});
		makeAgreement(house, volcans.id, {
			startDate: '2026-11-01',
			terms: [{ validFrom: '2026-11-01' }]
		});
		addCostLine(actor, house, '2026-11', { category: 'rent', label: 'Loyer', amountCents: 10_000 });
		// The first agreement's month (even ended) first; the ended months after it wait.
		expect(monthToClose(house, midDecember)).toEqual({
			month: '2026-09',
			costLines: 0,
			laterEnded: 2,
			lastEnded: '2026-11'
		});
		expect(closeMonth(actor, house, '2026-08', midDecember)).toEqual({
			ok: false,
			reason: 'before_first_agreement'
		});
		expect(closeMonth(actor, house, '2026-12', midDecember)).toEqual({
			ok: false,
			reason: 'not_ended'
		});
		// A later month names the one to close first, and nothing of it is stored.
		for (const month of ['2026-10', '2026-11']) {
			expect(closeMonth(actor, house, month, midDecember)).toEqual({
				ok: false,
				reason: 'earlier_month_open',
				closeFirst: '2026-09'
			});
		}
		expect(operatorMonthView(house.id, '2026-11')).toBeNull();
		expect(listOperatorAudit(actor.operatorId).map((event) => event.action)).not.toContain(
			'month.closed'
		);

		expect(closeMonth(actor, house, '2026-09', midDecember).ok).toBe(true);
		// October had no agreement in force: it bills nothing, and closes all the same.
		expect(monthToClose(house, midDecember)).toMatchObject({ month: '2026-10', laterEnded: 1 });
		expect(closeMonth(actor, house, '2026-11', midDecember)).toMatchObject({
			reason: 'earlier_month_open',
			closeFirst: '2026-10'
		});
		expect(closeMonth(actor, house, '2026-10', midDecember).ok).toBe(true);
		expect(monthToClose(house, midDecember)).toEqual({
			month: '2026-11',
			costLines: 1,
			laterEnded: 0,
			lastEnded: '2026-11'
		});
		expect(closeMonth(actor, house, '2026-09', midDecember)).toEqual({
			ok: false,
			reason: 'already_closed'
		});
		expect(closeMonth(actor, house, '2026-11', midDecember).ok).toBe(true);
		expect(monthToClose(house, midDecember)).toBeNull();
	});

	it('offers one month of a long agreement with nothing closed, and counts the rest', () => {
		const { house } = setUp();
		makeAgreement(house, makeCompanyRow('Scop Volcans').id, {
			startDate: '2020-01-15',
			terms: [{ validFrom: '2020-01-15' }]
		});
		// February 2020 to November 2026 wait after January 2020.
		expect(monthToClose(house, DECEMBER)).toEqual({
			month: '2020-01',
			costLines: 0,
			laterEnded: 11 + 5 * 12 + 11,
			lastEnded: '2026-11'
		});
	});

	it('closes a month with no running costs after the confirm: it bills no share, and the next month follows', () => {
		const setup = setUp();
		const { house, actor } = setup;
		const { volcans } = twoCompanies(setup);
		const fixed = makeCompanyRow('Forfait');
		makeAgreement(house, fixed.id, {
			startDate: '2026-09-01',
			terms: [{ validFrom: '2026-09-01', model: 'fixed', fixedMonthlyCents: 40_000 }]
		});
		// September: no cost entered. It still closes, and bills no share of the costs — the fixed
		// amount is billed all the same — so October, which has costs, can follow.
		expect(monthToClose(house, DECEMBER)).toMatchObject({ month: '2026-09', costLines: 0 });
		expect(closeMonth(actor, house, '2026-10', DECEMBER)).toMatchObject({
			reason: 'earlier_month_open',
			closeFirst: '2026-09'
		});
		const september = closeMonth(actor, house, '2026-09', DECEMBER);
		expect(
			september.ok && [september.statement.costCents, september.statement.billedCents]
		).toEqual([0, 40_000]);
		expect(monthToClose(house, DECEMBER)).toMatchObject({ month: '2026-10', costLines: 2 });
		expect(closeMonth(actor, house, '2026-10', DECEMBER).ok).toBe(true);
		expect(companyStatement(volcans.id, house.id, '2026-10')!.totalCents).toBeGreaterThan(0);
	});

	it('keeps months closed out of order before the rule working: the earliest open month closes first', () => {
		const { house, actor } = setUp();
		const volcans = makeCompanyRow('Scop Volcans');
		makeAgreement(house, volcans.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});
		addCostLine(actor, house, '2026-10', { category: 'rent', label: '', amountCents: 10_000 });
		expect(closeMonth(actor, house, '2026-10', DECEMBER).ok).toBe(true);
		// An agreement recorded afterwards from September: October is closed, September is not,
		// as when months could be closed in any order.
		makeAgreement(house, makeCompanyRow('Atelier Lavoir').id, {
			startDate: '2026-09-01',
			terms: [{ validFrom: '2026-09-01' }]
		});
		const correction = {
			companyId: volcans.id,
			correctsMonth: '2026-10',
			amountCents: 1_500,
			reason: 'Ménage oublié'
		};
		expect(createAdjustment(actor, house, correction)).toMatchObject({
			ok: true,
			billedWith: '2026-11'
		});
		expect(monthToClose(house, DECEMBER)).toMatchObject({ month: '2026-09', laterEnded: 1 });
		expect(closeMonth(actor, house, '2026-11', DECEMBER)).toMatchObject({
			reason: 'earlier_month_open',
			closeFirst: '2026-09'
		});
		expect(closeMonth(actor, house, '2026-09', DECEMBER).ok).toBe(true);
		// September bills no correction of October, which it precedes; November does.
		expect(listAdjustments(house)[0]).toMatchObject({ billedInMonth: null, billedWith: '2026-11' });
		expect(monthBillingCorrection(house, '2026-10')).toBe('2026-11');
		expect(monthToClose(house, DECEMBER)).toMatchObject({ month: '2026-11', laterEnded: 0 });
		expect(closeMonth(actor, house, '2026-11', DECEMBER).ok).toBe(true);
		expect(companyStatement(volcans.id, house.id, '2026-11')!.lines.at(-1)).toMatchObject({
			kind: 'adjustment',
			amountCents: 1_500
		});
	});

	it('never counts days after today, even checked in, nor plans, in a month still open', () => {
		const setup = setUp();
		const { house } = setup;
		const { volcans, alice } = twoCompanies(setup);
		checkIn(house, volcans.id, alice.id, '2026-10-20');
		plan(house, volcans.id, alice.id, '2026-10-12');
		const midMonth = Date.parse('2026-10-15T10:00:00Z');
		const loaded = loadMonth(house, '2026-10', db(), midMonth);
		const company = loaded.input.companies.find((c) => c.companyId === volcans.id)!;
		const aliceDays = company.people.find((p) => p.userId === alice.id)!.halvesByDate;
		expect([...aliceDays.keys()].sort()).toEqual(['2026-10-05', '2026-10-06', '2026-10-07']);
	});

	it('bills under the terms in force each day when they change mid-month', () => {
		const { house, actor } = setUp();
		const volcans = makeCompanyRow('Volcans');
		const lavoir = makeCompanyRow('Lavoir');
		const { termIds } = makeAgreement(house, volcans.id, {
			startDate: '2026-10-01',
			terms: [
				{ validFrom: '2026-10-01' },
				{ validFrom: '2026-10-16', model: 'day_rate', dayRateCents: 3000, halfDayRateCents: 1500 }
			]
		});
		makeAgreement(house, lavoir.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});
		const alice = addPerson(volcans.id, 'Alice');
		const carol = addPerson(lavoir.id, 'Carol');
		checkIn(house, volcans.id, alice.id, '2026-10-05');
		checkIn(house, volcans.id, alice.id, '2026-10-20');
		checkIn(house, volcans.id, alice.id, '2026-10-21', 'am');
		checkIn(house, lavoir.id, carol.id, '2026-10-05');
		checkIn(house, lavoir.id, carol.id, '2026-10-20', 'am');
		addCostLine(actor, house, '2026-10', { category: 'rent', label: '', amountCents: 100_000 });
		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(true);

		const mine = companyStatement(volcans.id, house.id, '2026-10')!;
		// 8 half-days in all: Volcans 2 under cost share (its 3 under the day rate are its part of
		// the rest, paid by the rate), Lavoir 3.
		const share = mine.lines.find((line) => line.kind === 'cost_share');
		expect(share).toMatchObject({
			termsId: termIds[0],
			halfDays: 2,
			allHalfDays: 8,
			amountCents: 25_000
		});
		expect(mine.lines.find((line) => line.kind === 'day_rate')).toMatchObject({
			termsId: termIds[1],
			wholeDays: 1,
			halfDays: 1,
			amountCents: 4500
		});
		expect(mine.totalCents).toBe(29_500);
		expect(companyStatement(lavoir.id, house.id, '2026-10')!.totalCents).toBe(37_500);
	});

	it('follows each agreement’s rule in a month nobody came, and bills a fixed amount anyway', () => {
		const { house, actor } = setUp();
		const sharing = makeCompanyRow('Partage');
		const carried = makeCompanyRow('Portée');
		const fixed = makeCompanyRow('Forfait');
		makeAgreement(house, sharing.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});
		makeAgreement(house, carried.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01', emptyMonthRule: 'operator_carries' }]
		});
		makeAgreement(house, fixed.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01', model: 'fixed', fixedMonthlyCents: 40_000 }]
		});
		addCostLine(actor, house, '2026-10', { category: 'rent', label: '', amountCents: 90_000 });
		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(true);
		expect(companyStatement(sharing.id, house.id, '2026-10')).toMatchObject({
			totalCents: 45_000,
			halfDays: 0,
			people: []
		});
		expect(companyStatement(carried.id, house.id, '2026-10')!.totalCents).toBe(0);
		expect(companyStatement(fixed.id, house.id, '2026-10')!.totalCents).toBe(40_000);
	});
});

describe('a closed month', () => {
	it('refuses changes to its costs and funding with an answer, and lends its lines to the next', () => {
		const setup = setUp();
		const { house, actor } = setup;
		twoCompanies(setup);
		const [line] = monthCosts(house.id, '2026-10').lines;
		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(true);
		const closed = { ok: false, reason: 'closed' };
		const input = { category: 'rent' as const, label: '', amountCents: 1 };
		expect(addCostLine(actor, house, '2026-10', input)).toEqual(closed);
		expect(updateCostLine(actor, house, '2026-10', line.id, input)).toEqual(closed);
		expect(deleteCostLine(actor, house, '2026-10', line.id)).toEqual(closed);
		expect(setFunding(actor, house, '2026-10', null)).toEqual(closed);
		expect(monthCosts(house.id, '2026-10')).toMatchObject({ costCents: 200_000, closed: true });

		expect(copyLastMonthLines(actor, house, '2026-11')).toEqual({
			ok: true,
			copied: 2,
			alreadyThere: 0
		});
		expect(monthCosts(house.id, '2026-11')).toMatchObject({ costCents: 200_000, closed: false });
		// A line of another month is not this month's to change.
		expect(deleteCostLine(actor, house, '2026-11', line.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});

	it('is corrected by an adjustment billed with the next month that closes', () => {
		const setup = setUp();
		const { house, actor } = setup;
		const { volcans, lavoir } = twoCompanies(setup);
		const correction = {
			companyId: volcans.id,
			correctsMonth: '2026-10',
			amountCents: -5_000,
			reason: 'Panne de chauffage le 6'
		};
		expect(createAdjustment(actor, house, correction)).toEqual({ ok: false, reason: 'month_open' });
		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(true);
		expect(
			createAdjustment(actor, house, { ...correction, companyId: makeCompanyRow('Autre').id })
		).toEqual({ ok: false, reason: 'unknown_company' });
		// Recorded, it names the month that will bill it: November, the next to close.
		expect(createAdjustment(actor, house, correction)).toMatchObject({
			ok: true,
			billedWith: '2026-11'
		});
		expect(listAdjustments(house)).toEqual([
			expect.objectContaining({
				companyName: 'Scop Volcans',
				amountCents: -5_000,
				billedInMonth: null
			})
		]);
		// October itself does not move.
		expect(companyStatement(volcans.id, house.id, '2026-10')!.totalCents).toBe(109_091);

		copyLastMonthLines(actor, house, '2026-11');
		expect(closeMonth(actor, house, '2026-11', DECEMBER).ok).toBe(true);
		const november = companyStatement(volcans.id, house.id, '2026-11')!;
		// Nobody came in November: the costs split equally, then the credit.
		expect(november.lines.at(-1)).toMatchObject({
			kind: 'adjustment',
			correctsMonth: '2026-10',
			reason: 'Panne de chauffage le 6',
			amountCents: -5_000
		});
		expect(november.totalCents).toBe(100_000 - 5_000);
		expect(companyStatement(lavoir.id, house.id, '2026-11')!.totalCents).toBe(100_000);
		expect(listAdjustments(house)[0].billedInMonth).toBe('2026-11');
		expect(listOperatorAudit(actor.operatorId).map((event) => event.action)).toContain(
			'adjustment.created'
		);
	});

	it('bills a correction in the month its form named when the company has left the house', () => {
		const setup = setUp();
		const { house, actor } = setup;
		const volcans = makeCompanyRow('Scop Volcans');
		const lavoir = makeCompanyRow('Atelier Lavoir');
		// Volcans leaves at the end of October; Lavoir stays.
		makeAgreement(house, volcans.id, {
			startDate: '2026-10-01',
			endDate: '2026-10-31',
			terms: [{ validFrom: '2026-10-01' }]
		});
		makeAgreement(house, lavoir.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});
		const alice = addPerson(volcans.id, 'Alice Volcans');
		const carol = addPerson(lavoir.id, 'Carol Lavoir');
		checkIn(house, volcans.id, alice.id, '2026-10-05');
		checkIn(house, lavoir.id, carol.id, '2026-10-05');
		checkIn(house, lavoir.id, carol.id, '2026-11-03');
		checkIn(house, lavoir.id, carol.id, '2026-11-04', 'am');
		addCostLine(actor, house, '2026-10', { category: 'rent', label: '', amountCents: 100_001 });
		addCostLine(actor, house, '2026-11', { category: 'rent', label: '', amountCents: 100_001 });
		setFunding(actor, house, '2026-11', { kind: 'amount', amountCents: 333, label: 'Commune' });
		expect(closeMonth(actor, house, '2026-10', DECEMBER).ok).toBe(true);

		const correction = {
			companyId: volcans.id,
			correctsMonth: '2026-10',
			amountCents: 4_999,
			reason: 'Ménage du 5 oublié'
		};
		// The form tells the operator November bills it…
		expect(createAdjustment(actor, house, correction)).toMatchObject({
			ok: true,
			billedWith: '2026-11'
		});
		// …and what November would bill Lavoir without it, to check that nothing else moves.
		const withoutCorrection = loadMonth(house, '2026-11', db(), DECEMBER);
		expect(withoutCorrection.input.companies.map((c) => c.companyId)).toEqual([lavoir.id]);

		const closed = closeMonth(actor, house, '2026-11', DECEMBER);
		expect(closed.ok).toBe(true);
		// …and November bills it: a statement for Volcans with the correction only, no share.
		const volcansNovember = companyStatement(volcans.id, house.id, '2026-11')!;
		expect(volcansNovember).toMatchObject({
			companyName: 'Scop Volcans',
			totalCents: 4_999,
			halfDays: 0,
			people: [],
			underAgreement: false
		});
		expect(volcansNovember.lines).toEqual([
			{
				kind: 'adjustment',
				adjustmentId: expect.any(String),
				correctsMonth: '2026-10',
				reason: 'Ménage du 5 oublié',
				amountCents: 4_999
			}
		]);
		expect(listAdjustments(house)[0]).toMatchObject({
			billedInMonth: '2026-11',
			billedWith: '2026-11'
		});
		// Lavoir takes the whole shared cost, as it would have without the correction.
		const lavoirNovember = companyStatement(lavoir.id, house.id, '2026-11')!;
		expect(lavoirNovember.lines).toEqual([
			{
				kind: 'cost_share',
				termsId: expect.any(String),
				halfDays: 3,
				allHalfDays: 3,
				sharedCents: 99_668,
				amountCents: 99_668
			}
		]);
		expect(lavoirNovember).toMatchObject({ totalCents: 99_668, underAgreement: true });
		// The month's totals add up to the cent: the shared costs plus the correction.
		const view = operatorMonthView(house.id, '2026-11')!;
		expect(view.totals).toMatchObject({
			costCents: 100_001,
			fundingCents: 333,
			sharedCents: 99_668,
			allHalfDays: 3,
			billedCents: 99_668 + 4_999
		});
		expect(
			view.statements.map((s) => [s.companyName, s.halfDays, s.totalCents, s.underAgreement])
		).toEqual([
			['Atelier Lavoir', 3, 99_668, true],
			['Scop Volcans', 0, 4_999, false]
		]);
		expect(view.statements.reduce((sum, s) => sum + s.totalCents, 0)).toBe(view.totals.billedCents);
		expect(networkMonthSummary(actor.operatorId, '2026-11')[0]).toMatchObject({
			closed: true,
			billedCents: 99_668 + 4_999,
			halfDays: 3
		});
		// October, closed before, does not move.
		expect(companyStatement(lavoir.id, house.id, '2026-10')!.totalCents).toBe(50_001);
		expect(companyStatement(volcans.id, house.id, '2026-10')).toMatchObject({
			totalCents: 50_000,
			underAgreement: true
		});
		// Nothing is left pending, and December bills nothing more to Volcans.
		expect(closeMonth(actor, house, '2026-12', Date.parse('2027-01-02T10:00:00Z')).ok).toBe(true);
		expect(companyStatement(volcans.id, house.id, '2026-12')).toBeNull();
	});
});

describe('what the operator sees', () => {
	it('counts and figures of a closed month, and the network’s month, without a single name', () => {
		const setup = setUp();
		const { house, actor } = setup;
		const { volcans, alice } = twoCompanies(setup);
		const open = makeOperatorHouse(actor.operatorId, { name: 'Zz Maison ouverte' });
		const openCompany = makeCompanyRow('Ouverte');
		makeAgreement(open, openCompany.id, {
			startDate: '2026-10-10',
			terms: [{ validFrom: '2026-10-10' }]
		});
		const erin = addPerson(openCompany.id, 'Erin');
		checkIn(open, openCompany.id, erin.id, '2026-10-05'); // before its agreement
		checkIn(open, openCompany.id, erin.id, '2026-10-12');
		checkIn(open, openCompany.id, erin.id, '2026-10-13', 'am');
		checkIn(open, volcans.id, alice.id, '2026-10-13'); // no agreement there
		addCostLine(actor, open, '2026-10', { category: 'rent', label: '', amountCents: 30_000 });
		setFunding(actor, open, '2026-10', { kind: 'amount', amountCents: 10_000, label: 'Commune' });
		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(true);

		const view = operatorMonthView(house.id, '2026-10')!;
		expect(view.statements.map((s) => [s.companyName, s.halfDays, s.totalCents])).toEqual([
			['Atelier Lavoir', 5, 90_909],
			['Scop Volcans', 6, 109_091]
		]);
		expect(JSON.stringify(view)).not.toMatch(/Alice|Bob|Carol/);

		const summary = networkMonthSummary(actor.operatorId, '2026-10');
		expect(summary.map((row) => row.name)).toEqual([house.name, 'Zz Maison ouverte']);
		expect(summary[0]).toMatchObject({
			closed: true,
			costCents: 200_000,
			billedCents: 200_000,
			halfDays: 11
		});
		expect(summary[1]).toMatchObject({
			closed: false,
			costCents: 30_000,
			fundingCents: 10_000,
			sharedCents: 20_000,
			billedCents: null,
			halfDays: 3
		});
		expect(JSON.stringify(summary)).not.toMatch(/Alice|Erin/);

		// The open house's month as its page shows it: the same figures, per company, no name.
		const openView = operatorOpenMonthView(open.id, '2026-10');
		expect(openView).toEqual({
			costCents: 30_000,
			costLines: 1,
			fundingCents: 10_000,
			fundingLabel: 'Commune',
			sharedCents: 20_000,
			halfDays: 3,
			companies: [{ companyId: openCompany.id, companyName: 'Ouverte', halfDays: 3 }]
		});
		expect(JSON.stringify(openView)).not.toMatch(/Alice|Erin/);
	});

	it('the network’s month: nothing to close before any agreement, nothing billed before closing', () => {
		const setup = setUp();
		const { house, actor } = setup;
		twoCompanies(setup); // agreements from October
		const empty = makeOperatorHouse(actor.operatorId, { name: 'Zz Maison sans convention' });
		addCostLine(actor, empty, '2026-10', { category: 'rent', label: '', amountCents: 10_000 });
		const states = (month: string) =>
			networkMonthSummary(actor.operatorId, month).map((row) => [row.name, row.state]);

		expect(states('2026-09')).toEqual([
			[house.name, 'none'],
			['Zz Maison sans convention', 'none']
		]);
		let october = networkMonthSummary(actor.operatorId, '2026-10');
		expect(states('2026-10')).toEqual([
			[house.name, 'open'],
			['Zz Maison sans convention', 'none']
		]);
		// Open, nothing is billed yet: the totals say so as each row does, not "0,00 €".
		expect(networkMonthTotals(october)).toMatchObject({
			costCents: 210_000,
			billedCents: null,
			stillOpen: 1
		});

		expect(closeMonth(actor, house, '2026-10', NOVEMBER).ok).toBe(true);
		october = networkMonthSummary(actor.operatorId, '2026-10');
		expect(states('2026-10')).toEqual([
			[house.name, 'closed'],
			['Zz Maison sans convention', 'none']
		]);
		expect(networkMonthTotals(october)).toMatchObject({ billedCents: 200_000, stillOpen: 0 });
	});
});
