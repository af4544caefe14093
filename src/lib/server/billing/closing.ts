// Closing a house's month: load what the month's bills rest on (the agreements in force, each
// company's actual check-ins, the costs and funding, the pending corrections), compute the
// statements (month-statement.ts) and store them, all in one transaction. What bills is what
// people checked in for: plans and usual weeks are forecasts and never reach this module.
import { and, asc, eq, inArray, isNull, lt, min, sql } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import {
	agreements,
	companies,
	houseCostLines,
	houseMonths,
	houseStatements,
	operators,
	statementAdjustments,
	users,
	type AgreementTermsRow,
	type House
} from '../db/schema';
import { atHouseDuring, versionsByAgreement } from '../agreements/in-force';
import { recordOperatorAudit } from '../operators/audit';
import { checkInCounts } from '../presence/plans';
import type { AgreementTerms } from '../../billing/terms';
import { datesOfMonth, todayIn } from '../../zoned-time';
import { monthCosts } from './costs';
import {
	computeMonthStatement,
	type CompanyMonthInput,
	type MonthInput,
	type MonthStatement
} from './month-statement';
import {
	closingRefusal,
	monthOf,
	nextMonthToClose,
	type ClosingRefusal,
	type HouseMonths,
	type NextMonthToClose
} from './month';
import { notifyStatementsReady } from '../notifications/billing';
import { compareNames } from '../../name-order';

export function toAgreementTerms(row: AgreementTermsRow): AgreementTerms {
	return {
		id: row.id,
		validFrom: row.validFrom,
		reservedSeats: row.reservedSeats,
		model: row.model,
		dayRateCents: row.dayRateCents,
		halfDayRateCents: row.halfDayRateCents,
		fixedMonthlyCents: row.fixedMonthlyCents,
		monthlyCapCents: row.monthlyCapCents,
		emptyMonthRule: row.emptyMonthRule
	};
}

/** The agreements of the house in force on at least one day of the month, with their terms. */
function agreementsOfMonth(db: Executor, houseId: string, first: string, last: string) {
	const rows = db
		.select({
			id: agreements.id,
			companyId: agreements.companyId,
			companyName: companies.name,
			startDate: agreements.startDate,
			endDate: agreements.endDate
		})
		.from(agreements)
		.innerJoin(companies, eq(companies.id, agreements.companyId))
		.where(atHouseDuring(houseId, first, last))
		.orderBy(asc(companies.name), asc(agreements.companyId), asc(agreements.startDate))
		.all();
	const versions = versionsByAgreement(
		rows.map((row) => row.id),
		db
	);
	return rows.map((row) => ({
		...row,
		versions: (versions.get(row.id) ?? []).map(toAgreementTerms)
	}));
}

/**
 * Each company's check-ins at the house in the month, up to `today` (a later date cannot have
 * been checked in; the bound keeps it so whatever a row claims): company → person → date → halves.
 */
function checkInsOfMonth(
	db: Executor,
	houseId: string,
	companyIds: string[],
	first: string,
	last: string
) {
	const rows = checkInCounts(
		{ houseIds: [houseId], companyIds, from: first, to: last },
		{ company: true, user: true, date: true },
		db
	);
	const byCompany = new Map<string, Map<string, Map<string, number>>>();
	for (const row of rows) {
		const companyId = row.companyId!;
		let people = byCompany.get(companyId);
		if (!people) byCompany.set(companyId, (people = new Map()));
		let dates = people.get(row.userId!);
		if (!dates) people.set(row.userId!, (dates = new Map()));
		// At most a day per person and date, however the rows add up.
		dates.set(row.date!, Math.min(2, row.halfDays));
	}
	return byCompany;
}

export type LoadedMonth = {
	input: MonthInput;
	companyNames: Map<string, string>;
	personNames: Map<string, string>;
};

