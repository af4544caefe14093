// An operator's members: who they are, their role, and the rule that an operator always keeps an
// admin. Mirrors companies/members.ts. Removal takes effect at once: every operator page and
// action checks membership (requireOperator), and the operator's live stream, the one connection
// its pages hold, is closed when the removal is announced (access-ended.ts).
import { and, eq, sql } from 'drizzle-orm';
import { announceAccessEnded } from '../auth/access-ended';
import { getDb, type Executor } from '../db';
import { prepared } from '../db/prepared';
import { operatorMembers, users, type OperatorRole } from '../db/schema';
import { recordOperatorAudit } from './audit';
import { byName } from '../../name-order';

export type OperatorMemberChangeError = 'not_allowed' | 'not_found' | 'last_admin';
export type OperatorMemberChangeResult =
	{ ok: true } | { ok: false; reason: OperatorMemberChangeError };
/** A role saved as it already was changes nothing: `changed: false`, with the name to say so. */
export type OperatorRoleChangeResult =
	| { ok: true; changed: true }
	| { ok: true; changed: false; name: string }
	| { ok: false; reason: OperatorMemberChangeError };

type Actor = { userId: string; role: OperatorRole };

/** Whether the person is on the operator's staff now (access may have ended since a check). */
export function isOperatorMember(operatorId: string, userId: string): boolean {
	const statement = prepared(getDb(), 'is-operator-member', (db) =>
		db
			.select({ userId: operatorMembers.userId })
			.from(operatorMembers)
			.where(
				and(
					eq(operatorMembers.operatorId, sql.placeholder('operatorId')),
					eq(operatorMembers.userId, sql.placeholder('userId'))
				)
			)
			.prepare()
	);
	return statement.get({ operatorId, userId }) !== undefined;
}

/** The operator's members by name. */
export function listOperatorMembers(operatorId: string) {
	return getDb()
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			role: operatorMembers.role,
			joinedAt: operatorMembers.createdAt
		})
		.from(operatorMembers)
		.innerJoin(users, eq(operatorMembers.userId, users.id))
		.where(eq(operatorMembers.operatorId, operatorId))
		.all()
		.sort(byName);
}

function adminCount(db: Executor, operatorId: string): number {
	const row = db
		.select({ n: sql<number>`count(*)` })
		.from(operatorMembers)
		.where(and(eq(operatorMembers.operatorId, operatorId), eq(operatorMembers.role, 'admin')))
		.get();
	return row?.n ?? 0;
}

function memberOf(db: Executor, operatorId: string, userId: string) {
	return db
		.select({ role: operatorMembers.role, name: users.name })
		.from(operatorMembers)
		.innerJoin(users, eq(operatorMembers.userId, users.id))
		.where(and(eq(operatorMembers.operatorId, operatorId), eq(operatorMembers.userId, userId)))
		.get();
}

/**
 * Admins change roles; the last admin cannot be made staff. The same role again writes nothing,
 * not even an audit entry.
 */
export function changeOperatorRole(
	operatorId: string,
	actor: Actor,
	targetUserId: string,
	newRole: OperatorRole
): OperatorRoleChangeResult {
	if (actor.role !== 'admin') return { ok: false, reason: 'not_allowed' };
	return getDb().transaction((tx): OperatorRoleChangeResult => {
		const target = memberOf(tx, operatorId, targetUserId);
		if (!target) return { ok: false, reason: 'not_found' };
		if (target.role === newRole) return { ok: true, changed: false, name: target.name };
		if (target.role === 'admin' && adminCount(tx, operatorId) <= 1) {
			return { ok: false, reason: 'last_admin' };
		}
		tx.update(operatorMembers)
			.set({ role: newRole })
			.where(
				and(eq(operatorMembers.operatorId, operatorId), eq(operatorMembers.userId, targetUserId))
			)
			.run();
		recordOperatorAudit(tx, {
			operatorId,
			actorId: actor.userId,
			action: 'member.role_changed',
			subject: target.name,
			details: { from: target.role, to: newRole }
		});
		return { ok: true, changed: true };
	});
}

/** Admins remove other members (themselves only through `leaveOperator`). */
export function removeOperatorMember(
	operatorId: string,
	actor: Actor,
	targetUserId: string
): OperatorMemberChangeResult {
	if (actor.role !== 'admin' || actor.userId === targetUserId) {
		return { ok: false, reason: 'not_allowed' };
	}
	return removeMembership(operatorId, actor.userId, targetUserId, 'member.removed');
}

/** Anyone may leave, except the last admin. */
export function leaveOperator(operatorId: string, userId: string): OperatorMemberChangeResult {
	return removeMembership(operatorId, userId, userId, 'member.left');
}

function removeMembership(
	operatorId: string,
	actorId: string,
	targetUserId: string,
	action: 'member.removed' | 'member.left'
): OperatorMemberChangeResult {
	const result = getDb().transaction((tx): OperatorMemberChangeResult => {
		const target = memberOf(tx, operatorId, targetUserId);
		if (!target) return { ok: false, reason: 'not_found' };
		if (target.role === 'admin' && adminCount(tx, operatorId) <= 1) {
			return { ok: false, reason: 'last_admin' };
		}
		tx.delete(operatorMembers)
			.where(
				and(eq(operatorMembers.operatorId, operatorId), eq(operatorMembers.userId, targetUserId))
			)
			.run();
		recordOperatorAudit(tx, { operatorId, actorId, action, subject: target.name });
		return { ok: true };
	});
	// After the commit, so that a listener checking again sees the person gone.
	if (result.ok)
		announceAccessEnded({ kind: 'operator-membership', operatorId, userId: targetUserId });
	return result;
}
