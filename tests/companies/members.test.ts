import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, createTeam, houseInput, makeHouse, makeUser } from '../helpers/factories';
import { listAudit } from '../../src/lib/server/audit/audit';
import {
	changeRole,
	leaveCompany,
	listMembers,
	removeMember
} from '../../src/lib/server/companies/members';
import { auditEvents, memberships, type Company } from '../../src/lib/server/db/schema';
import { setHouseArchived, updateHouse } from '../../src/lib/server/houses/houses';

const { db } = useTempDatabase();

function roleOf(company: Company, userId: string) {
	return db()
		.select({ role: memberships.role })
		.from(memberships)
		.where(and(eq(memberships.companyId, company.id), eq(memberships.userId, userId)))
		.get()?.role;
}

function auditActions(company: Company) {
	return db()
		.select()
		.from(auditEvents)
		.where(eq(auditEvents.companyId, company.id))
		.orderBy(auditEvents.id)
		.all();
}

describe('the last owner', () => {
	it('cannot be demoted, removed, or leave', async () => {
		const { company, owner, asOwner } = await createTeam();

		expect(changeRole(company.id, asOwner, owner.id, 'manager')).toEqual({
			ok: false,
			reason: 'last_owner'
		});
		expect(leaveCompany(company.id, owner.id)).toEqual({ ok: false, reason: 'last_owner' });
		// Removing oneself goes through leaving, never through removal.
		expect(removeMember(company.id, asOwner, owner.id)).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		expect(roleOf(company, owner.id)).toBe('owner');
	});

	it('can step down, leave or be removed once there is another owner', async () => {
		const { company, owner, manager, asOwner } = await createTeam();
		expect(changeRole(company.id, asOwner, manager.id, 'owner')).toEqual({
			ok: true,
			changed: true
		});
		expect(roleOf(company, manager.id)).toBe('owner');

		expect(changeRole(company.id, asOwner, owner.id, 'member')).toEqual({
			ok: true,
			changed: true
		});
		expect(roleOf(company, owner.id)).toBe('member');
		// The remaining owner is now the last one.
		expect(leaveCompany(company.id, manager.id)).toEqual({ ok: false, reason: 'last_owner' });

		expect(
			changeRole(company.id, { userId: manager.id, role: 'owner' }, owner.id, 'owner')
		).toEqual({
			ok: true,
			changed: true
		});
		expect(leaveCompany(company.id, owner.id)).toEqual({ ok: true });
		expect(roleOf(company, owner.id)).toBeUndefined();
	});

	it('with two owners, one owner may remove the other', async () => {
		const { company, manager, asOwner } = await createTeam();
		changeRole(company.id, asOwner, manager.id, 'owner');
		expect(removeMember(company.id, asOwner, manager.id)).toEqual({ ok: true });
		expect(roleOf(company, manager.id)).toBeUndefined();
	});
});