/** Everything the month's statements rest on, as they stand now. */
export function loadMonth(
	house: Pick<House, 'id' | 'timeZone'>,
	month: string,
	db: Executor = getDb(),
	now: Date | number = Date.now()
): LoadedMonth {
	const dates = datesOfMonth(month);
	const first = dates[0];
	const today = todayIn(house.timeZone, now);
	const last = dates[dates.length - 1] < today ? dates[dates.length - 1] : today;
	// A company that left and came back within the month has two agreements here: one statement,
	// each date billed under the agreement covering it.
	const inForce = new Map<
		string,
		{ companyName: string; spans: Array<ReturnType<typeof agreementsOfMonth>[number]> }
	>();
	for (const row of agreementsOfMonth(db, house.id, first, dates[dates.length - 1])) {
		const entry = inForce.get(row.companyId) ?? { companyName: row.companyName, spans: [] };
		entry.spans.push(row);
		inForce.set(row.companyId, entry);
	}
	const companyIds = [...inForce.keys()];
	const checkIns =
		companyIds.length > 0 && first <= last
			? checkInsOfMonth(db, house.id, companyIds, first, last)
			: new Map<string, Map<string, Map<string, number>>>();
	const userIds = [...checkIns.values()].flatMap((people) => [...people.keys()]);
	const personNames = new Map<string, string>();
	// A bound list of parameters stays under SQLite's limit.
	for (let start = 0; start < userIds.length; start += 500) {
		const chunk = userIds.slice(start, start + 500);
		for (const row of db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(inArray(users.id, chunk))
			.all()) {
			personNames.set(row.id, row.name);
		}
	}
	const companyInputs: CompanyMonthInput[] = [...inForce].map(([companyId, { spans }]) => ({
		companyId,
		agreement: spans.map(({ startDate, endDate, versions }) => ({ startDate, endDate, versions })),
		people: [...(checkIns.get(companyId) ?? new Map<string, Map<string, number>>())]
			.map(([userId, halvesByDate]) => ({ userId, halvesByDate }))
			.sort((a, b) =>
				compareNames(personNames.get(a.userId) ?? '', personNames.get(b.userId) ?? '')
			)
	}));
	const costs = monthCosts(house.id, month, db);
	// Every correction of an earlier month still to bill, with its company's name as it is now:
	// a company with no agreement this month (it left the house) is billed its corrections alone.
	const adjustments = db
		.select({
			id: statementAdjustments.id,
			companyId: statementAdjustments.companyId,
			companyName: companies.name,
			amountCents: statementAdjustments.amountCents,
			reason: statementAdjustments.reason,
			correctsMonth: statementAdjustments.correctsMonth
		})
		.from(statementAdjustments)
		.innerJoin(companies, eq(companies.id, statementAdjustments.companyId))
		.where(
			and(
				eq(statementAdjustments.houseId, house.id),
				isNull(statementAdjustments.billedInMonth),
				lt(statementAdjustments.correctsMonth, month)
			)
		)
		.orderBy(asc(statementAdjustments.createdAt), asc(statementAdjustments.id))
		.all();
	const companyNames = new Map(
		[...inForce].map(([companyId, entry]) => [companyId, entry.companyName])
	);
	for (const row of adjustments) {
		if (!companyNames.has(row.companyId)) companyNames.set(row.companyId, row.companyName);
	}
	return {
		input: {
			month,
			costCents: costs.costCents,
			fundingCents: costs.fundingCents,
			companies: companyInputs,
			adjustments: adjustments.map((row) => ({
				id: row.id,
				companyId: row.companyId,
				amountCents: row.amountCents,
				reason: row.reason,
				correctsMonth: row.correctsMonth
			}))
		},
		companyNames,
		personNames
	};
}

/** The month the house's first agreement started (ended ones included); null without any. */
export function firstAgreementMonth(houseId: string, db: Executor = getDb()): string | null {
	const row = db
		.select({ first: min(agreements.startDate) })
		.from(agreements)
		.where(eq(agreements.houseId, houseId))
		.get();
	return row?.first ? monthOf(row.first) : null;
}

/** The house's closed months. */
export function closedMonthsOf(houseId: string, db: Executor = getDb()): Set<string> {
	return new Set(
		db
			.select({ month: houseMonths.month })
			.from(houseMonths)
			.where(eq(houseMonths.houseId, houseId))
			.all()
			.map((row) => row.month)
	);
}

/** The house's months as the closing rule reads them: its first agreement's, those closed. */
export function houseMonthsOf(
	house: Pick<House, 'id' | 'timeZone'>,
	db: Executor = getDb()
): HouseMonths {
	return {
		firstMonth: firstAgreementMonth(house.id, db),
		timeZone: house.timeZone,
		closed: closedMonthsOf(house.id, db)
	};
}

