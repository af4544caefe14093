// Reading closed months back: the operator's view of a house's month and of its whole network
// (figures and counts only, never a person), and a company's own statement (its people included,
// for its owners' and managers' eyes only).
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { atHouseDuring } from '../agreements/in-force';
import { getDb, type Executor } from '../db';
import {
	agreements,
	companies,
	houseCostLines,
	houseFunding,
	houseMonths,
	houseStatements,
	houses,
	operators,
	type HouseMonth
} from '../db/schema';
import { datesOfMonth } from '../../zoned-time';
import { checkInCounts } from '../presence/plans';
import { fundingOf, monthCosts } from './costs';
import { fundingCents } from './month-statement';
import { byName, compareNames } from '../../name-order';

/** The house's closed months, newest first. */
export function closedMonths(houseId: string): HouseMonth[] {
	return getDb()
		.select()
		.from(houseMonths)
		.where(eq(houseMonths.houseId, houseId))
		.orderBy(desc(houseMonths.month))
		.all();
}

/**
 * The companies with an agreement at the house on at least one day of the month. A company billed
 * in a month without one had left the house: its statement holds only corrections of earlier
 * months (closing.ts). Agreements never start, end nor change within a closed month, so the
 * answer for a closed month stays what it was at closing.
 */
function companiesUnderAgreement(db: Executor, houseId: string, month: string): Set<string> {
	const dates = datesOfMonth(month);
	return new Set(
		db
			.selectDistinct({ companyId: agreements.companyId })
			.from(agreements)
			.where(atHouseDuring(houseId, dates[0], dates[dates.length - 1]))
			.all()
			.map((row) => row.companyId)
	);
}

/**
 * A closed month of the house as its operator sees it: the totals and each company's statement
 * (lines, total, half-days, and whether it had an agreement that month), without the people (the
 * column is never read here).
 */
export function operatorMonthView(houseId: string, month: string) {
	const db = getDb();
	const totals = db
		.select()
		.from(houseMonths)
		.where(and(eq(houseMonths.houseId, houseId), eq(houseMonths.month, month)))
		.get();
	if (!totals) return null;
	const statements = db
		.select({
			companyId: houseStatements.companyId,
			companyName: houseStatements.companyName,
			totalCents: houseStatements.totalCents,
			halfDays: houseStatements.halfDays,
			lines: houseStatements.lines
		})
		.from(houseStatements)
		.where(and(eq(houseStatements.houseId, houseId), eq(houseStatements.month, month)))
		.all()
		.sort((a, b) => compareNames(a.companyName, b.companyName));
	const underAgreement = companiesUnderAgreement(db, houseId, month);
	return {
		totals,
		statements: statements.map((statement) => ({
			...statement,
			underAgreement: underAgreement.has(statement.companyId)
		}))
	};
}

/**
 * A month of the house not closed yet, as its operator sees it: the costs and funding recorded
 * so far and each company's person-days checked in so far (the rule closing uses: check-ins on
 * dates an agreement of the company covers), for the companies with an agreement in force on
 * at least one day of it. Counts only: no person is read.
 */
export function operatorOpenMonthView(houseId: string, month: string) {
	const db = getDb();
	const costs = monthCosts(houseId, month, db);
	const dates = datesOfMonth(month);
	const first = dates[0];
	const last = dates[dates.length - 1];
	const companiesOfMonth = db
		.selectDistinct({ companyId: agreements.companyId, companyName: companies.name })
		.from(agreements)
		.innerJoin(companies, eq(companies.id, agreements.companyId))
		.where(atHouseDuring(houseId, first, last))
		.all()
		.sort((a, b) => compareNames(a.companyName, b.companyName));
	const halfDays = new Map(
		checkInCounts(
			{ houseIds: [houseId], from: first, to: last, underAgreement: true },
			{ company: true },
			db
		).map((row) => [row.companyId, row.halfDays])
	);
	const byCompany = companiesOfMonth.map((company) => ({
		...company,
		halfDays: halfDays.get(company.companyId) ?? 0
	}));
	return {
		costCents: costs.costCents,
		costLines: costs.lines.length,
		fundingCents: costs.fundingCents,
		fundingLabel: costs.funding?.label ?? null,
		sharedCents: costs.sharedCents,
		halfDays: byCompany.reduce((sum, company) => sum + company.halfDays, 0),
		companies: byCompany
	};
}

/** One company's statement for a closed month of a house, with its people; null if it has none. */
export function companyStatement(companyId: string, houseId: string, month: string) {
	const db = getDb();
	const statement = db
		.select()
		.from(houseStatements)
		.where(
			and(
				eq(houseStatements.companyId, companyId),
				eq(houseStatements.houseId, houseId),
				eq(houseStatements.month, month)
			)
		)
		.get();
	if (!statement) return null;
	const totals = db
		.select()
		.from(houseMonths)
		.where(and(eq(houseMonths.houseId, houseId), eq(houseMonths.month, month)))
		.get();
	if (!totals) return null;
	return {
		...statement,
		monthTotals: totals,
		/** false: the company had left the house; the statement bills corrections only. */
		underAgreement: companiesUnderAgreement(db, houseId, month).has(companyId)
	};
}

/** The company's statements at the house, newest first (totals only). */
export function companyStatementMonths(companyId: string, houseId: string) {
	return getDb()
		.select({
			month: houseStatements.month,
			totalCents: houseStatements.totalCents,
			halfDays: houseStatements.halfDays
		})
		.from(houseStatements)
		.where(and(eq(houseStatements.companyId, companyId), eq(houseStatements.houseId, houseId)))
		.orderBy(desc(houseStatements.month))
		.all();
}

