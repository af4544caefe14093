// Deleting one's own account (the GDPR's right to erasure). The schema does most of it: the
// person's own rows cascade with the user row, and the rows that mention them (a document's
// author, an audit entry's actor) keep going with null there. What this module adds is the rule of
// what may not go with them — a company or an operator other people still depend on, and the
// money records an operator must keep — and telling every open connection that access ended.
import { and, eq, inArray, notExists, notInArray, sql } from 'drizzle-orm';
import { announceAccessEnded } from '../auth/access-ended';
import { recordAudit } from '../audit/audit';
import { withdrawInvitationsBeyond } from '../companies/invitations';
import {
	eraseFromDocuments,
	planDocumentsErasure,
	type DocumentsErasure
} from './erase-from-documents';
import { byName } from '../../name-order';
import { getDb, type Executor } from '../db';
import {
	agreements,
	companies,
	companyHouses,
	dayPlans,
	houseMonths,
	houseStatements,
	houses,
	memberships,
	operatorMembers,
	operators,
	sessions,
	statementAdjustments,
	users
} from '../db/schema';
import { newId } from '../ids';
import { purgeFreedContent } from '../db/purge';
import { publishLiveEvent } from '../live/hub';
import { forgetNameInKnockRooms } from '../knocks/room-names';
import { forgetQuotedName } from '../notifications/notifications';
import { recordOperatorAudit } from '../operators/audit';
import { forgetNameInRuns } from '../standups/forget-person';

/** A space (company or operator) named as the person sees it, with where to act on it. */
export type Space = { id: string; name: string; slug: string };

/**
 * What keeps the account from being deleted now:
 * - `company_owner`: the only owner of a company with other members (hand it over first);
 * - `company_records`: the only person of a company that works under an operator's agreement
 *   (its agreements and closed statements are the operator's accounting records);
 * - `operator_admin`: the only admin of an operator with other staff;
 * - `operator_records`: the only person of an operator that runs houses or has agreements.
 */
export type DeletionBlocker = {
	kind: 'company_owner' | 'company_records' | 'operator_admin' | 'operator_records';
	space: Space;
};

export type DeletionPlan = {
	blockers: DeletionBlocker[];
	/** The companies and operators where the person is alone: they go with the account. */
	companiesGoing: Space[];
	operatorsGoing: Space[];
};

function companyPlan(db: Executor, userId: string) {
	const rows = db
		.select({
			id: companies.id,
			name: companies.name,
			slug: companies.slug,
			role: memberships.role,
			people: sql<number>`(select count(*) from ${memberships} m where m.company_id = ${companies.id})`,
			owners: sql<number>`(select count(*) from ${memberships} m where m.company_id = ${companies.id} and m.role = 'owner')`
		})
		.from(memberships)
		.innerJoin(companies, eq(memberships.companyId, companies.id))
		.where(eq(memberships.userId, userId))
		.all()
		.sort(byName);
	const blockers: DeletionBlocker[] = [];
	const going: Space[] = [];
	for (const { role, people, owners, ...space } of rows) {
		if (people <= 1) {
			if (hasMoneyRecords(db, space.id)) blockers.push({ kind: 'company_records', space });
			else going.push(space);
		} else if (role === 'owner' && owners <= 1) {
			blockers.push({ kind: 'company_owner', space });
		}
	}
	return { blockers, going };
}

/** An agreement (open or ended), a closed statement or a correction: records an operator keeps. */
function hasMoneyRecords(db: Executor, companyId: string): boolean {
	const found = db
		.select({
			agreements: sql<number>`exists (select 1 from ${agreements} where ${agreements.companyId} = ${companyId})`,
			statements: sql<number>`exists (select 1 from ${houseStatements} where ${houseStatements.companyId} = ${companyId})`,
			adjustments: sql<number>`exists (select 1 from ${statementAdjustments} where ${statementAdjustments.companyId} = ${companyId})`
		})
		.from(sql`(select 1)`)
		.get();
	return Boolean(found?.agreements || found?.statements || found?.adjustments);
}

function operatorPlan(db: Executor, userId: string) {
	const rows = db
		.select({
			id: operators.id,
			name: operators.name,
			slug: operators.slug,
			role: operatorMembers.role,
			people: sql<number>`(select count(*) from ${operatorMembers} m where m.operator_id = ${operators.id})`,
			admins: sql<number>`(select count(*) from ${operatorMembers} m where m.operator_id = ${operators.id} and m.role = 'admin')`,
			records: sql<number>`exists (select 1 from ${houses} where ${houses.operatorId} = ${operators.id}) or exists (select 1 from ${agreements} where ${agreements.operatorId} = ${operators.id})`
		})
		.from(operatorMembers)
		.innerJoin(operators, eq(operatorMembers.operatorId, operators.id))
		.where(eq(operatorMembers.userId, userId))
		.all()
		.sort(byName);
	const blockers: DeletionBlocker[] = [];
	const going: Space[] = [];
	for (const { role, people, admins, records, ...space } of rows) {
		if (people <= 1) {
			if (records) blockers.push({ kind: 'operator_records', space });
			else going.push(space);
		} else if (role === 'admin' && admins <= 1) {
			blockers.push({ kind: 'operator_admin', space });
		}
	}
	return { blockers, going };
}