/** Why `month` of the house cannot be closed now (`closingRefusal`); null when it can. */
export function monthClosingRefusal(
	house: Pick<House, 'id' | 'timeZone'>,
	month: string,
	now: Date | number = Date.now(),
	db: Executor = getDb()
): ClosingRefusal | null {
	return closingRefusal(month, houseMonthsOf(house, db), now);
}

export type MonthToClose = NextMonthToClose & {
	/** How many running-cost lines it has: none means closing it bills no share of the costs. */
	costLines: number;
};

/**
 * The month the house's months page offers to close — the one month `closeMonth` accepts now,
 * months closing in order — with how many ended months wait after it; null when none.
 */
export function monthToClose(
	house: Pick<House, 'id' | 'timeZone'>,
	now: Date | number = Date.now(),
	db: Executor = getDb()
): MonthToClose | null {
	const next = nextMonthToClose(houseMonthsOf(house, db), now);
	if (next === null) return null;
	const lines = db
		.select({ count: sql<number>`count(*)` })
		.from(houseCostLines)
		.where(and(eq(houseCostLines.houseId, house.id), eq(houseCostLines.month, next.month)))
		.get();
	return { ...next, costLines: Number(lines?.count ?? 0) };
}

/** An operator's name as it is now: what a month closed now keeps. */
function operatorNameOf(operatorId: string, db: Executor): string {
	return (
		db.select({ name: operators.name }).from(operators).where(eq(operators.id, operatorId)).get()
			?.name ?? ''
	);
}

export type CloseResult =
	{ ok: true; statement: MonthStatement } | ({ ok: false } & ClosingRefusal);

/**
 * Closes `month` for the house: only once the month has ended on the house's clock, from the
 * month of its first agreement, once, and after every earlier month (`closingRefusal`, the rule
 * the months page offers).
 * Stores the month's totals and each company's statement (company and people named as they are
 * now), marks the corrections it bills, and logs `month.closed`, in one transaction.
 */
export function closeMonth(
	actor: { operatorId: string; userId: string },
	house: House,
	month: string,
	now: Date | number = Date.now()
): CloseResult {
	const result = getDb().transaction((tx): CloseResult => {
		const refusal = monthClosingRefusal(house, month, now, tx);
		if (refusal) return { ok: false, ...refusal };
		const { input, companyNames, personNames } = loadMonth(house, month, tx, now);
		const statement = computeMonthStatement(input);
		tx.insert(houseMonths)
			.values({
				houseId: house.id,
				month,
				costCents: statement.costCents,
				fundingCents: statement.fundingCents,
				sharedCents: statement.sharedCents,
				allHalfDays: statement.allHalfDays,
				billedCents: statement.billedCents,
				houseName: house.name,
				operatorName: house.operatorId ? operatorNameOf(house.operatorId, tx) : '',
				closedBy: actor.userId,
				closedAt: new Date(now)
			})
			.run();
		for (const company of statement.companies) {
			tx.insert(houseStatements)
				.values({
					houseId: house.id,
					month,
					companyId: company.companyId,
					companyName: companyNames.get(company.companyId) ?? '',
					totalCents: company.totalCents,
					halfDays: company.halfDays,
					lines: company.lines,
					people: company.people
						.filter((person) => person.halfDays > 0)
						.map((person) => ({
							userId: person.userId,
							name: personNames.get(person.userId) ?? '',
							halfDays: person.halfDays
						}))
				})
				.run();
		}
		if (statement.appliedAdjustmentIds.length > 0) {
			tx.update(statementAdjustments)
				.set({ billedInMonth: month })
				.where(inArray(statementAdjustments.id, statement.appliedAdjustmentIds))
				.run();
		}
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'month.closed',
			subject: house.name,
			details: {
				month,
				billedCents: statement.billedCents,
				companies: statement.companies.length
			}
		});
		return { ok: true, statement };
	});
	// Once committed: each billed company's owners and managers may read theirs now.
	if (result.ok) {
		notifyStatementsReady(
			house,
			month,
			result.statement.companies.map((company) => company.companyId)
		);
	}
	return result;
}
