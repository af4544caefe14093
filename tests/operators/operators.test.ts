import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeCompany, makeHouse, makeUser } from '../helpers/factories';
import {
	houseMonths,
	houses,
	operatorAuditEvents,
	operatorMembers,
	type Operator
} from '../../src/lib/server/db/schema';
import { operatorAccess, operatorsOfUser } from '../../src/lib/server/operators/operators';
import {
	changeOperatorRole,
	leaveOperator,
	listOperatorMembers,
	removeOperatorMember
} from '../../src/lib/server/operators/members';
import {
	acceptOperatorInvitation,
	createOperatorInvitation,
	findOperatorInvitation,
	listOperatorInvitations,
	revokeOperatorInvitation
} from '../../src/lib/server/operators/invitations';
import {
	createOperatorHouse,
	getOperatorHouse,
	listOperatorHouses,
	setOperatorHouseArchived,
	updateOperatorHouse
} from '../../src/lib/server/operators/houses';
import { houseToday, networkSummary } from '../../src/lib/server/operators/network';
import { setHouseDirectory } from '../../src/lib/server/operators/directory';
import {
	addOperatorMember,
	linkCompany,
	makeOperatedHouse,
	makeOperator,
	operatedHouseInput,
	presence
} from './helpers';

const { db } = useTempDatabase();

function actions(operator: Operator) {
	return db()
		.select({ action: operatorAuditEvents.action })
		.from(operatorAuditEvents)
		.where(eq(operatorAuditEvents.operatorId, operator.id))
		.orderBy(operatorAuditEvents.id)
		.all()
		.map((row) => row.action);
}

function roleOf(operator: Operator, userId: string) {
	return db()
		.select({ role: operatorMembers.role })
		.from(operatorMembers)
		.where(and(eq(operatorMembers.operatorId, operator.id), eq(operatorMembers.userId, userId)))
		.get()?.role;
}

describe('creating an operator', () => {
	it('makes its creator the admin and lists it for them only', async () => {
		const officer = await makeUser('Officer');
		const stranger = await makeUser('Stranger');
		const operator = makeOperator(officer, 'Communauté de communes du Pays de Murat');
		expect(operator.slug).toBe('communaute-de-communes-du-pays-de-murat');
		expect(roleOf(operator, officer.id)).toBe('admin');
		expect(operatorsOfUser(officer.id).map((o) => o.id)).toContain(operator.id);
		expect(operatorsOfUser(stranger.id)).toEqual([]);
		expect(operatorAccess(operator.slug, stranger.id)).toBeNull();
		expect(actions(operator)).toEqual(['operator.created']);
	});

	it('gives a second operator of the same name its own slug', async () => {
		const officer = await makeUser('Officer');
		const a = makeOperator(officer, 'Relais Cantal');
		const b = makeOperator(officer, 'Relais Cantal');
		expect(a.slug).not.toBe(b.slug);
	});
});

async function crew() {
	const admin = await makeUser('Admin');
	const staff = await makeUser('Staff');
	const operator = makeOperator(admin);
	addOperatorMember(operator, admin, staff, 'staff');
	return {
		admin,
		staff,
		operator,
		asAdmin: { userId: admin.id, role: 'admin' as const },
		asStaff: { userId: staff.id, role: 'staff' as const }
	};
}