export type NetworkHouseMonth = {
	houseId: string;
	name: string;
	commune: string;
	closed: boolean;
	/**
	 * Closed; open (to close, once over); or none: no agreement of the house had started by the
	 * month's end, so there is nothing to close (the months page offers none, as the network says).
	 */
	state: 'closed' | 'open' | 'none';
	costCents: number;
	fundingCents: number;
	sharedCents: number;
	/** What the closed month billed; null while it is open. */
	billedCents: number | null;
	/** Person-days on site under an agreement, in half-days (checked in so far, if open). */
	halfDays: number;
};

/**
 * The month across the operator's houses: each closed house's figures as closed, each open
 * one's as they stand (costs recorded and check-ins so far). A handful of grouped queries,
 * whatever the number of houses.
 */
export function networkMonthSummary(operatorId: string, month: string): NetworkHouseMonth[] {
	const db = getDb();
	const rows = db
		.select({ id: houses.id, name: houses.name, commune: houses.commune })
		.from(houses)
		.where(eq(houses.operatorId, operatorId))
		.all()
		.sort(byName);
	if (rows.length === 0) return [];
	const ids = rows.map((row) => row.id);
	const closed = new Map(
		db
			.select()
			.from(houseMonths)
			.where(and(inArray(houseMonths.houseId, ids), eq(houseMonths.month, month)))
			.all()
			.map((row) => [row.houseId, row])
	);
	const costs = new Map(
		db
			.select({
				houseId: houseCostLines.houseId,
				cents: sql<number>`sum(${houseCostLines.amountCents})`
			})
			.from(houseCostLines)
			.where(and(inArray(houseCostLines.houseId, ids), eq(houseCostLines.month, month)))
			.groupBy(houseCostLines.houseId)
			.all()
			.map((row) => [row.houseId, Number(row.cents)])
	);
	const funding = new Map(
		db
			.select()
			.from(houseFunding)
			.where(and(inArray(houseFunding.houseId, ids), eq(houseFunding.month, month)))
			.all()
			.map((row) => [row.houseId, row])
	);
	const dates = datesOfMonth(month);
	// Houses with an agreement started by the month's end: the others have nothing to close.
	const started = new Set(
		db
			.select({ houseId: agreements.houseId })
			.from(agreements)
			.where(and(inArray(agreements.houseId, ids), lte(agreements.startDate, dates.at(-1)!)))
			.groupBy(agreements.houseId)
			.all()
			.map((row) => row.houseId)
	);
	const openIds = ids.filter((id) => !closed.has(id));
	const halfDays = new Map<string, number>();
	if (openIds.length > 0) {
		// Same rule as closing: check-ins only, on dates an agreement of the company covers.
		const perHouse = checkInCounts({
			houseIds: openIds,
			from: dates[0],
			to: dates[dates.length - 1],
			underAgreement: true
		});
		for (const row of perHouse) halfDays.set(row.houseId, row.halfDays);
	}
	return rows.map((house) => {
		const done = closed.get(house.id);
		if (done) {
			return {
				houseId: house.id,
				name: house.name,
				commune: house.commune,
				closed: true,
				state: 'closed' as const,
				costCents: done.costCents,
				fundingCents: done.fundingCents,
				sharedCents: done.sharedCents,
				billedCents: done.billedCents,
				halfDays: done.allHalfDays
			};
		}
		const costCents = costs.get(house.id) ?? 0;
		const covered = fundingCents(costCents, fundingOf(funding.get(house.id)));
		return {
			houseId: house.id,
			name: house.name,
			commune: house.commune,
			closed: false,
			state: started.has(house.id) ? ('open' as const) : ('none' as const),
			costCents,
			fundingCents: covered,
			sharedCents: Math.max(0, costCents - covered),
			billedCents: null,
			halfDays: halfDays.get(house.id) ?? 0
		};
	});
}

/**
 * The network month's totals row. Billed sums the closed houses only: null (shown "—", as each
 * open house's row) when none is closed, with how many houses still to close beside it, so an
 * open month never reads "0,00 € billed".
 */
export function networkMonthTotals(rows: readonly NetworkHouseMonth[]) {
	const sum = (pick: (row: NetworkHouseMonth) => number) =>
		rows.reduce((total, row) => total + pick(row), 0);
	const closed = rows.filter((row) => row.state === 'closed');
	return {
		costCents: sum((row) => row.costCents),
		fundingCents: sum((row) => row.fundingCents),
		sharedCents: sum((row) => row.sharedCents),
		billedCents:
			closed.length > 0 ? closed.reduce((t, row) => t + (row.billedCents ?? 0), 0) : null,
		/** Houses whose month is still to close: the billed total leaves them out. */
		stillOpen: rows.filter((row) => row.state === 'open').length,
		halfDays: sum((row) => row.halfDays)
	};
}

/**
 * The house as a company's statements name it (with its operator), when the company has an
 * agreement there or statements from one; null otherwise, so another house answers 404.
 */
export function statementHouseOfCompany(companyId: string, houseId: string) {
	const db = getDb();
	const house = db
		.select({ id: houses.id, name: houses.name, operatorName: operators.name })
		.from(houses)
		.innerJoin(operators, eq(operators.id, houses.operatorId))
		.where(eq(houses.id, houseId))
		.get();
	if (!house) return null;
	const linked =
		db
			.select({ id: agreements.id })
			.from(agreements)
			.where(and(eq(agreements.houseId, houseId), eq(agreements.companyId, companyId)))
			.get() ??
		db
			.select({ month: houseStatements.month })
			.from(houseStatements)
			.where(and(eq(houseStatements.houseId, houseId), eq(houseStatements.companyId, companyId)))
			.get();
	return linked ? house : null;
}
