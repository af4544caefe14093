import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, createOwnedCompany, makeUser } from '../helpers/factories';
import {
	acceptInvitation,
	createInvitation,
	findInvitation,
	listInvitations,
	revokeInvitation,
	type CreateInvitationInput
} from '../../src/lib/server/companies/invitations';
import {
	auditEvents,
	invitations,
	memberships,
	type Company
} from '../../src/lib/server/db/schema';
import { hashToken } from '../../src/lib/server/ids';
import { changeRole, removeMember } from '../../src/lib/server/companies/members';
import { deleteAccount } from '../../src/lib/server/account/deletion';

const { db } = useTempDatabase();
const DAY = 24 * 60 * 60 * 1000;

const input = (overrides: Partial<CreateInvitationInput> = {}): CreateInvitationInput => ({
	role: 'member',
	email: null,
	expiresInDays: 7,
	maxUses: 1,
	...overrides
});

function membershipOf(company: Company, userId: string) {
	return db()
		.select()
		.from(memberships)
		.where(and(eq(memberships.companyId, company.id), eq(memberships.userId, userId)))
		.get();
}

function storedInvitation(id: string) {
	return db().select().from(invitations).where(eq(invitations.id, id)).get();
}

describe('creating invitations', () => {
	it('lets owners invite any role, managers up to manager, members nobody', async () => {
		const { owner, company, asOwner } = await createOwnedCompany();
		const manager = await makeUser('Manager');
		const member = await makeUser('Member');
		addMember(company, owner, manager, 'manager');
		addMember(company, owner, member, 'member');
		const asManager = { userId: manager.id, role: 'manager' as const };
		const asMember = { userId: member.id, role: 'member' as const };
		const before = db()
			.select()
			.from(invitations)
			.where(eq(invitations.companyId, company.id))
			.all();

		expect(createInvitation(company.id, asOwner, input({ role: 'owner' }))).not.toBeNull();
		expect(createInvitation(company.id, asManager, input({ role: 'manager' }))).not.toBeNull();
		expect(createInvitation(company.id, asManager, input({ role: 'member' }))).not.toBeNull();
		expect(createInvitation(company.id, asManager, input({ role: 'owner' }))).toBeNull();
		expect(createInvitation(company.id, asMember, input({ role: 'member' }))).toBeNull();

		const after = db()
			.select()
			.from(invitations)
			.where(eq(invitations.companyId, company.id))
			.all();
		expect(after.length - before.length).toBe(3);
		expect(after.filter((i) => i.createdBy === member.id)).toHaveLength(0);
		expect(after.filter((i) => i.createdBy === manager.id && i.role === 'owner')).toHaveLength(0);
	});

	it('stores the token hashed, lower-cases the email and records an audit event', async () => {
		const { company, asOwner } = await createOwnedCompany();
		const created = createInvitation(
			company.id,
			asOwner,
			input({ email: 'Jeanne.Martin@Example.org', role: 'manager' })
		)!;

		const row = storedInvitation(created.invitation.id)!;
		expect(row.tokenHash).toBe(hashToken(created.token));
		expect(row.tokenHash).not.toBe(created.token);
		expect(JSON.stringify(row)).not.toContain(created.token);
		expect(row.email).toBe('jeanne.martin@example.org');
		expect(findInvitation(created.token)?.invitation.id).toBe(row.id);
		expect(findInvitation(row.tokenHash)).toBeNull();

		const audit = db()
			.select()
			.from(auditEvents)
			.where(
				and(eq(auditEvents.companyId, company.id), eq(auditEvents.action, 'invitation.created'))
			)
			.all();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({
			actorId: asOwner.userId,
			subject: 'jeanne.martin@example.org',
			details: { role: 'manager', maxUses: 1 }
		});
	});
});

