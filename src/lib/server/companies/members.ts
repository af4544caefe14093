import { and, asc, eq, sql } from 'drizzle-orm';
import { byName } from '../../name-order';
import { announceAccessEnded } from '../auth/access-ended';
import { recordAudit } from '../audit/audit';
import { getDb, type Executor } from '../db';
import { prepared } from '../db/prepared';
import { houses, memberships, users, type Role } from '../db/schema';
import { publishLiveEvent } from '../live/hub';
import { withdrawInvitationsBeyond } from './invitations';

export type MemberChangeError = 'not_allowed' | 'not_found' | 'last_owner';
export type MemberChangeResult = { ok: true } | { ok: false; reason: MemberChangeError };
/** A role saved as it already was changes nothing: `changed: false`, with the name to say so. */
export type RoleChangeResult =
	| { ok: true; changed: true }
	| { ok: true; changed: false; name: string }
	| { ok: false; reason: MemberChangeError };

/**
 * The company's members with their home house (null when they have none), by name: the one query
 * behind the members page, the presence board and the stand-up participants.
 */
export function membersWithHomeHouse(companyId: string) {
	return prepared(getDb(), 'members-of-company', (db) =>
		db
			.select({
				userId: users.id,
				name: users.name,
				email: users.email,
				role: memberships.role,
				homeHouseId: memberships.homeHouseId,
				homeHouseName: houses.name,
				homeTimeZone: houses.timeZone,
				/** The person's own zone (profile), for "today" when no house of theirs says it. */
				ownTimeZone: users.timeZone,
				joinedAt: memberships.createdAt
			})
			.from(memberships)
			.innerJoin(users, eq(memberships.userId, users.id))
			.leftJoin(houses, eq(memberships.homeHouseId, houses.id))
			.where(eq(memberships.companyId, sql.placeholder('companyId')))
			.orderBy(asc(users.name))
			.prepare()
	)
		.all({ companyId })
		.sort(byName);
}

/** Whether the person is a member of the company now (access may have ended since a check). */
export function isMember(companyId: string, userId: string): boolean {
	const statement = prepared(getDb(), 'is-member', (db) =>
		db
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(
				and(
					eq(memberships.companyId, sql.placeholder('companyId')),
					eq(memberships.userId, sql.placeholder('userId'))
				)
			)
			.prepare()
	);
	return statement.get({ companyId, userId }) !== undefined;
}

export function listMembers(companyId: string) {
	return membersWithHomeHouse(companyId).map(
		({ userId, name, email, role, homeHouseId, homeHouseName, joinedAt }) => ({
			userId,
			name,
			email,
			role,
			homeHouseId,
			homeHouseName,
			joinedAt
		})
	);
}

function ownerCount(db: Executor, companyId: string): number {
	const row = db
		.select({ n: sql<number>`count(*)` })
		.from(memberships)
		.where(and(eq(memberships.companyId, companyId), eq(memberships.role, 'owner')))
		.get();
	return row?.n ?? 0;
}

function memberOf(db: Executor, companyId: string, userId: string) {
	return db
		.select({ role: memberships.role, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(memberships.userId, users.id))
		.where(and(eq(memberships.companyId, companyId), eq(memberships.userId, userId)))
		.get();
}

/**
 * Owners change roles; a company always keeps at least one owner. The same role again writes
 * nothing, not even an audit entry.
 */
export function changeRole(
	companyId: string,
	actor: { userId: string; role: Role },
	targetUserId: string,
	newRole: Role
): RoleChangeResult {
	if (actor.role !== 'owner') return { ok: false, reason: 'not_allowed' };
	return getDb().transaction((tx): RoleChangeResult => {
		const target = memberOf(tx, companyId, targetUserId);
		if (!target) return { ok: false, reason: 'not_found' };
		if (target.role === newRole) return { ok: true, changed: false, name: target.name };
		if (target.role === 'owner' && ownerCount(tx, companyId) <= 1) {
			return { ok: false, reason: 'last_owner' };
		}
		tx.update(memberships)
			.set({ role: newRole })
			.where(and(eq(memberships.companyId, companyId), eq(memberships.userId, targetUserId)))
			.run();
		withdrawInvitationsBeyond(tx, companyId, targetUserId, newRole);
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'member.role_changed',
			subject: target.name,
			details: { from: target.role, to: newRole }
		});
		return { ok: true, changed: true };
	});
}

/** Owners remove members (themselves included only through `leaveCompany`). */
export function removeMember(
	companyId: string,
	actor: { userId: string; role: Role },
	targetUserId: string
): MemberChangeResult {
	if (actor.role !== 'owner' || actor.userId === targetUserId) {
		return { ok: false, reason: 'not_allowed' };
	}
	return announced(
		companyId,
		targetUserId,
		removeMembership(companyId, actor.userId, targetUserId, 'member.removed')
	);
}

/** Anyone may leave, except the last owner, who must first hand the company to someone. */
export function leaveCompany(companyId: string, userId: string): MemberChangeResult {
	return announced(companyId, userId, removeMembership(companyId, userId, userId, 'member.left'));
}

/**
 * The person gone loses at once every open connection into the company (event streams,
 * documents, calls: see access-ended.ts); open boards drop their card.
 */
function announced(
	companyId: string,
	goneUserId: string,
	result: MemberChangeResult
): MemberChangeResult {
	if (result.ok) {
		announceAccessEnded({ kind: 'membership', companyId, userId: goneUserId });
		publishLiveEvent(companyId, { type: 'company', userId: goneUserId });
	}
	return result;
}

function removeMembership(
	companyId: string,
	actorId: string,
	targetUserId: string,
	action: 'member.removed' | 'member.left'
): MemberChangeResult {
	return getDb().transaction((tx): MemberChangeResult => {
		const target = memberOf(tx, companyId, targetUserId);
		if (!target) return { ok: false, reason: 'not_found' };
		if (target.role === 'owner' && ownerCount(tx, companyId) <= 1) {
			return { ok: false, reason: 'last_owner' };
		}
		tx.delete(memberships)
			.where(and(eq(memberships.companyId, companyId), eq(memberships.userId, targetUserId)))
			.run();
		withdrawInvitationsBeyond(tx, companyId, targetUserId, null);
		recordAudit(tx, { companyId, actorId, action, subject: target.name });
		return { ok: true };
	});
}
