// A company asking to join a house its operator lists: what the company may browse (houses and
// their operator, never who works there), its request, and the operator's answer.
import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm';
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
import { announceCompanyHouses, startAgreement } from './agreements';

/**
 * Houses listed by their operators, with what a company may know of them (no people, no other
 * company), and where this company stands: joined, asked, or free to ask.
 */
export function listedHouses(companyId: string) {
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
		.orderBy(asc(houses.commune), asc(houses.name))
		.all();
	const joined = new Set(
		db
			.select({ houseId: agreements.houseId })
			.from(agreements)
			.where(eq(agreements.companyId, companyId))
			.all()
			.map((row) => row.houseId)
	);
	const pending = new Set(
		db
			.select({ houseId: houseJoinRequests.houseId })
			.from(houseJoinRequests)
			.where(
				and(eq(houseJoinRequests.companyId, companyId), eq(houseJoinRequests.status, 'pending'))
			)
			.all()
			.map((row) => row.houseId)
	);
	return rows.map((house) => ({
		...house,
		standing: joined.has(house.id)
			? ('joined' as const)
			: pending.has(house.id)
				? ('pending' as const)
				: ('open' as const)
	}));
}

export type RequestToJoinResult =
	{ ok: true } | { ok: false; reason: 'not_found' | 'already_joined' | 'pending' };

/** The company asks to join a listed house; once at a time, and never a house it has joined. */
export function requestToJoin(
	actor: { companyId: string; userId: string },
	houseId: string,
	message: string
): RequestToJoinResult {
	return getDb().transaction((tx): RequestToJoinResult => {
		const house = tx
			.select({ id: houses.id, name: houses.name, operatorId: houses.operatorId })
			.from(houses)
			.where(and(eq(houses.id, houseId), eq(houses.listed, true), isNull(houses.archivedAt)))
			.get();
		if (!house?.operatorId) return { ok: false, reason: 'not_found' };
		const joined = tx
			.select({ id: agreements.id })
			.from(agreements)
			.where(and(eq(agreements.houseId, houseId), eq(agreements.companyId, actor.companyId)))
			.get();
		if (joined) return { ok: false, reason: 'already_joined' };
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

/** The house's requests still waiting for an answer: the company and its message, no person. */
export function pendingJoinRequests(houseId: string) {
	return getDb()
		.select({
			id: houseJoinRequests.id,
			companyName: companies.name,
			message: houseJoinRequests.message,
			createdAt: houseJoinRequests.createdAt
		})
		.from(houseJoinRequests)
		.innerJoin(companies, eq(houseJoinRequests.companyId, companies.id))
		.where(and(eq(houseJoinRequests.houseId, houseId), eq(houseJoinRequests.status, 'pending')))
		.orderBy(desc(houseJoinRequests.createdAt))
		.all();
}

export type AnswerJoinRequestResult =
	{ ok: true } | { ok: false; reason: 'not_found' | 'already_joined' | 'month_closed' };

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
	house: Pick<House, 'id' | 'name'>,
	requestId: string,
	input: { startDate: string; terms: ProposedTerms }
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
			via: 'request'
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