describe('accepting invitations', () => {
	it('makes the user a member with the invited role and counts one use', async () => {
		const { company, asOwner } = await createOwnedCompany();
		const invitee = await makeUser('Invitee');
		const { invitation, token } = createInvitation(
			company.id,
			asOwner,
			input({ role: 'manager' })
		)!;

		const result = acceptInvitation(token, invitee);
		expect(result).toMatchObject({ ok: true, alreadyMember: false });
		expect(result.ok && result.company.id).toBe(company.id);
		expect(membershipOf(company, invitee.id)?.role).toBe('manager');
		expect(storedInvitation(invitation.id)?.uses).toBe(1);
		const joined = db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.companyId, company.id), eq(auditEvents.action, 'member.joined')))
			.all();
		expect(joined.map((e) => e.actorId)).toContain(invitee.id);
	});

	it('does not use up an invitation for someone already in the company, nor change their role', async () => {
		const { owner, company, asOwner } = await createOwnedCompany();
		const { invitation, token } = createInvitation(company.id, asOwner, input({ role: 'member' }))!;

		expect(acceptInvitation(token, owner)).toMatchObject({ ok: true, alreadyMember: true });
		expect(storedInvitation(invitation.id)?.uses).toBe(0);
		expect(membershipOf(company, owner.id)?.role).toBe('owner');
		// The single use is still there for the person it was meant for.
		const invitee = await makeUser('Invitee');
		expect(acceptInvitation(token, invitee)).toMatchObject({ ok: true, alreadyMember: false });
	});

	it('refuses an expired invitation', async () => {
		const { company, asOwner } = await createOwnedCompany();
		const invitee = await makeUser('Late');
		const now = new Date();
		const { invitation, token } = createInvitation(
			company.id,
			asOwner,
			input({ expiresInDays: 3 }),
			now
		)!;

		expect(acceptInvitation(token, invitee, new Date(now.getTime() + 3 * DAY + 1))).toEqual({
			ok: false,
			reason: 'expired'
		});
		expect(membershipOf(company, invitee.id)).toBeUndefined();
		expect(storedInvitation(invitation.id)?.uses).toBe(0);
		// Still valid just before.
		expect(acceptInvitation(token, invitee, new Date(now.getTime() + 3 * DAY - 1)).ok).toBe(true);
	});

	it('refuses a revoked invitation', async () => {
		const { company, asOwner } = await createOwnedCompany();
		const invitee = await makeUser('Invitee');
		const { invitation, token } = createInvitation(company.id, asOwner, input())!;

		expect(revokeInvitation(company.id, asOwner, invitation.id)).toBe(true);
		expect(acceptInvitation(token, invitee)).toEqual({ ok: false, reason: 'revoked' });
		expect(membershipOf(company, invitee.id)).toBeUndefined();
		expect(listInvitations(company.id).find((i) => i.id === invitation.id)?.status).toBe('revoked');
	});

	it('closes the invitations of someone whose role no longer allows them, or who left', async () => {
		const { owner, company, asOwner } = await createOwnedCompany();
		const manager = await makeUser('Manager');
		addMember(company, owner, manager, 'manager');
		const asManager = { userId: manager.id, role: 'manager' as const };
		const managers = createInvitation(company.id, asManager, input({ role: 'manager' }))!;
		const members = createInvitation(company.id, asManager, input({ role: 'member' }))!;
		// Demoted to member: they may invite nobody; both links close.
		expect(changeRole(company.id, asOwner, manager.id, 'member')).toMatchObject({ ok: true });
		const newcomer = await makeUser('Newcomer');
		expect(acceptInvitation(managers.token, newcomer)).toEqual({ ok: false, reason: 'revoked' });
		expect(acceptInvitation(members.token, newcomer)).toEqual({ ok: false, reason: 'revoked' });
		expect(membershipOf(company, newcomer.id)).toBeUndefined();

		// An owner's member invitation outlives nothing once its maker is removed.
		const other = await makeUser('Other owner');
		addMember(company, owner, other, 'owner');
		const asOther = { userId: other.id, role: 'owner' as const };
		const kept = createInvitation(company.id, asOwner, input())!;
		const gone = createInvitation(company.id, asOther, input())!;
		expect(removeMember(company.id, asOwner, other.id)).toMatchObject({ ok: true });
		expect(acceptInvitation(gone.token, newcomer)).toEqual({ ok: false, reason: 'revoked' });
		expect(acceptInvitation(kept.token, newcomer)).toMatchObject({ ok: true });
	});

	it('closes the invitations of someone who deletes their account', async () => {
		const { owner, company } = await createOwnedCompany();
		const manager = await makeUser('Manager');
		addMember(company, owner, manager, 'manager');
		const asManager = { userId: manager.id, role: 'manager' as const };
		const link = createInvitation(company.id, asManager, input({ role: 'manager', maxUses: 5 }))!;
		expect(deleteAccount(manager.id)).toMatchObject({ ok: true });
		expect(storedInvitation(link.invitation.id)?.revokedAt).not.toBeNull();
		const newcomer = await makeUser('Newcomer');
		expect(acceptInvitation(link.token, newcomer)).toEqual({ ok: false, reason: 'revoked' });
		expect(membershipOf(company, newcomer.id)).toBeUndefined();
	});

	it('refuses someone whose email is not the invited one', async () => {
		const { company, asOwner } = await createOwnedCompany();
		const invited = await makeUser('Invited');
		const intruder = await makeUser('Intruder');
		const { token } = createInvitation(
			company.id,
			asOwner,
			input({ email: invited.email.toUpperCase() })
		)!;

		expect(acceptInvitation(token, intruder)).toEqual({ ok: false, reason: 'wrong_email' });
		expect(membershipOf(company, intruder.id)).toBeUndefined();
		expect(acceptInvitation(token, invited).ok).toBe(true);
	});

	it('lets a single-use invitation be used once', async () => {
		const { company, asOwner } = await createOwnedCompany();
		const first = await makeUser('First');
		const second = await makeUser('Second');
		const { invitation, token } = createInvitation(company.id, asOwner, input({ maxUses: 1 }))!;

		expect(acceptInvitation(token, first).ok).toBe(true);
		expect(acceptInvitation(token, second)).toEqual({ ok: false, reason: 'used_up' });
		expect(membershipOf(company, second.id)).toBeUndefined();
		expect(storedInvitation(invitation.id)?.uses).toBe(1);
	});

	it('counts the uses of a multi-use invitation across several people', async () => {
		const { company, asOwner } = await createOwnedCompany();
		const people = [await makeUser('A'), await makeUser('B'), await makeUser('C')];
		const { invitation, token } = createInvitation(company.id, asOwner, input({ maxUses: null }))!;

		for (const person of people) expect(acceptInvitation(token, person).ok).toBe(true);
		expect(storedInvitation(invitation.id)?.uses).toBe(3);
		for (const person of people) expect(membershipOf(company, person.id)?.role).toBe('member');
		expect(listInvitations(company.id).find((i) => i.id === invitation.id)?.status).toBe('valid');
	});

	it('answers not_found for a token that matches nothing', async () => {
		const someone = await makeUser('Someone');
		expect(acceptInvitation('no-such-token', someone)).toEqual({ ok: false, reason: 'not_found' });
	});
});

