import { publishLiveEvent } from '../live/hub';
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import { getDb, type Executor } from '../db';
import {
	companies,
	invitations,
	memberships,
	users,
	type Company,
	type Invitation,
	type Role
} from '../db/schema';
import { hashToken, newId, randomToken } from '../ids';
import { hasRole } from './companies';

const DAY = 24 * 60 * 60 * 1000;
export const INVITATION_DEFAULT_DAYS = 7;
export const INVITATION_MAX_DAYS = 90;

export type InvitationStatus = 'valid' | 'expired' | 'used_up' | 'revoked';

/** Also used for operators' invitations, which have the same life cycle. */
export function invitationStatus(
	invitation: Pick<Invitation, 'revokedAt' | 'maxUses' | 'uses' | 'expiresAt'>,
	now = new Date()
): InvitationStatus {
	if (invitation.revokedAt) return 'revoked';
	if (invitation.maxUses !== null && invitation.uses >= invitation.maxUses) return 'used_up';
	if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
	return 'valid';
}

/** Managers may invite members and managers; only owners may invite owners. */
export function canInvite(actorRole: Role, invitedRole: Role): boolean {
	return hasRole(actorRole, 'manager') && hasRole(actorRole, invitedRole);
}

export type CreateInvitationInput = {
	role: Role;
	email: string | null;
	expiresInDays: number;
	/** null = multi-use until it expires. */
	maxUses: number | null;
};

/**
 * A new invitation's own fields, whoever it admits to (a company, an operator): the token exists
 * only in this return value and the link; its SHA-256 is what gets stored.
 */
export function newInvitationFields<R extends string>(
	input: { role: R; email: string | null; expiresInDays: number; maxUses: number | null },
	createdBy: string,
	now: Date
) {
	const token = randomToken(24);
	const fields = {
		id: newId(),
		tokenHash: hashToken(token),
		role: input.role,
		email: input.email ? input.email.trim().toLowerCase() : null,
		maxUses: input.maxUses,
		uses: 0,
		expiresAt: new Date(now.getTime() + input.expiresInDays * DAY),
		revokedAt: null,
		createdBy,
		createdAt: now
	};
	return { token, fields };
}

/**
 * Withdraws the open invitations `userId` made in the company that they may no longer make: all of
 * them once they are gone (`role` null), those above what `role` may invite after a demotion. An
 * invitation is the company's door opened by that person; it closes when their right to open it
 * ends, not at its expiry weeks later. In the caller's transaction.
 */
export function withdrawInvitationsBeyond(
	tx: Executor,
	companyId: string,
	userId: string,
	role: Role | null,
	now = new Date()
): void {
	const beyond = tx
		.select({ id: invitations.id, role: invitations.role })
		.from(invitations)
		.where(
			and(
				eq(invitations.companyId, companyId),
				eq(invitations.createdBy, userId),
				isNull(invitations.revokedAt)
			)
		)
		.all()
		.filter((invitation) => role === null || !canInvite(role, invitation.role))
		.map((invitation) => invitation.id);
	if (beyond.length === 0) return;
	tx.update(invitations).set({ revokedAt: now }).where(inArray(invitations.id, beyond)).run();
}

/** Returns the invitation and the token, which exists only in this return value and the link. */
export function createInvitation(
	companyId: string,
	actor: { userId: string; role: Role },
	input: CreateInvitationInput,
	now = new Date()
): { invitation: Invitation; token: string } | null {
	if (!canInvite(actor.role, input.role)) return null;
	const { token, fields } = newInvitationFields(input, actor.userId, now);
	const invitation: Invitation = { ...fields, companyId };
	getDb().transaction((tx) => {
		tx.insert(invitations).values(invitation).run();
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'invitation.created',
			subject: invitation.email ?? '',
			details: { role: invitation.role, maxUses: invitation.maxUses }
		});
	});
	return { invitation, token };
}

