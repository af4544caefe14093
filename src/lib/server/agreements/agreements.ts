// Agreements between a house's operator and the companies that work in it: starting one (from an
// accepted invitation or join request), its versions of terms, ending it, and the company_houses
// link that lets the company's own features (board, check-in, rooms) use the shared house.
import { and, asc, desc, eq, isNotNull, lte } from 'drizzle-orm';
import { todayIn } from '../../zoned-time';
import { recordAudit } from '../audit/audit';
import { getDb, type Executor } from '../db';
import {
	agreementTerms,
	agreements,
	companies,
	companyHouses,
	houseMonths,
	houses,
	memberships,
	operators,
	type Agreement,
	type AgreementTermsRow,
	type House,
	type ProposedTerms
} from '../db/schema';
import { newId } from '../ids';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { publishLiveEvent } from '../live/hub';
import { recordOperatorAudit } from '../operators/audit';
import { termsOn } from '../../billing/terms';
import { versionsByAgreement } from './in-force';

export type AgreementVersion = AgreementTermsRow;

/** The month (`YYYY-MM`) of a date (`YYYY-MM-DD`). */
const monthOf = (date: string) => date.slice(0, 7);

/** The house's latest closed month, or null: terms and end dates never reach back into it. */
export function lastClosedMonth(db: Executor, houseId: string): string | null {
	return (
		db
			.select({ month: houseMonths.month })
			.from(houseMonths)
			.where(eq(houseMonths.houseId, houseId))
			.orderBy(desc(houseMonths.month))
			.limit(1)
			.get()?.month ?? null
	);
}

/** true when `date` falls in a month of the house already closed (or before one). */
export function inClosedMonth(db: Executor, houseId: string, date: string): boolean {
	const closed = lastClosedMonth(db, houseId);
	return closed !== null && monthOf(date) <= closed;
}

export type StartAgreementResult =
	{ ok: true; agreement: Agreement } | { ok: false; reason: 'already_joined' | 'month_closed' };

/**
 * Inside the caller's transaction: the agreement, its first version of terms (from the start
 * date) and the company_houses link, audited on both sides. A company joins a house once: an
 * agreement, even ended, stays the record of what it was billed under.
 */
export function startAgreement(
	tx: Executor,
	input: {
		operatorId: string;
		house: Pick<House, 'id' | 'name'>;
		company: { id: string; name: string };
		startDate: string;
		terms: ProposedTerms;
		actorId: string;
		/** How the company came: the operator's invitation or its own request. */
		via: 'invitation' | 'request';
	}
): StartAgreementResult {
	const existing = tx
		.select({ id: agreements.id })
		.from(agreements)
		.where(and(eq(agreements.houseId, input.house.id), eq(agreements.companyId, input.company.id)))
		.get();
	if (existing) return { ok: false, reason: 'already_joined' };
	if (inClosedMonth(tx, input.house.id, input.startDate))
		return { ok: false, reason: 'month_closed' };
	const agreement: Agreement = {
		id: newId(),
		operatorId: input.operatorId,
		houseId: input.house.id,
		companyId: input.company.id,
		startDate: input.startDate,
		endDate: null,
		createdBy: input.actorId,
		createdAt: new Date()
	};
	tx.insert(agreements).values(agreement).run();
	tx.insert(agreementTerms)
		.values({
			id: newId(),
			agreementId: agreement.id,
			validFrom: input.startDate,
			...input.terms,
			createdBy: input.actorId
		})
		.run();
	tx.insert(companyHouses)
		.values({ companyId: input.company.id, houseId: input.house.id })
		.onConflictDoNothing()
		.run();
	const operator = tx
		.select({ name: operators.name })
		.from(operators)
		.where(eq(operators.id, input.operatorId))
		.get();
	recordOperatorAudit(tx, {
		operatorId: input.operatorId,
		actorId: input.actorId,
		action: input.via === 'invitation' ? 'company.joined' : 'join.accepted',
		subject: input.company.name,
		details: { house: input.house.name, startDate: input.startDate, model: input.terms.model }
	});
	recordAudit(tx, {
		companyId: input.company.id,
		actorId: input.actorId,
		action: 'house.joined',
		subject: input.house.name,
		details: { operator: operator?.name ?? null, agreementStart: input.startDate }
	});
	return { ok: true, agreement };
}

/** After a change of links: open boards of the company reload. */
export function announceCompanyHouses(companyId: string): void {
	publishLiveEvent(companyId, { type: 'company' });
}

/** All versions of an agreement, oldest first. */
export function agreementVersions(agreementId: string): AgreementVersion[] {
	return getDb()
		.select()
		.from(agreementTerms)
		.where(eq(agreementTerms.agreementId, agreementId))
		.orderBy(asc(agreementTerms.validFrom))
		.all();
}

/**
 * The terms in force on `date`; before the start, the first version (what the company will work
 * under); after the end, the last one.
 */