/** What deleting the account would do now, or what keeps it from being deleted. */
export function deletionPlan(userId: string, db: Executor = getDb()): DeletionPlan {
	const company = companyPlan(db, userId);
	const operator = operatorPlan(db, userId);
	return {
		blockers: [...company.blockers, ...operator.blockers],
		companiesGoing: company.going,
		operatorsGoing: operator.going
	};
}

export type DeletionResult =
	| {
			ok: true;
			sessionIds: Set<string>;
			companyIds: string[];
			operatorIds: string[];
			/** What leaves the documents right after the commit. */
			documents: DocumentsErasure;
	  }
	| { ok: false; reason: 'not_found' }
	| { ok: false; reason: 'blocked'; blockers: DeletionBlocker[] };

/**
 * Deletes the account, in one transaction with the check of the rules (a role changed meanwhile
 * is seen): the user row goes and the schema's cascades take the person's own rows; companies and
 * operators where they were alone go too (with a company's private houses no other company
 * uses). The companies that stay record it in their audit log, as a leave is recorded. Then every
 * session, stream, socket and call of theirs is told to end (access-ended.ts). The password is
 * the caller's to check first.
 */
export function deleteAccount(userId: string): DeletionResult {
	const db = getDb();
	const result = db.transaction((tx): DeletionResult => {
		const user = tx.select({ name: users.name }).from(users).where(eq(users.id, userId)).get();
		if (!user) return { ok: false, reason: 'not_found' };
		const plan = deletionPlan(userId, tx);
		if (plan.blockers.length > 0) return { ok: false, reason: 'blocked', blockers: plan.blockers };

		const companyIds = tx
			.select({ id: memberships.companyId })
			.from(memberships)
			.where(eq(memberships.userId, userId))
			.all()
			.map((row) => row.id);
		const operatorIds = tx
			.select({ id: operatorMembers.operatorId })
			.from(operatorMembers)
			.where(eq(operatorMembers.userId, userId))
			.all()
			.map((row) => row.id);
		const sessionIds = new Set(
			tx
				.select({ id: sessions.id })
				.from(sessions)
				.where(eq(sessions.userId, userId))
				.all()
				.map((row) => row.id)
		);

		const companiesGoing = new Set(plan.companiesGoing.map((space) => space.id));
		const operatorsGoing = new Set(plan.operatorsGoing.map((space) => space.id));
		for (const companyId of companyIds) {
			if (companiesGoing.has(companyId)) continue;
			// Their invitations close with them, as when they leave (their author would become null
			// below, and the links stay open until they expire).
			withdrawInvitationsBeyond(tx, companyId, userId, null);
			// The same entry a leave writes (actor and name); the actor becomes null just below.
			recordAudit(tx, {
				companyId,
				actorId: userId,
				action: 'member.account_deleted',
				subject: user.name
			});
		}
		for (const operatorId of operatorIds) {
			if (operatorsGoing.has(operatorId)) continue;
			recordOperatorAudit(tx, {
				operatorId,
				actorId: userId,
				action: 'member.account_deleted',
				subject: user.name
			});
		}
		if (companiesGoing.size > 0) deleteCompanies(tx, [...companiesGoing]);
		if (operatorsGoing.size > 0) {
			tx.delete(operators)
				.where(inArray(operators.id, [...operatorsGoing]))
				.run();
		}
		keepCheckInsStillToBill(tx, userId);
		// Before the runs forget the name: the summaries they wrote are found through it.
		const documents = planDocumentsErasure(
			tx,
			userId,
			user.name,
			companyIds.filter((id) => !companiesGoing.has(id))
		);
		forgetNameWhereCopied(tx, userId, user.name, companyIds);
		tx.delete(users).where(eq(users.id, userId)).run();
		return { ok: true, sessionIds, companyIds, operatorIds, documents };
	});
	if (result.ok) {
		// Right after the commit, before anything else runs (see erase-from-documents.ts).
		eraseFromDocuments(result.documents);
		purgeFreedContent();
		announceAccountGone(userId, result);
	}
	return result;
}

export type CompanyDeletionResult =
	{ ok: true } | { ok: false; reason: 'not_found' | 'not_alone' | 'records' };

/**
 * A company's only member deletes it (leaving it alone would leave no one to run it): it goes as
 * a company goes with the last account in it — its documents, rooms, plans and invitations, and
 * its private houses no other company uses. Not while it has agreements, statements or
 * corrections with a house (the records its operators keep), nor once someone else has joined.
 * Then the person's sockets, streams and calls of the company end (access-ended.ts).
 */