describe('members and roles', () => {
	it('lets admins change roles, never staff', async () => {
		const { operator, staff, admin, asAdmin, asStaff } = await crew();
		expect(changeOperatorRole(operator.id, asStaff, admin.id, 'staff')).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		expect(changeOperatorRole(operator.id, asAdmin, staff.id, 'admin')).toEqual({
			ok: true,
			changed: true
		});
		expect(roleOf(operator, staff.id)).toBe('admin');
		expect(actions(operator)).toContain('member.role_changed');
	});

	it('changes nothing, and writes no audit entry, for a role saved as it already was', async () => {
		const { operator, staff, asAdmin } = await crew();
		const before = actions(operator);
		expect(changeOperatorRole(operator.id, asAdmin, staff.id, 'staff')).toEqual({
			ok: true,
			changed: false,
			name: staff.name
		});
		expect(roleOf(operator, staff.id)).toBe('staff');
		expect(actions(operator)).toEqual(before);
	});

	it('keeps the last admin: no demotion, no leaving', async () => {
		const { operator, admin, asAdmin } = await crew();
		expect(changeOperatorRole(operator.id, asAdmin, admin.id, 'staff')).toEqual({
			ok: false,
			reason: 'last_admin'
		});
		expect(leaveOperator(operator.id, admin.id)).toEqual({ ok: false, reason: 'last_admin' });
		expect(roleOf(operator, admin.id)).toBe('admin');
	});

	it('lets an admin leave once another admin exists', async () => {
		const { operator, admin, staff, asAdmin } = await crew();
		changeOperatorRole(operator.id, asAdmin, staff.id, 'admin');
		expect(leaveOperator(operator.id, admin.id)).toEqual({ ok: true });
		expect(operatorAccess(operator.slug, admin.id)).toBeNull();
	});

	it('removes a member at once, and only an admin may', async () => {
		const { operator, admin, staff, asAdmin, asStaff } = await crew();
		expect(removeOperatorMember(operator.id, asStaff, admin.id).ok).toBe(false);
		expect(removeOperatorMember(operator.id, asAdmin, admin.id)).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		expect(removeOperatorMember(operator.id, asAdmin, staff.id)).toEqual({ ok: true });
		expect(operatorAccess(operator.slug, staff.id)).toBeNull();
		expect(listOperatorMembers(operator.id).map((m) => m.userId)).toEqual([admin.id]);
		expect(actions(operator)).toContain('member.removed');
	});
});

describe('invitations', () => {
	const input = { role: 'staff' as const, email: null, expiresInDays: 7, maxUses: 1 };

	it('are created by admins only and store only the hash of the token', async () => {
		const { operator, asAdmin, asStaff } = await crew();
		expect(createOperatorInvitation(operator.id, asStaff, input)).toBeNull();
		const created = createOperatorInvitation(operator.id, asAdmin, input);
		expect(created).not.toBeNull();
		expect(created!.invitation.tokenHash).not.toContain(created!.token);
		expect(findOperatorInvitation(created!.token)?.operator.id).toBe(operator.id);
		expect(findOperatorInvitation('not-a-token')).toBeNull();
	});

	it('join with the invited role, once for a single-use link', async () => {
		const { operator, asAdmin } = await crew();
		const a = await makeUser('Joiner');
		const b = await makeUser('Late');
		const { token } = createOperatorInvitation(operator.id, asAdmin, input)!;
		expect(acceptOperatorInvitation(token, a)).toMatchObject({ ok: true, alreadyMember: false });
		expect(roleOf(operator, a.id)).toBe('staff');
		expect(acceptOperatorInvitation(token, b)).toEqual({ ok: false, reason: 'used_up' });
		expect(roleOf(operator, b.id)).toBeUndefined();
	});

	it('refuse another email, an expired link and a revoked one', async () => {
		const { operator, asAdmin, asStaff } = await crew();
		const person = await makeUser('Person');
		const bound = createOperatorInvitation(operator.id, asAdmin, {
			...input,
			email: 'someone.else@example.org'
		})!;
		expect(acceptOperatorInvitation(bound.token, person)).toEqual({
			ok: false,
			reason: 'wrong_email'
		});
		const old = createOperatorInvitation(
			operator.id,
			asAdmin,
			input,
			new Date(Date.now() - 8 * 86_400_000)
		)!;
		expect(acceptOperatorInvitation(old.token, person)).toEqual({ ok: false, reason: 'expired' });
		const revoked = createOperatorInvitation(operator.id, asAdmin, { ...input, maxUses: null })!;
		expect(revokeOperatorInvitation(operator.id, asStaff, revoked.invitation.id)).toBe(false);
		expect(revokeOperatorInvitation(operator.id, asAdmin, revoked.invitation.id)).toBe(true);
		expect(acceptOperatorInvitation(revoked.token, person)).toEqual({
			ok: false,
			reason: 'revoked'
		});
		expect(
			listOperatorInvitations(operator.id)
				.map((i) => i.status)
				.sort()
			// The staff member's own link (used up) is listed too.
		).toEqual(['expired', 'revoked', 'used_up', 'valid']);
		expect(roleOf(operator, person.id)).toBeUndefined();
	});

	it('cannot be revoked through another operator', async () => {
		const one = await crew();
		const two = await crew();
		const created = createOperatorInvitation(one.operator.id, one.asAdmin, input)!;
		expect(revokeOperatorInvitation(two.operator.id, two.asAdmin, created.invitation.id)).toBe(
			false
		);
		expect(findOperatorInvitation(created.token)?.status).toBe('valid');
	});
});

