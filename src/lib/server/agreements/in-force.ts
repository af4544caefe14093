// Which agreement, and which terms, are in force for a company at an operated house on a date:
// the one question check-ins (an agreement in force that day), the desk, shared capacity (the
// seats the terms in force reserve) and the operator's pages ask. An agreement is in force from its
// start to its last day included; its terms on a date are the latest version from on or before it
// (agreementCovers and agreementTermsOn in $lib/billing/terms, which the statement arithmetic uses).
// A company may have several agreements at a house (it left, then came back), never overlapping:
// on a date, at most one is in force.
import { and, asc, eq, gte, isNull, lte, or, type SQL } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { inJsonArray, prepared } from '../db/prepared';
import {
	agreements,
	agreementTerms,
	companies,
	memberships,
	type AgreementTermsRow
} from '../db/schema';
import { agreementCovers, agreementTermsOn } from '../../billing/terms';
import { compareNames } from '../../name-order';

export type HouseAgreement = {
	companyId: string;
	companyName: string;
	companySlug: string;
	startDate: string;
	endDate: string | null;
	versions: Array<{ validFrom: string; reservedSeats: number }>;
};

/** Every agreement of a house (a company that came back has several), with its versions' seats. */
export function agreementsAtHouse(houseId: string): HouseAgreement[] {
	return agreementsAtHouses([houseId]).get(houseId) ?? [];
}

/**
 * agreementsAtHouse for several houses in two queries, by house id (a house without agreements
 * is absent): the board reads all its houses' seats at once.
 */
export function agreementsAtHouses(houseIds: readonly string[]): Map<string, HouseAgreement[]> {
	const byHouse = new Map<string, HouseAgreement[]>();
	if (houseIds.length === 0) return byHouse;
	// Prepared once over a JSON list of ids: the board reads it on every load.
	const db = getDb();
	const rows = prepared(db, 'agreements-at-houses', (db) =>
		db
			.select({
				id: agreements.id,
				houseId: agreements.houseId,
				companyId: agreements.companyId,
				companyName: companies.name,
				companySlug: companies.slug,
				startDate: agreements.startDate,
				endDate: agreements.endDate
			})
			.from(agreements)
			.innerJoin(companies, eq(agreements.companyId, companies.id))
			.where(inJsonArray(agreements.houseId, 'houseIds'))
			.orderBy(asc(companies.name), asc(agreements.startDate))
			.prepare()
	)
		.all({ houseIds: JSON.stringify(houseIds) })
		// Reading order, which SQL's code points are not; a company's agreements stay by start.
		.sort((a, b) => compareNames(a.companyName, b.companyName));
	const versions = versionsByAgreement(
		rows.map((row) => row.id),
		db
	);
	for (const { id, houseId, ...row } of rows) {
		const list = byHouse.get(houseId) ?? [];
		list.push({ ...row, versions: versions.get(id) ?? [] });
		byHouse.set(houseId, list);
	}
	return byHouse;
}

/** The versions of terms of each agreement, oldest first, by agreement id. */
export function versionsByAgreement(
	ids: readonly string[],
	db: Executor = getDb()
): Map<string, AgreementTermsRow[]> {
	const byAgreement = new Map<string, AgreementTermsRow[]>();
	if (ids.length === 0) return byAgreement;
	const query = (db: Executor) =>
		db
			.select()
			.from(agreementTerms)
			.where(inJsonArray(agreementTerms.agreementId, 'ids'))
			.orderBy(asc(agreementTerms.validFrom));
	// Prepared once on the connection; a transaction's executor builds it for itself.
	const statement =
		db === getDb()
			? prepared(getDb(), 'agreement-versions', (db) => query(db).prepare())
			: query(db);
	const rows = statement.all({ ids: JSON.stringify(ids) });
	for (const row of rows) {
		const list = byAgreement.get(row.agreementId) ?? [];
		list.push(row);
		byAgreement.set(row.agreementId, list);
	}
	return byAgreement;
}

/** Seats the agreement reserves on `date` (0 when it is not in force or has no terms yet). */
export function reservedSeatsOn(
	agreement: Pick<HouseAgreement, 'startDate' | 'endDate' | 'versions'>,
	date: string
): number {
	return agreementTermsOn(agreement, date)?.reservedSeats ?? 0;
}

/** The companies with an agreement at the house in force on `date`. */
export function companiesInForce(houseId: string, date: string): HouseAgreement[] {
	return agreementsAtHouse(houseId).filter((agreement) => agreementCovers(agreement, date));
}

/** Whether one of the company's agreements at the house covers `date` (they never overlap). */
export function hasAgreementOn(companyId: string, houseId: string, date: string): boolean {
	return getDb()
		.select({ startDate: agreements.startDate, endDate: agreements.endDate })
		.from(agreements)
		.where(and(eq(agreements.houseId, houseId), eq(agreements.companyId, companyId)))
		.all()
		.some((agreement) => agreementCovers(agreement, date));
}

/** The user's companies whose agreement at the house covers `date`, by name. */
export function userCompaniesInForce(houseId: string, userId: string, date: string) {
	const mine = new Set(
		getDb()
			.select({ companyId: memberships.companyId })
			.from(memberships)
			.where(eq(memberships.userId, userId))
			.all()
			.map((row) => row.companyId)
	);
	return companiesInForce(houseId, date)
		.filter((agreement) => mine.has(agreement.companyId))
		.map(({ companyId, companyName, companySlug }) => ({
			id: companyId,
			name: companyName,
			slug: companySlug
		}));
}

/**
 * The SQL condition for the agreements of `houseId` in force on at least one day from `first` to
 * `last` (dates), ended ones included: what a month's closing and its open view read.
 */
export function atHouseDuring(houseId: string, first: string, last: string): SQL | undefined {
	return and(
		eq(agreements.houseId, houseId),
		lte(agreements.startDate, last),
		or(isNull(agreements.endDate), gte(agreements.endDate, first))
	);
}
