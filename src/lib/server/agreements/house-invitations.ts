// The operator's invitation of a company to a house: a link (its token hashed, as for company
// invitations) that an owner or manager of a company accepts for one of their companies, which
// starts the agreement on the proposed terms.
import { and, desc, eq } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import {
	companies,
	houseInvitations,
	houses,
	memberships,
	operators,
	type House,
	type HouseInvitation,
	type Operator,
	type ProposedTerms
} from '../db/schema';
import { hashToken, newId, randomToken } from '../ids';
import { recordOperatorAudit } from '../operators/audit';
import { hasRole } from '../companies/companies';
import {
	announceCompanyHouses,
	startAgreement,
	startRefusal,
	type StartRefusal
} from './agreements';
import type { SeatsRefusal } from './seats';
import { supersedingAt, type Superseding } from './superseded';

const DAY = 24 * 60 * 60 * 1000;
export const HOUSE_INVITATION_DAYS = 14;

/** 'superseded': still waiting in the table, but its company now has an agreement (superseded.ts). */
export type HouseInvitationStatus = 'valid' | 'expired' | 'revoked' | 'accepted' | 'superseded';

/** The invitation's own status; whether a valid one is superseded is read at its house. */
export function houseInvitationStatus(
	invitation: HouseInvitation,
	now: Date | number = Date.now()
): Exclude<HouseInvitationStatus, 'superseded'> {
	if (invitation.acceptedAt) return 'accepted';
	if (invitation.revokedAt) return 'revoked';
	if (invitation.expiresAt.getTime() <= new Date(now).getTime()) return 'expired';
	return 'valid';
}

/**
 * The agreement that would supersede an invitation to `companyName` from `startDate` as soon as
 * it is sent (that company works at the house over that day already), or null.
 */
export function supersedingAgreement(
	houseId: string,
	invitation: { companyName: string; startDate: string }
): Superseding | null {
	return supersedingAt(getDb(), houseId)(invitation);
}

/** Returns the invitation and the token, which exists only in this return value and the link. */
export function createHouseInvitation(
	actor: { operatorId: string; userId: string },
	house: Pick<House, 'id' | 'name'>,
	input: { companyName: string; startDate: string; terms: ProposedTerms },
	now = new Date()
): { invitation: HouseInvitation; token: string } {
	const token = randomToken(24);
	const invitation: HouseInvitation = {
		id: newId(),
		operatorId: actor.operatorId,
		houseId: house.id,
		tokenHash: hashToken(token),
		companyName: input.companyName,
		startDate: input.startDate,
		terms: input.terms,
		expiresAt: new Date(now.getTime() + HOUSE_INVITATION_DAYS * DAY),
		revokedAt: null,
		acceptedAt: null,
		acceptedCompanyId: null,
		createdBy: actor.userId,
		createdAt: now
	};
	getDb().transaction((tx) => {
		tx.insert(houseInvitations).values(invitation).run();
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'company.invited',
			subject: input.companyName,
			details: { house: house.name, startDate: input.startDate, model: input.terms.model }
		});
	});
	return { invitation, token };
}

/**
 * The house's invitations, newest first, with their status; a superseded one with the company
 * whose agreement closed it and since when.
 */
export function listHouseInvitations(houseId: string, now: Date | number = Date.now()) {
	const superseding = supersedingAt(getDb(), houseId);
	return getDb()
		.select({ invitation: houseInvitations, acceptedCompanyName: companies.name })
		.from(houseInvitations)
		.leftJoin(companies, eq(houseInvitations.acceptedCompanyId, companies.id))
		.where(eq(houseInvitations.houseId, houseId))
		.orderBy(desc(houseInvitations.createdAt))
		.all()
		.map(({ invitation, acceptedCompanyName }) => {
			const own = houseInvitationStatus(invitation, now);
			const by = own === 'valid' ? superseding(invitation) : null;
			return {
				id: invitation.id,
				companyName: invitation.companyName,
				startDate: invitation.startDate,
				terms: invitation.terms,
				expiresAt: invitation.expiresAt,
				acceptedCompanyName,
				status: by ? ('superseded' as const) : own,
				supersededBy: by && { companyName: by.companyName, since: by.startDate }
			};
		});
}

/** Revokes a pending invitation of the house; false when there is none to revoke. */
export function revokeHouseInvitation(
	actor: { operatorId: string; userId: string },
	house: Pick<House, 'id' | 'name'>,
	invitationId: string
): boolean {
	return getDb().transaction((tx) => {
		const invitation = tx
			.select()
			.from(houseInvitations)
			.where(and(eq(houseInvitations.id, invitationId), eq(houseInvitations.houseId, house.id)))
			.get();
		if (!invitation || invitation.acceptedAt) return false;
		if (invitation.revokedAt) return true;
		tx.update(houseInvitations)
			.set({ revokedAt: new Date() })
			.where(eq(houseInvitations.id, invitation.id))
			.run();
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'company.invitation_revoked',
			subject: invitation.companyName,
			details: { house: house.name }
		});
		return true;
	});
}