describe('houses', () => {
	it('are created, edited and archived by admins, and belong to the operator', async () => {
		const { operator, asAdmin, asStaff } = await crew();
		expect(createOperatorHouse(operator.id, asStaff, operatedHouseInput())).toBeNull();
		const house = createOperatorHouse(
			operator.id,
			asAdmin,
			operatedHouseInput({ name: 'Maison de Murat', openingDays: [2, 4], opensAt: '09:00' })
		)!;
		expect(house.operatorId).toBe(operator.id);
		const stored = getOperatorHouse(operator.id, house.id)!;
		expect(stored).toMatchObject({
			name: 'Maison de Murat',
			openingDays: [2, 4],
			opensAt: '09:00'
		});
		expect(updateOperatorHouse(operator.id, asStaff, house.id, operatedHouseInput())).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(
			updateOperatorHouse(
				operator.id,
				asAdmin,
				house.id,
				operatedHouseInput({ name: 'Renamed', listed: true })
			)
		).toEqual({ ok: true });
		expect(getOperatorHouse(operator.id, house.id)).toMatchObject({
			name: 'Renamed',
			listed: true
		});
		expect(setOperatorHouseArchived(operator.id, asAdmin, house.id, true)).toBe(true);
		expect(getOperatorHouse(operator.id, house.id)?.archivedAt).not.toBeNull();
		expect(actions(operator)).toEqual(
			expect.arrayContaining(['house.created', 'house.updated', 'house.archived'])
		);
	});

	it('keep a declared link the form left out, and the audit says the link in force', async () => {
		const { operator, admin, asAdmin } = await crew();
		const house = makeOperatedHouse(operator, admin);
		const declared = { uplinkKbps: 512, downlinkKbps: 2000 };
		expect(
			updateOperatorHouse(operator.id, asAdmin, house.id, operatedHouseInput(declared))
		).toEqual({ ok: true });
		// A later edit without the link fields (a form that does not show them) keeps it.
		expect(
			updateOperatorHouse(operator.id, asAdmin, house.id, operatedHouseInput({ name: 'Renamed' }))
		).toEqual({ ok: true });
		expect(getOperatorHouse(operator.id, house.id)).toMatchObject(declared);
		const details = db()
			.select({ details: operatorAuditEvents.details })
			.from(operatorAuditEvents)
			.where(
				and(
					eq(operatorAuditEvents.operatorId, operator.id),
					eq(operatorAuditEvents.action, 'house.updated')
				)
			)
			.orderBy(operatorAuditEvents.id)
			.all()
			.map((row) => row.details);
		expect(details).toEqual([declared, declared]);
	});

	it('of another operator, or a company’s private house, are out of reach', async () => {
		const one = await crew();
		const two = await crew();
		const theirs = makeOperatedHouse(two.operator, two.admin);
		expect(getOperatorHouse(one.operator.id, theirs.id)).toBeUndefined();
		expect(
			updateOperatorHouse(one.operator.id, one.asAdmin, theirs.id, operatedHouseInput())
		).toEqual({ ok: false, reason: 'not_found' });
		expect(setOperatorHouseArchived(one.operator.id, one.asAdmin, theirs.id, true)).toBe(false);
		expect(listOperatorHouses(one.operator.id)).toEqual([]);
		const owner = await makeUser('Owner');
		const privateHouse = makeHouse(makeCompany(owner), owner);
		expect(getOperatorHouse(one.operator.id, privateHouse.id)).toBeUndefined();
		expect(
			updateOperatorHouse(one.operator.id, one.asAdmin, privateHouse.id, operatedHouseInput())
		).toEqual({ ok: false, reason: 'not_found' });
		expect(db().select().from(houses).where(eq(houses.id, theirs.id)).get()?.archivedAt).toBeNull();
	});
});

