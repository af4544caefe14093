// A company asking to join a house its operator lists: what the company may browse (houses and
// their operator, never who works there), its request, and the operator's answer.
import { and, desc, eq, gte, isNotNull, isNull, or } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import {
	agreements,
	companies,
	houseJoinRequests,
	houses,
	operators,
	type House,
	type ProposedTerms
} from '../db/schema';
import { newId } from '../ids';
import { recordOperatorAudit } from '../operators/audit';
import { todayIn } from '../../zoned-time';
import { recordAudit } from '../audit/audit';
import { agreementsOfPair, announceCompanyHouses, startAgreement } from './agreements';
import type { SeatsRefusal } from './seats';
import { compareNames } from '../../name-order';

/**
 * Houses listed by their operators, with what a company may know of them (no people, no other
 * company), and where this company stands: joined, asked, or free to ask.
 */
export function listedHouses(companyId: string, now: Date | number = Date.now()) {
	const db = getDb();
	const rows = db
		.select({
			id: houses.id,
			name: houses.name,
			commune: houses.commune,
			address: houses.address,
			seats: houses.seats,
			openingDays: houses.openingDays,
			opensAt: houses.opensAt,
			closesAt: houses.closesAt,
			operatorName: operators.name
		})
		.from(houses)
		.innerJoin(operators, eq(houses.operatorId, operators.id))
		.where(and(eq(houses.listed, true), isNull(houses.archivedAt), isNotNull(houses.operatorId)))
		.all()
		.sort((a, b) => compareNames(a.commune, b.commune) || compareNames(a.name, b.name));
	// Joined while an agreement is open-ended or not past its last day; after that the company
	// may ask to come back (the operator then starts a new agreement).
	const joined = new Set(
		db
			.select({
				houseId: agreements.houseId,
				endDate: agreements.endDate,
				timeZone: houses.timeZone
			})
			.from(agreements)
			.innerJoin(houses, eq(houses.id, agreements.houseId))
			.where(eq(agreements.companyId, companyId))
			.all()
			.filter((row) => row.endDate === null || row.endDate >= todayIn(row.timeZone, now))
			.map((row) => row.houseId)
	);
	const pending = new Map(
		db
			.select({ houseId: houseJoinRequests.houseId, id: houseJoinRequests.id })
			.from(houseJoinRequests)
			.where(
				and(eq(houseJoinRequests.companyId, companyId), eq(houseJoinRequests.status, 'pending'))
			)
			.all()
			.map((row) => [row.houseId, row.id])
	);
	return rows.map((house) => ({
		...house,
		standing: joined.has(house.id)
			? ('joined' as const)
			: pending.has(house.id)
				? ('pending' as const)
				: ('open' as const),
		/** The company's pending request there, which its owners and managers may withdraw. */
		pendingRequestId: pending.get(house.id) ?? null
	}));
}

export type RequestToJoinResult =
	{ ok: true } | { ok: false; reason: 'not_found' | 'already_joined' | 'pending' };

/**
 * The company asks to join a listed house; once at a time (a withdrawn or declined request is no
 * obstacle), and not while an agreement there is still running: after its last day the company
 * may ask to come back.
 */
export function requestToJoin(
	actor: { companyId: string; userId: string },
	houseId: string,
	message: string,
	now: Date | number = Date.now()
): RequestToJoinResult {
	return getDb().transaction((tx): RequestToJoinResult => {
		const house = tx
			.select({
				id: houses.id,
				name: houses.name,
				operatorId: houses.operatorId,
				timeZone: houses.timeZone
			})
			.from(houses)
			.where(and(eq(houses.id, houseId), eq(houses.listed, true), isNull(houses.archivedAt)))
			.get();
		if (!house?.operatorId) return { ok: false, reason: 'not_found' };
		const today = todayIn(house.timeZone, now);
		const running = agreementsOfPair(tx, houseId, actor.companyId).some(
			(agreement) => agreement.endDate === null || agreement.endDate >= today
		);
		if (running) return { ok: false, reason: 'already_joined' };
		const pending = tx
			.select({ id: houseJoinRequests.id })
			.from(houseJoinRequests)
			.where(
				and(
					eq(houseJoinRequests.houseId, houseId),
					eq(houseJoinRequests.companyId, actor.companyId),
					eq(houseJoinRequests.status, 'pending')
				)
			)
			.get();
		if (pending) return { ok: false, reason: 'pending' };
		const company = tx
			.select({ name: companies.name })
			.from(companies)
			.where(eq(companies.id, actor.companyId))
			.get();
		tx.insert(houseJoinRequests)
			.values({
				id: newId(),
				houseId,
				companyId: actor.companyId,
				message,
				status: 'pending',
				requestedBy: actor.userId
			})
			.run();
		recordOperatorAudit(tx, {
			operatorId: house.operatorId,
			actorId: actor.userId,
			action: 'join.requested',
			subject: company?.name ?? '',
			details: { house: house.name }
		});
		return { ok: true };
	});
}

/** How long the operator's page still shows a request its company withdrew. */
const WITHDRAWN_SHOWN_DAYS = 30;

/**
 * The house's requests still waiting for an answer, and those their company withdrew lately
 * (shown as withdrawn, so the operator is not left wondering): the company and its message,
 * no person.
 */