export function termsInForce(versions: readonly AgreementVersion[], date: string) {
	return termsOn(versions, date) ?? versions[0] ?? null;
}

/** The companies of a house with their agreement, its terms today and their history. */
export function houseAgreements(house: Pick<House, 'id' | 'timeZone'>) {
	const rows = getDb()
		.select({ agreement: agreements, companyName: companies.name })
		.from(agreements)
		.innerJoin(companies, eq(agreements.companyId, companies.id))
		.where(eq(agreements.houseId, house.id))
		.orderBy(asc(companies.name))
		.all();
	const versions = versionsByAgreement(rows.map((row) => row.agreement.id));
	const today = todayIn(house.timeZone);
	return rows.map(({ agreement, companyName }) => {
		const history = versions.get(agreement.id) ?? [];
		return {
			...agreement,
			companyName,
			ended: agreement.endDate !== null && agreement.endDate <= today,
			current: termsInForce(history, today),
			versions: history
		};
	});
}

/** One agreement of a house (any company) with the company's name, or undefined. */
export function houseAgreement(houseId: string, agreementId: string, db: Executor = getDb()) {
	return db
		.select({ agreement: agreements, companyName: companies.name })
		.from(agreements)
		.innerJoin(companies, eq(agreements.companyId, companies.id))
		.where(and(eq(agreements.id, agreementId), eq(agreements.houseId, houseId)))
		.get();
}

/** For each of the company's houses run by an operator: the operator and the agreement today. */
export function companyAgreements(companyId: string) {
	const rows = getDb()
		.select({
			agreement: agreements,
			operatorName: operators.name,
			timeZone: houses.timeZone
		})
		.from(agreements)
		.innerJoin(operators, eq(agreements.operatorId, operators.id))
		.innerJoin(houses, eq(agreements.houseId, houses.id))
		.where(eq(agreements.companyId, companyId))
		.all();
	const versions = versionsByAgreement(rows.map((row) => row.agreement.id));
	return rows.map(({ agreement, operatorName, timeZone }) => {
		const history = versions.get(agreement.id) ?? [];
		return {
			...agreement,
			operatorName,
			current: termsInForce(history, todayIn(timeZone)),
			versions: history
		};
	});
}

/** The company's agreement for one house, or undefined (a private house, or no agreement). */
export function companyHouseAgreement(companyId: string, houseId: string) {
	return getDb()
		.select()
		.from(agreements)
		.where(and(eq(agreements.companyId, companyId), eq(agreements.houseId, houseId)))
		.get();
}

export type ChangeTermsResult =
	| { ok: true }
	| { ok: false; reason: 'not_found' | 'before_start' | 'after_end' | 'month_closed' | 'exists' };

/**
 * A new version of the terms from `validFrom`: earlier versions stay as they are, and a date
 * inside a month already closed is refused (that month was billed under the terms it had).
 */
export function changeTerms(
	actor: { operatorId: string; userId: string },
	house: Pick<House, 'id' | 'name'>,
	agreementId: string,
	validFrom: string,
	terms: ProposedTerms
): ChangeTermsResult {
	return getDb().transaction((tx): ChangeTermsResult => {
		const row = houseAgreement(house.id, agreementId, tx);
		if (!row) return { ok: false, reason: 'not_found' };
		const { agreement } = row;
		if (validFrom < agreement.startDate) return { ok: false, reason: 'before_start' };
		if (agreement.endDate !== null && validFrom > agreement.endDate) {
			return { ok: false, reason: 'after_end' };
		}
		if (inClosedMonth(tx, house.id, validFrom)) return { ok: false, reason: 'month_closed' };
		const same = tx
			.select({ id: agreementTerms.id })
			.from(agreementTerms)
			.where(
				and(eq(agreementTerms.agreementId, agreementId), eq(agreementTerms.validFrom, validFrom))
			)
			.get();
		if (same) return { ok: false, reason: 'exists' };
		tx.insert(agreementTerms)
			.values({ id: newId(), agreementId, validFrom, ...terms, createdBy: actor.userId })
			.run();
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'agreement.terms_changed',
			subject: row.companyName,
			details: { house: house.name, validFrom, model: terms.model }
		});
		return { ok: true };
	});
}

export type EndAgreementResult =
	| { ok: true; unlinked: boolean }
	| { ok: false; reason: 'not_found' | 'before_start' | 'month_closed' | 'already_ended' };

/**
 * Sets the agreement's last day. On or before today (the house's calendar) the company leaves
 * the house at once; a later date leaves the link until that day, when unlinkEndedAgreements
 * removes it.
 */