describe('who may change roles and remove people', () => {
	it('refuses managers and members', async () => {
		const { company, owner, member, manager, asManager, asMember } = await createTeam();

		expect(changeRole(company.id, asManager, member.id, 'manager')).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		expect(changeRole(company.id, asMember, member.id, 'owner')).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		expect(removeMember(company.id, asManager, member.id)).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		expect(removeMember(company.id, asMember, owner.id)).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		expect(roleOf(company, member.id)).toBe('member');
		expect(roleOf(company, manager.id)).toBe('manager');
		expect(roleOf(company, owner.id)).toBe('owner');
	});

	it('answers not_found for someone outside the company', async () => {
		const { company, asOwner } = await createTeam();
		const other = await createTeam();
		expect(changeRole(company.id, asOwner, other.member.id, 'manager')).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(removeMember(company.id, asOwner, other.member.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(roleOf(other.company, other.member.id)).toBe('member');
	});

	it('changes nothing, and writes no audit entry, for a role saved as it already was', async () => {
		const { company, manager, asOwner } = await createTeam();
		const before = auditActions(company).length;
		expect(changeRole(company.id, asOwner, manager.id, 'manager')).toEqual({
			ok: true,
			changed: false,
			name: manager.name
		});
		expect(roleOf(company, manager.id)).toBe('manager');
		expect(auditActions(company)).toHaveLength(before);
	});

	it('lets a member leave', async () => {
		const { company, member } = await createTeam();
		expect(leaveCompany(company.id, member.id)).toEqual({ ok: true });
		expect(listMembers(company.id).map((m) => m.userId)).not.toContain(member.id);
	});
});

describe('audit log', () => {
	it('records role changes, removals, departures, invitations and house changes', async () => {
		const { company, owner, manager, member, asOwner, asManager } = await createTeam();
		const house = makeHouse(company, owner, { name: 'La Forge' });
		const second = await makeUser('Second');
		addMember(company, owner, second, 'member');

		changeRole(company.id, asOwner, member.id, 'manager');
		updateHouse(company.id, asManager, house.id, houseInput({ name: 'La Grande Forge' }));
		setHouseArchived(company.id, asManager, house.id, true);
		setHouseArchived(company.id, asManager, house.id, false);
		removeMember(company.id, asOwner, second.id);
		leaveCompany(company.id, manager.id);

		const events = auditActions(company).map((e) => ({
			action: e.action,
			actorId: e.actorId,
			subject: e.subject,
			details: e.details
		}));
		expect(events).toEqual([
			{ action: 'company.created', actorId: owner.id, subject: company.name, details: null },
			{
				action: 'invitation.created',
				actorId: owner.id,
				subject: '',
				details: { role: 'manager', maxUses: 1 }
			},
			{
				action: 'member.joined',
				actorId: manager.id,
				subject: manager.name,
				details: { role: 'manager' }
			},
			{
				action: 'invitation.created',
				actorId: owner.id,
				subject: '',
				details: { role: 'member', maxUses: 1 }
			},
			{
				action: 'member.joined',
				actorId: member.id,
				subject: member.name,
				details: { role: 'member' }
			},
			{
				action: 'house.created',
				actorId: owner.id,
				subject: 'La Forge',
				details: { commune: 'Saint-Flour', seats: 6, uplinkKbps: null, downlinkKbps: null }
			},
			{
				action: 'invitation.created',
				actorId: owner.id,
				subject: '',
				details: { role: 'member', maxUses: 1 }
			},
			{
				action: 'member.joined',
				actorId: second.id,
				subject: second.name,
				details: { role: 'member' }
			},
			{
				action: 'member.role_changed',
				actorId: owner.id,
				subject: member.name,
				details: { from: 'member', to: 'manager' }
			},
			{
				action: 'house.updated',
				actorId: manager.id,
				subject: 'La Grande Forge',
				// The declared link is recorded at each change: it decides the house's video.
				details: { uplinkKbps: null, downlinkKbps: null }
			},
			{ action: 'house.archived', actorId: manager.id, subject: 'La Grande Forge', details: null },
			{
				action: 'house.unarchived',
				actorId: manager.id,
				subject: 'La Grande Forge',
				details: null
			},
			{ action: 'member.removed', actorId: owner.id, subject: second.name, details: null },
			{ action: 'member.left', actorId: manager.id, subject: manager.name, details: null }
		]);

		// The page's query: newest first, with the actor's name.
		const page = listAudit(company.id);
		expect(page[0]).toMatchObject({ action: 'member.left', actorName: manager.name });
		expect(page).toHaveLength(events.length);
	});

	it('records nothing for refused changes', async () => {
		const { company, owner, member, asOwner, asMember } = await createTeam();
		const before = auditActions(company).length;
		changeRole(company.id, asMember, member.id, 'owner');
		changeRole(company.id, asOwner, owner.id, 'member');
		leaveCompany(company.id, owner.id);
		removeMember(company.id, asMember, owner.id);
		expect(auditActions(company)).toHaveLength(before);
	});

	it('keeps each company’s log to itself', async () => {
		const a = await createTeam();
		const b = await createTeam();
		changeRole(b.company.id, b.asOwner, b.member.id, 'manager');
		expect(listAudit(a.company.id).some((e) => e.action === 'member.role_changed')).toBe(false);
		expect(auditActions(a.company).every((e) => e.companyId === a.company.id)).toBe(true);
	});
});