export type FoundHouseInvitation = {
	invitation: HouseInvitation;
	house: House;
	operator: Operator;
	status: HouseInvitationStatus;
	/** When superseded: the agreement that closed it. */
	superseding: Superseding | null;
};

/** What a person opening the link sees; null when the token matches nothing. */
export function findHouseInvitation(
	token: string,
	now: Date | number = Date.now()
): FoundHouseInvitation | null {
	const row = getDb()
		.select({ invitation: houseInvitations, house: houses, operator: operators })
		.from(houseInvitations)
		.innerJoin(houses, eq(houseInvitations.houseId, houses.id))
		.innerJoin(operators, eq(houseInvitations.operatorId, operators.id))
		.where(eq(houseInvitations.tokenHash, hashToken(token)))
		.get();
	if (!row) return null;
	const { status, superseding } = currentStatus(getDb(), row, now);
	return { ...row, status, superseding };
}

/**
 * The status a person meets: an archived house takes no newcomers (its invitations read as
 * revoked), and a valid invitation whose company has an agreement there now is superseded.
 */
function currentStatus(
	db: Executor,
	{ invitation, house }: { invitation: HouseInvitation; house: House },
	now: Date | number
): { status: HouseInvitationStatus; superseding: Superseding | null } {
	if (house.archivedAt) return { status: 'revoked', superseding: null };
	const status = houseInvitationStatus(invitation, now);
	const superseding = status === 'valid' ? supersedingAt(db, house.id)(invitation) : null;
	return { status: superseding ? 'superseded' : status, superseding };
}

/**
 * Why the company `companyId` could not accept the invitation now — already at the house, an
 * earlier agreement still running, a month closed or seats gone since it was sent — or null when
 * it could (its person's role aside, checked by the page). What acceptHouseInvitation refuses.
 */
export function houseInvitationRefusal(
	{ invitation, house }: FoundHouseInvitation,
	companyId: string,
	now: Date | number = Date.now()
): StartRefusal | null {
	return startRefusal(getDb(), {
		house,
		companyId,
		startDate: invitation.startDate,
		terms: invitation.terms,
		invitationId: invitation.id,
		now
	});
}

export type AcceptHouseInvitationResult =
	| { ok: true; company: { id: string; slug: string; name: string } }
	| {
			ok: false;
			reason:
				| Exclude<HouseInvitationStatus, 'valid'>
				| 'not_found'
				| 'not_allowed'
				| 'already_joined'
				| 'overlap'
				| 'month_closed';
	  }
	| SeatsRefusal;

/**
 * The company `companyId` joins the house: the user must be its owner or manager. The agreement,
 * its first terms, the link and the invitation's use happen in one transaction.
 */
export function acceptHouseInvitation(
	token: string,
	userId: string,
	companyId: string,
	now: Date | number = Date.now()
): AcceptHouseInvitationResult {
	const result = getDb().transaction((tx): AcceptHouseInvitationResult => {
		const row = tx
			.select({ invitation: houseInvitations, house: houses })
			.from(houseInvitations)
			.innerJoin(houses, eq(houseInvitations.houseId, houses.id))
			.where(eq(houseInvitations.tokenHash, hashToken(token)))
			.get();
		if (!row) return { ok: false, reason: 'not_found' };
		const { invitation, house } = row;
		const { status, superseding } = currentStatus(tx, row, now);
		// The company that superseded it hears its own reason from startAgreement below (already
		// in, or an earlier agreement running on the start date); any other company, 'superseded'.
		const ownAgreement = status === 'superseded' && superseding?.companyId === companyId;
		if (status !== 'valid' && !ownAgreement) return { ok: false, reason: status };
		const member = tx
			.select({ role: memberships.role, company: companies })
			.from(memberships)
			.innerJoin(companies, eq(memberships.companyId, companies.id))
			.where(and(eq(memberships.companyId, companyId), eq(memberships.userId, userId)))
			.get();
		if (!member || !hasRole(member.role, 'manager')) return { ok: false, reason: 'not_allowed' };
		const started = startAgreement(tx, {
			operatorId: invitation.operatorId,
			house,
			company: member.company,
			startDate: invitation.startDate,
			terms: invitation.terms,
			actorId: userId,
			via: 'invitation',
			invitationId: invitation.id,
			now
		});
		if (!started.ok) return started;
		// better-sqlite3 runs the transaction alone: the status read above is still true here.
		tx.update(houseInvitations)
			.set({ acceptedAt: new Date(now), acceptedCompanyId: companyId })
			.where(eq(houseInvitations.id, invitation.id))
			.run();
		const { id, slug, name } = member.company;
		return { ok: true, company: { id, slug, name } };
	});
	if (result.ok) announceCompanyHouses(result.company.id);
	return result;
}
