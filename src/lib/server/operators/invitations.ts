// Invitation links into an operator, for admins and staff: the token exists only in the link, its
// SHA-256 is stored; expiry, uses and revocation work as for companies (companies/invitations.ts).
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import {
	operatorInvitations,
	operatorMembers,
	operators,
	users,
	type Operator,
	type OperatorInvitation,
	type OperatorRole
} from '../db/schema';
import { hashToken } from '../ids';
import {
	invitationStatus,
	newInvitationFields,
	type InvitationStatus
} from '../companies/invitations';
import { recordOperatorAudit } from './audit';

type Actor = { userId: string; role: OperatorRole };

export type OperatorInvitationInput = {
	role: OperatorRole;
	email: string | null;
	expiresInDays: number;
	/** null = multi-use until it expires. */
	maxUses: number | null;
};

/** Admins only. Returns the token, which exists only in this return value and the link. */
export function createOperatorInvitation(
	operatorId: string,
	actor: Actor,
	input: OperatorInvitationInput,
	now = new Date()
): { invitation: OperatorInvitation; token: string } | null {
	if (actor.role !== 'admin') return null;
	const { token, fields } = newInvitationFields(input, actor.userId, now);
	const invitation: OperatorInvitation = { ...fields, operatorId };
	getDb().transaction((tx) => {
		tx.insert(operatorInvitations).values(invitation).run();
		recordOperatorAudit(tx, {
			operatorId,
			actorId: actor.userId,
			action: 'invitation.created',
			subject: invitation.email ?? '',
			details: { role: invitation.role, maxUses: invitation.maxUses }
		});
	});
	return { invitation, token };
}

export function listOperatorInvitations(operatorId: string, now = new Date()) {
	return getDb()
		.select({ invitation: operatorInvitations, createdByName: users.name })
		.from(operatorInvitations)
		.leftJoin(users, eq(operatorInvitations.createdBy, users.id))
		.where(eq(operatorInvitations.operatorId, operatorId))
		.orderBy(desc(operatorInvitations.createdAt))
		.all()
		.map(({ invitation, createdByName }) => ({
			...invitation,
			createdByName,
			status: invitationStatus(invitation, now)
		}));
}

/** Admins only; false when the invitation is not this operator's. */
export function revokeOperatorInvitation(
	operatorId: string,
	actor: Actor,
	invitationId: string,
	now = new Date()
): boolean {
	if (actor.role !== 'admin') return false;
	return getDb().transaction((tx) => {
		const invitation = tx
			.select()
			.from(operatorInvitations)
			.where(
				and(
					eq(operatorInvitations.id, invitationId),
					eq(operatorInvitations.operatorId, operatorId)
				)
			)
			.get();
		if (!invitation) return false;
		if (invitation.revokedAt) return true;
		tx.update(operatorInvitations)
			.set({ revokedAt: now })
			.where(eq(operatorInvitations.id, invitationId))
			.run();
		recordOperatorAudit(tx, {
			operatorId,
			actorId: actor.userId,
			action: 'invitation.revoked',
			subject: invitation.email ?? '',
			details: { role: invitation.role }
		});
		return true;
	});
}

function byToken(db: Executor, token: string) {
	return db
		.select({ invitation: operatorInvitations, operator: operators })
		.from(operatorInvitations)
		.innerJoin(operators, eq(operatorInvitations.operatorId, operators.id))
		.where(eq(operatorInvitations.tokenHash, hashToken(token)));
}

/** What a person opening an invitation link sees; null when the token matches nothing. */
export function findOperatorInvitation(
	token: string,
	now = new Date()
): { invitation: OperatorInvitation; operator: Operator; status: InvitationStatus } | null {
	const row = byToken(getDb(), token).get();
	return row ? { ...row, status: invitationStatus(row.invitation, now) } : null;
}

export type OperatorAcceptResult =
	| { ok: true; operator: Operator; alreadyMember: boolean }
	| { ok: false; reason: InvitationStatus | 'not_found' | 'wrong_email' };

/** Joins the user to the invitation's operator, counting one use, in one transaction. */
export function acceptOperatorInvitation(
	token: string,
	user: { id: string; email: string },
	now = new Date()
): OperatorAcceptResult {
	return getDb().transaction((tx): OperatorAcceptResult => {
		const row = byToken(tx, token).get();
		if (!row) return { ok: false, reason: 'not_found' };
		const { invitation, operator } = row;
		const status = invitationStatus(invitation, now);
		if (status !== 'valid') return { ok: false, reason: status };
		if (invitation.email && invitation.email !== user.email.toLowerCase()) {
			return { ok: false, reason: 'wrong_email' };
		}
		const existing = tx
			.select({ role: operatorMembers.role })
			.from(operatorMembers)
			.where(and(eq(operatorMembers.operatorId, operator.id), eq(operatorMembers.userId, user.id)))
			.get();
		// Someone already in keeps their role and does not use up the invitation.
		if (existing) return { ok: true, operator, alreadyMember: true };
		const counted = tx
			.update(operatorInvitations)
			.set({ uses: sql`${operatorInvitations.uses} + 1` })
			.where(
				and(
					eq(operatorInvitations.id, invitation.id),
					or(
						isNull(operatorInvitations.maxUses),
						lt(operatorInvitations.uses, operatorInvitations.maxUses)
					)
				)
			)
			.run();
		if (counted.changes === 0) return { ok: false, reason: 'used_up' };
		tx.insert(operatorMembers)
			.values({ operatorId: operator.id, userId: user.id, role: invitation.role })
			.run();
		const joined = tx.select({ name: users.name }).from(users).where(eq(users.id, user.id)).get();
		recordOperatorAudit(tx, {
			operatorId: operator.id,
			actorId: user.id,
			action: 'member.joined',
			subject: joined?.name ?? user.email,
			details: { role: invitation.role }
		});
		return { ok: true, operator, alreadyMember: false };
	});
}