export function deleteCompanyOfOne(companyId: string, userId: string): CompanyDeletionResult {
	const result = getDb().transaction((tx): CompanyDeletionResult => {
		const people = tx
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(eq(memberships.companyId, companyId))
			.all();
		if (!people.some((person) => person.userId === userId))
			return { ok: false, reason: 'not_found' };
		if (people.length > 1) return { ok: false, reason: 'not_alone' };
		if (hasMoneyRecords(tx, companyId)) return { ok: false, reason: 'records' };
		deleteCompanies(tx, [companyId]);
		return { ok: true };
	});
	if (result.ok) {
		purgeFreedContent();
		announceAccessEnded({ kind: 'membership', companyId, userId });
	}
	return result;
}

/**
 * The person's check-ins at an operated house in a month not closed yet are what that month will
 * bill their company: the cascade would take them, and the month would then bill the company less
 * and the other companies of the house more. They move, as they are, to a new account that is no
 * one's — no name (statements read "Former member"), no membership, an address no form accepts
 * (it holds no "@") and no password that verifies — so the month counts them and nothing ties them
 * to the person. Plans are forecasts and bill nothing: they go with the account.
 */
function keepCheckInsStillToBill(tx: Executor, userId: string): void {
	const monthClosed = tx
		.select({ one: sql`1` })
		.from(houseMonths)
		.where(
			and(
				eq(houseMonths.houseId, dayPlans.houseId),
				eq(houseMonths.month, sql`substr(${dayPlans.date}, 1, 7)`)
			)
		);
	const toBill = tx
		.select({
			companyId: dayPlans.companyId,
			date: dayPlans.date,
			half: dayPlans.half,
			kind: dayPlans.kind,
			houseId: dayPlans.houseId,
			checkedInAt: dayPlans.checkedInAt,
			checkInMethod: dayPlans.checkInMethod,
			updatedAt: dayPlans.updatedAt
		})
		.from(dayPlans)
		.innerJoin(houses, eq(dayPlans.houseId, houses.id))
		.where(
			and(
				eq(dayPlans.userId, userId),
				eq(dayPlans.kind, 'house'),
				sql`${dayPlans.checkedInAt} is not null`,
				sql`${houses.operatorId} is not null`,
				notExists(monthClosed)
			)
		)
		.all();
	if (toBill.length === 0) return;
	const formerId = newId();
	tx.insert(users)
		.values({ id: formerId, email: `former member ${formerId}`, name: '', passwordHash: '!' })
		.run();
	for (let start = 0; start < toBill.length; start += 500) {
		tx.insert(dayPlans)
			.values(toBill.slice(start, start + 500).map((row) => ({ ...row, userId: formerId })))
			.run();
	}
}

/**
 * Where the person's name was copied into stored text rather than read through a reference:
 * colleagues' notifications written before they had an actor reference, the stand-up runs whose
 * state lists them and the rooms their knocks opened. Their name goes from there, as the
 * references' null does elsewhere (documents: erase-from-documents.ts, after the commit).
 */
function forgetNameWhereCopied(
	tx: Executor,
	userId: string,
	name: string,
	companyIds: readonly string[]
): void {
	forgetQuotedName(tx, companyIds, name);
	forgetNameInRuns(tx, userId);
	forgetNameInKnockRooms(tx, userId);
}

/**
 * Companies with no one left: their private houses that no other company works in go first (an
 * operator's house stays its operator's), then the companies with everything that is theirs.
 */
function deleteCompanies(tx: Executor, companyIds: string[]): void {
	const otherCompanyHouses = tx
		.select({ houseId: companyHouses.houseId })
		.from(companyHouses)
		.where(
			and(eq(companyHouses.houseId, houses.id), notInArray(companyHouses.companyId, companyIds))
		);
	const privateHouses = tx
		.select({ id: houses.id })
		.from(houses)
		.innerJoin(companyHouses, eq(companyHouses.houseId, houses.id))
		.where(
			and(
				inArray(companyHouses.companyId, companyIds),
				sql`${houses.operatorId} is null`,
				notExists(otherCompanyHouses)
			)
		)
		.all()
		.map((row) => row.id);
	tx.delete(companies).where(inArray(companies.id, companyIds)).run();
	if (privateHouses.length > 0) tx.delete(houses).where(inArray(houses.id, privateHouses)).run();
}

/** After the commit, so a listener that checks again finds the person gone. */
function announceAccountGone(
	userId: string,
	gone: { sessionIds: Set<string>; companyIds: string[]; operatorIds: string[] }
): void {
	if (gone.sessionIds.size > 0) {
		announceAccessEnded({ kind: 'sessions', userId, sessionIds: gone.sessionIds });
	}
	for (const companyId of gone.companyIds) {
		announceAccessEnded({ kind: 'membership', companyId, userId });
		// Open boards drop the person's card, as when someone leaves.
		publishLiveEvent(companyId, { type: 'company', userId });
	}
	for (const operatorId of gone.operatorIds) {
		announceAccessEnded({ kind: 'operator-membership', operatorId, userId });
	}
}