describe('revoking invitations', () => {
	it('needs a manager, and an owner for an owner invitation; only within the company', async () => {
		const { owner, company, asOwner } = await createOwnedCompany();
		const other = await createOwnedCompany();
		const manager = await makeUser('Manager');
		const member = await makeUser('Member');
		addMember(company, owner, manager, 'manager');
		addMember(company, owner, member, 'member');
		const asManager = { userId: manager.id, role: 'manager' as const };
		const ownerInvite = createInvitation(company.id, asOwner, input({ role: 'owner' }))!;
		const memberInvite = createInvitation(company.id, asOwner, input({ role: 'member' }))!;

		expect(
			revokeInvitation(
				company.id,
				{ userId: member.id, role: 'member' },
				memberInvite.invitation.id
			)
		).toBe(false);
		expect(revokeInvitation(company.id, asManager, ownerInvite.invitation.id)).toBe(false);
		// Another company's owner, naming this company's invitation under their own company.
		expect(revokeInvitation(other.company.id, other.asOwner, memberInvite.invitation.id)).toBe(
			false
		);
		expect(storedInvitation(memberInvite.invitation.id)?.revokedAt).toBeNull();
		expect(storedInvitation(ownerInvite.invitation.id)?.revokedAt).toBeNull();

		expect(revokeInvitation(company.id, asManager, memberInvite.invitation.id)).toBe(true);
		expect(storedInvitation(memberInvite.invitation.id)?.revokedAt).toBeInstanceOf(Date);
		const revoked = db()
			.select()
			.from(auditEvents)
			.where(
				and(eq(auditEvents.companyId, company.id), eq(auditEvents.action, 'invitation.revoked'))
			)
			.all();
		expect(revoked).toHaveLength(1);
		expect(revoked[0].actorId).toBe(manager.id);
	});
});