export function pendingJoinRequests(houseId: string, now: Date | number = Date.now()) {
	const since = new Date(new Date(now).getTime() - WITHDRAWN_SHOWN_DAYS * 24 * 60 * 60 * 1000);
	return getDb()
		.select({
			id: houseJoinRequests.id,
			companyName: companies.name,
			message: houseJoinRequests.message,
			status: houseJoinRequests.status,
			createdAt: houseJoinRequests.createdAt,
			decidedAt: houseJoinRequests.decidedAt
		})
		.from(houseJoinRequests)
		.innerJoin(companies, eq(houseJoinRequests.companyId, companies.id))
		.where(
			and(
				eq(houseJoinRequests.houseId, houseId),
				or(
					eq(houseJoinRequests.status, 'pending'),
					and(eq(houseJoinRequests.status, 'withdrawn'), gte(houseJoinRequests.decidedAt, since))
				)
			)
		)
		.orderBy(desc(houseJoinRequests.createdAt))
		.all();
}

/**
 * The company takes back its pending request (its owners and managers: the route checks the
 * role). Audited on both sides; a later request is welcome. null when there is no such pending
 * request of this company; else the house it was for.
 */
export function withdrawJoinRequest(
	actor: { companyId: string; userId: string },
	requestId: string,
	now: Date | number = Date.now()
): { houseId: string } | null {
	return getDb().transaction((tx) => {
		const row = tx
			.select({ request: houseJoinRequests, house: houses, companyName: companies.name })
			.from(houseJoinRequests)
			.innerJoin(houses, eq(houseJoinRequests.houseId, houses.id))
			.innerJoin(companies, eq(houseJoinRequests.companyId, companies.id))
			.where(
				and(
					eq(houseJoinRequests.id, requestId),
					eq(houseJoinRequests.companyId, actor.companyId),
					eq(houseJoinRequests.status, 'pending')
				)
			)
			.get();
		if (!row) return null;
		tx.update(houseJoinRequests)
			.set({ status: 'withdrawn', decidedBy: actor.userId, decidedAt: new Date(now) })
			.where(eq(houseJoinRequests.id, requestId))
			.run();
		if (row.house.operatorId) {
			recordOperatorAudit(tx, {
				operatorId: row.house.operatorId,
				actorId: actor.userId,
				action: 'join.withdrawn',
				subject: row.companyName,
				details: { house: row.house.name }
			});
		}
		recordAudit(tx, {
			companyId: actor.companyId,
			actorId: actor.userId,
			action: 'house.join_withdrawn',
			subject: row.house.name
		});
		return { houseId: row.house.id };
	});
}

export type AnswerJoinRequestResult =
	| { ok: true }
	| { ok: false; reason: 'not_found' | 'already_joined' | 'overlap' | 'month_closed' }
	| SeatsRefusal;

function pendingRequest(tx: Executor, houseId: string, requestId: string) {
	return tx
		.select({ request: houseJoinRequests, company: companies })
		.from(houseJoinRequests)
		.innerJoin(companies, eq(houseJoinRequests.companyId, companies.id))
		.where(
			and(
				eq(houseJoinRequests.id, requestId),
				eq(houseJoinRequests.houseId, houseId),
				eq(houseJoinRequests.status, 'pending')
			)
		)
		.get();
}

/** The operator accepts with terms from a start date: the agreement starts as from an invitation. */
export function acceptJoinRequest(
	actor: { operatorId: string; userId: string },
	house: Pick<House, 'id' | 'name' | 'timeZone' | 'seats'>,
	requestId: string,
	input: { startDate: string; terms: ProposedTerms },
	now: Date | number = Date.now()
): AnswerJoinRequestResult {
	const result = getDb().transaction((tx): AnswerJoinRequestResult & { companyId?: string } => {
		const row = pendingRequest(tx, house.id, requestId);
		if (!row) return { ok: false, reason: 'not_found' };
		const started = startAgreement(tx, {
			operatorId: actor.operatorId,
			house,
			company: row.company,
			startDate: input.startDate,
			terms: input.terms,
			actorId: actor.userId,
			via: 'request',
			now
		});
		if (!started.ok) return started;
		tx.update(houseJoinRequests)
			.set({ status: 'accepted', decidedBy: actor.userId, decidedAt: new Date() })
			.where(eq(houseJoinRequests.id, requestId))
			.run();
		return { ok: true, companyId: row.company.id };
	});
	if (result.ok && result.companyId) announceCompanyHouses(result.companyId);
	return result.ok ? { ok: true } : result;
}

export function declineJoinRequest(
	actor: { operatorId: string; userId: string },
	house: Pick<House, 'id' | 'name'>,
	requestId: string
): boolean {
	return getDb().transaction((tx) => {
		const row = pendingRequest(tx, house.id, requestId);
		if (!row) return false;
		tx.update(houseJoinRequests)
			.set({ status: 'declined', decidedBy: actor.userId, decidedAt: new Date() })
			.where(eq(houseJoinRequests.id, requestId))
			.run();
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'join.declined',
			subject: row.company.name,
			details: { house: house.name }
		});
		return true;
	});
}