describe('the network and a house today (counts only)', () => {
	// 10:00 in Paris on Wednesday 15 April 2026.
	const now = new Date('2026-04-15T08:00:00Z');

	async function network() {
		const { operator, admin } = await crew();
		const murat = makeOperatedHouse(operator, admin, { name: 'Murat', seats: 10 });
		const allanche = makeOperatedHouse(operator, admin, { name: 'Allanche', seats: 6 });
		const ownerA = await makeUser('OwnerA');
		const ownerB = await makeUser('OwnerB');
		const a = makeCompany(ownerA, 'Atelier A');
		const b = makeCompany(ownerB, 'Bureau B');
		const ann = await makeUser('Ann');
		const bob = await makeUser('Bob');
		linkCompany(operator, murat, a.id);
		linkCompany(operator, murat, b.id);
		linkCompany(operator, allanche, a.id, '2026-01-01', '2026-03-31'); // ended
		return { operator, admin, murat, allanche, a, b, ann, bob, ownerA };
	}

	it('counts check-ins, half a day as 0.5, never plans, past months or future days', async () => {
		const { operator, murat, allanche, a, b, ann, bob, ownerA } = await network();
		presence(murat, a.id, ann.id, '2026-04-15'); // today
		presence(murat, b.id, bob.id, '2026-04-15', { half: 'am' }); // today, half
		presence(murat, a.id, ownerA.id, '2026-04-15', { checked: false }); // a plan
		presence(murat, a.id, ann.id, '2026-04-02'); // earlier this month
		presence(murat, b.id, bob.id, '2026-04-03', { half: 'pm' });
		presence(murat, a.id, ann.id, '2026-03-31'); // last month
		presence(murat, a.id, ann.id, '2026-04-16', { checked: false }); // tomorrow, planned
		presence(allanche, a.id, ann.id, '2026-04-10');
		db()
			.insert(houseMonths)
			.values({
				houseId: allanche.id,
				month: '2026-03',
				costCents: 0,
				fundingCents: 0,
				sharedCents: 0,
				allHalfDays: 0,
				billedCents: 0,
				closedAt: new Date()
			})
			.run();

		const summary = networkSummary(operator.id, now);
		expect(summary.map((line) => line.house.name)).toEqual(['Allanche', 'Murat']);
		const [al, mu] = summary;
		expect(mu).toMatchObject({
			companies: 2,
			onSiteToday: 2,
			personDaysThisMonth: 1 + 0.5 + 1 + 0.5,
			lastMonth: '2026-03',
			lastMonthState: 'open'
		});
		expect(al).toMatchObject({
			companies: 0,
			onSiteToday: 0,
			personDaysThisMonth: 1,
			lastMonthState: 'closed'
		});
	});

	it('has nothing to close for last month at a house whose first agreement starts after it', async () => {
		const { operator, admin, a } = await network();
		const newcomer = makeOperatedHouse(operator, admin, { name: 'Brezons', seats: 4 });
		linkCompany(operator, newcomer, a.id, '2026-04-01');
		const empty = makeOperatedHouse(operator, admin, { name: 'Cézallier', seats: 4 });

		const summary = networkSummary(operator.id, now);
		const state = (house: { id: string }) =>
			summary.find((line) => line.house.id === house.id)?.lastMonthState;
		expect(state(newcomer)).toBe('none');
		expect(state(empty)).toBe('none');
	});

	it('shows names only of people on site today who opted in to the directory', async () => {
		const { murat, a, b, ann, bob } = await network();
		presence(murat, a.id, ann.id, '2026-04-15', { half: 'am' });
		presence(murat, a.id, ann.id, '2026-04-15', { half: 'pm' });
		presence(murat, b.id, bob.id, '2026-04-15');

		const before = houseToday(murat, now);
		expect(before.onSiteToday).toBe(2);
		expect(before.directory).toEqual([]);
		expect(before.companies.map((c) => [c.name, c.onSiteToday, c.personDaysThisMonth])).toEqual([
			['Atelier A', 1, 1],
			['Bureau B', 1, 1]
		]);
		// Nothing in what the operator receives names a person.
		expect(JSON.stringify(before)).not.toContain(ann.name);
		expect(JSON.stringify(before)).not.toContain(bob.name);

		setHouseDirectory(bob.id, true);
		const after = houseToday(murat, now);
		expect(after.directory.map((p) => p.name)).toEqual([bob.name]);
		expect(JSON.stringify(after)).not.toContain(ann.name);

		// Opted in but not on site today: not listed.
		setHouseDirectory(ann.id, true);
		expect(houseToday(murat, new Date('2026-04-16T08:00:00Z')).directory).toEqual([]);
	});

	it('runs the same number of queries for one house or thirty', async () => {
		const { operator, admin } = await crew();
		makeOperatedHouse(operator, admin);
		const client = db().$client;
		const prepare = client.prepare.bind(client);
		let count = 0;
		client.prepare = ((source: string) => {
			count += 1;
			return prepare(source);
		}) as typeof client.prepare;
		try {
			networkSummary(operator.id, now);
			const one = count;
			for (let i = 0; i < 29; i++) makeOperatedHouse(operator, admin);
			count = 0;
			expect(networkSummary(operator.id, now)).toHaveLength(30);
			expect(count).toBe(one);
		} finally {
			client.prepare = prepare;
		}
	});
});