export function endAgreement(
	actor: { operatorId: string; userId: string },
	house: Pick<House, 'id' | 'name' | 'timeZone'>,
	agreementId: string,
	endDate: string,
	now: Date | number = Date.now()
): EndAgreementResult {
	const result = getDb().transaction((tx): EndAgreementResult & { companyId?: string } => {
		const row = houseAgreement(house.id, agreementId, tx);
		if (!row) return { ok: false, reason: 'not_found' };
		const { agreement } = row;
		const today = todayIn(house.timeZone, now);
		if (agreement.endDate !== null && agreement.endDate <= today) {
			return { ok: false, reason: 'already_ended' };
		}
		if (endDate < agreement.startDate) return { ok: false, reason: 'before_start' };
		if (inClosedMonth(tx, house.id, endDate)) return { ok: false, reason: 'month_closed' };
		tx.update(agreements).set({ endDate }).where(eq(agreements.id, agreementId)).run();
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'agreement.ended',
			subject: row.companyName,
			details: { house: house.name, endDate }
		});
		const unlinked = endDate <= today && unlink(tx, agreement.companyId, house.id);
		return { ok: true, unlinked, companyId: agreement.companyId };
	});
	if (result.ok && result.unlinked && result.companyId) announceCompanyHouses(result.companyId);
	if (!result.ok) return result;
	return { ok: true, unlinked: result.unlinked };
}

/** Removes the company_houses link and the house as its people's home house. */
function unlink(tx: Executor, companyId: string, houseId: string): boolean {
	const removed = tx
		.delete(companyHouses)
		.where(and(eq(companyHouses.companyId, companyId), eq(companyHouses.houseId, houseId)))
		.run();
	tx.update(memberships)
		.set({ homeHouseId: null })
		.where(and(eq(memberships.companyId, companyId), eq(memberships.homeHouseId, houseId)))
		.run();
	return removed.changes > 0;
}

/**
 * Removes the links of agreements whose last day has come (in each house's calendar). Cheap
 * (agreements with an end date only). The pages that show links call it for their company or
 * house, so they are exact at once; the sweeper below calls it for every house, so the board,
 * the planner and check-in stop offering the house soon after its last day too.
 */
export function unlinkEndedAgreements(
	scope: { companyId: string } | { houseId: string } | 'everywhere',
	now: Date | number = Date.now()
): number {
	const db = getDb();
	const rows = db
		.select({
			companyId: agreements.companyId,
			houseId: agreements.houseId,
			endDate: agreements.endDate,
			timeZone: houses.timeZone
		})
		.from(agreements)
		.innerJoin(houses, eq(agreements.houseId, houses.id))
		.innerJoin(
			companyHouses,
			and(
				eq(companyHouses.companyId, agreements.companyId),
				eq(companyHouses.houseId, agreements.houseId)
			)
		)
		.where(
			and(
				isNotNull(agreements.endDate),
				scope === 'everywhere'
					? undefined
					: 'companyId' in scope
						? eq(agreements.companyId, scope.companyId)
						: eq(agreements.houseId, scope.houseId),
				// No house calendar is more than a day ahead of UTC: a cheap first filter.
				lte(agreements.endDate, todayIn('Pacific/Kiritimati', now))
			)
		)
		.all();
	const due = rows.filter(
		(row) => row.endDate !== null && row.endDate <= todayIn(row.timeZone, now)
	);
	if (due.length === 0) return 0;
	db.transaction((tx) => {
		for (const row of due) unlink(tx, row.companyId, row.houseId);
	});
	for (const companyId of new Set(due.map((row) => row.companyId)))
		announceCompanyHouses(companyId);
	return due.length;
}

/**
 * What the printable agreement shows: both parties, the house, the dates, the terms in force
 * today (the house's calendar) and their history. The operator's and the company's pages use it.
 */
export function agreementDocument(agreement: Agreement, companyName: string) {
	const row = getDb()
		.select({ house: houses, operatorName: operators.name })
		.from(houses)
		.innerJoin(operators, eq(operators.id, agreement.operatorId))
		.where(eq(houses.id, agreement.houseId))
		.get();
	if (!row) throw new Error('an agreement always has its house and operator');
	const { house, operatorName } = row;
	const versions = agreementVersions(agreement.id);
	const today = todayIn(house.timeZone);
	return {
		operatorName,
		companyName,
		house: {
			name: house.name,
			address: house.address,
			commune: house.commune,
			seats: house.seats,
			openingDays: house.openingDays,
			opensAt: house.opensAt,
			closesAt: house.closesAt,
			timeZone: house.timeZone
		},
		startDate: agreement.startDate,
		endDate: agreement.endDate,
		versions,
		current: termsInForce(versions, today),
		today
	};
}

/**
 * Starts the sweep that ends links whose agreement's last day has come, every few minutes
 * (idempotent; the timer does not keep the process alive).
 */
export function ensureAgreementEndSweeper(intervalMs = 5 * 60_000): void {
	processSingleton('hameau.agreements.end-sweeper', () =>
		setInterval(() => {
			try {
				unlinkEndedAgreements('everywhere');
			} catch (error) {
				logger().error({ err: error }, 'agreement end sweep failed');
			}
		}, intervalMs).unref()
	);
}