export function listInvitations(companyId: string, now = new Date()) {
	return getDb()
		.select({ invitation: invitations, createdByName: users.name })
		.from(invitations)
		.leftJoin(users, eq(invitations.createdBy, users.id))
		.where(eq(invitations.companyId, companyId))
		.orderBy(desc(invitations.createdAt))
		.all()
		.map(({ invitation, createdByName }) => ({
			...invitation,
			createdByName,
			status: invitationStatus(invitation, now)
		}));
}

export function revokeInvitation(
	companyId: string,
	actor: { userId: string; role: Role },
	invitationId: string,
	now = new Date()
): boolean {
	if (!hasRole(actor.role, 'manager')) return false;
	return getDb().transaction((tx) => {
		const invitation = tx
			.select()
			.from(invitations)
			.where(and(eq(invitations.id, invitationId), eq(invitations.companyId, companyId)))
			.get();
		// Only an owner may revoke an owner invitation, as only an owner may create one.
		if (!invitation || !canInvite(actor.role, invitation.role)) return false;
		if (invitation.revokedAt) return true;
		tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, invitationId)).run();
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'invitation.revoked',
			subject: invitation.email ?? '',
			details: { role: invitation.role }
		});
		return true;
	});
}

/** What a person opening an invitation link sees; null when the token matches nothing. */
export function findInvitation(
	token: string,
	now = new Date()
): { invitation: Invitation; company: Company; status: InvitationStatus } | null {
	const row = getDb()
		.select({ invitation: invitations, company: companies })
		.from(invitations)
		.innerJoin(companies, eq(invitations.companyId, companies.id))
		.where(eq(invitations.tokenHash, hashToken(token)))
		.get();
	return row ? { ...row, status: invitationStatus(row.invitation, now) } : null;
}

export type AcceptResult =
	| { ok: true; company: Company; alreadyMember: boolean }
	| { ok: false; reason: InvitationStatus | 'not_found' | 'wrong_email' };

/** Joins the user to the invitation's company, counting one use, all in one transaction. */
export function acceptInvitation(
	token: string,
	user: { id: string; email: string },
	now = new Date()
): AcceptResult {
	const result = joinThroughInvitation(token, user, now);
	// Open boards of the company show the newcomer.
	if (result.ok && !result.alreadyMember) {
		publishLiveEvent(result.company.id, { type: 'company', userId: user.id });
	}
	return result;
}

function joinThroughInvitation(
	token: string,
	user: { id: string; email: string },
	now: Date
): AcceptResult {
	return getDb().transaction((tx): AcceptResult => {
		const row = tx
			.select({ invitation: invitations, company: companies })
			.from(invitations)
			.innerJoin(companies, eq(invitations.companyId, companies.id))
			.where(eq(invitations.tokenHash, hashToken(token)))
			.get();
		if (!row) return { ok: false, reason: 'not_found' };
		const { invitation, company } = row;
		const status = invitationStatus(invitation, now);
		if (status !== 'valid') return { ok: false, reason: status };
		if (invitation.email && invitation.email !== user.email.toLowerCase()) {
			return { ok: false, reason: 'wrong_email' };
		}
		const existing = tx
			.select({ role: memberships.role })
			.from(memberships)
			.where(and(eq(memberships.companyId, company.id), eq(memberships.userId, user.id)))
			.get();
		// Someone already in the company keeps their role and does not use up the invitation.
		if (existing) return { ok: true, company, alreadyMember: true };
		const counted = tx
			.update(invitations)
			.set({ uses: sql`${invitations.uses} + 1` })
			.where(
				and(
					eq(invitations.id, invitation.id),
					or(isNull(invitations.maxUses), lt(invitations.uses, invitations.maxUses))
				)
			)
			.run();
		if (counted.changes === 0) return { ok: false, reason: 'used_up' };
		tx.insert(memberships)
			.values({ companyId: company.id, userId: user.id, role: invitation.role })
			.run();
		const joined = tx.select({ name: users.name }).from(users).where(eq(users.id, user.id)).get();
		recordAudit(tx, {
			companyId: company.id,
			actorId: user.id,
			action: 'member.joined',
			subject: joined?.name ?? user.email,
			details: { role: invitation.role }
		});
		return { ok: true, company, alreadyMember: false };
	});
}
