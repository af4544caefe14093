// Deleting one's own account on a real database: what refuses it (a company or an operator others
// depend on, money records an operator keeps), what goes with the user row, what stays with null
// in place of the person, and that every connection of theirs is told at once.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, createTeam, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { addOperatorMember, makeOperator } from '../operators/helpers';
import {
	addPerson,
	checkIn,
	makeAgreement,
	makeCompanyRow,
	makeOperatorHouse,
	plan
} from '../billing/support';
import {
	deleteAccount,
	deleteCompanyOfOne,
	deletionPlan
} from '../../src/lib/server/account/deletion';
import { onAccessEnded, type AccessEnded } from '../../src/lib/server/auth/access-ended';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session';
import { createUser } from '../../src/lib/server/auth/user';
import { listAudit } from '../../src/lib/server/audit/audit';
import { closeMonth } from '../../src/lib/server/billing/closing';
import { addCostLine, setFunding } from '../../src/lib/server/billing/costs';
import { companyStatement, operatorMonthView } from '../../src/lib/server/billing/statements';
import { statementCsv } from '../../src/lib/server/billing/statement-text';
import { changeRole } from '../../src/lib/server/companies/members';
import { createDocument, listDocuments } from '../../src/lib/server/documents/documents';
import { listOperatorAudit } from '../../src/lib/server/operators/audit';
import {
	companies,
	dayPlans,
	documents,
	houseMonths,
	houses,
	memberships,
	operators,
	sessions,
	users
} from '../../src/lib/server/db/schema';

const { db } = useTempDatabase();

const stopListening: Array<() => void> = [];
afterEach(() => stopListening.splice(0).forEach((stop) => stop()));

/** Every access-ended event from now on. */
function listen(): AccessEnded[] {
	const events: AccessEnded[] = [];
	stopListening.push(onAccessEnded((event) => events.push(event)));
	return events;
}

const userRow = (id: string) => db().select().from(users).where(eq(users.id, id)).get();

describe('what keeps an account from being deleted', () => {
	it('refuses the only owner of a company with other members, and deletes nothing', async () => {
		const team = await createTeam();
		const result = deleteAccount(team.owner.id);
		expect(result).toEqual({
			ok: false,
			reason: 'blocked',
			blockers: [{ kind: 'company_owner', space: expect.objectContaining({ id: team.company.id }) }]
		});
		expect(userRow(team.owner.id)).toBeDefined();
		expect(
			db().select().from(memberships).where(eq(memberships.userId, team.owner.id)).all()
		).toHaveLength(1);

		// Once the company has another owner, nothing keeps them.
		changeRole(team.company.id, { userId: team.owner.id, role: 'owner' }, team.manager.id, 'owner');
		expect(deletionPlan(team.owner.id).blockers).toEqual([]);
		expect(deleteAccount(team.owner.id).ok).toBe(true);
		expect(userRow(team.owner.id)).toBeUndefined();
	});

	it('refuses the only admin of an operator with other staff', async () => {
		const admin = await makeUser('Admin');
		const staff = await makeUser('Staff');
		const operator = makeOperator(admin);
		addOperatorMember(operator, admin, staff, 'staff');
		expect(deletionPlan(admin.id).blockers).toEqual([
			{ kind: 'operator_admin', space: expect.objectContaining({ id: operator.id }) }
		]);
		expect(deleteAccount(admin.id).ok).toBe(false);
		// Staff may go: the operator keeps its admin.
		expect(deleteAccount(staff.id).ok).toBe(true);
		expect(userRow(admin.id)).toBeDefined();
	});

	it('refuses to take money records with it: a lone company under an agreement, a lone operator running houses', async () => {
		const alone = await makeUser('Alone');
		const operator = makeOperator(alone);
		const house = makeOperatorHouse(operator.id);
		const company = makeCompany(alone);
		makeAgreement(house, company.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});

		const result = deleteAccount(alone.id);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.reason === 'blocked' && result.blockers.map((b) => b.kind)).toEqual(
			['company_records', 'operator_records']
		);
		expect(userRow(alone.id)).toBeDefined();
		expect(db().select().from(companies).where(eq(companies.id, company.id)).get()).toBeDefined();
	});
});

describe('deleting an account', () => {
	it('takes the person’s own rows, keeps what they wrote with no author, and logs it in each company', async () => {
		const team = await createTeam();
		const other = makeCompany(team.owner, 'Other company');
		addMember(other, team.owner, team.member, 'member');
		const house = makeHouse(team.company, team.owner);
		plan(house, team.company.id, team.member.id, '2026-12-07');
		plan(house, team.company.id, team.manager.id, '2026-12-07');
		const written = createDocument(
			team.company.id,
			{ userId: team.member.id, role: 'member' },
			{ title: 'Notes de Murat', kind: 'blank' }
		);
		db()
			.update(documents)
			.set({ lastEditorId: team.member.id, editedAt: new Date() })
			.where(eq(documents.id, written.id))
			.run();
		const session = createSession(generateSessionToken(), team.member.id);
		const events = listen();

		const result = deleteAccount(team.member.id);
		expect(result.ok).toBe(true);

		expect(userRow(team.member.id)).toBeUndefined();
		expect(db().select().from(sessions).where(eq(sessions.userId, team.member.id)).all()).toEqual(
			[]
		);
		expect(
			db().select().from(dayPlans).where(eq(dayPlans.companyId, team.company.id)).all()
		).toEqual([expect.objectContaining({ userId: team.manager.id })]);
		// The document stays with the company, its author and last editor gone.
		const kept = db().select().from(documents).where(eq(documents.id, written.id)).get();
		expect(kept).toMatchObject({ title: 'Notes de Murat', createdBy: null, lastEditorId: null });
		expect(listDocuments(team.company.id)).toEqual([
			expect.objectContaining({ id: written.id, lastEditorName: null })
		]);
		// Both companies record it, with the name as a leave does; the actor reads as deleted.
		for (const companyId of [team.company.id, other.id]) {
			expect(listAudit(companyId)[0]).toMatchObject({
				action: 'member.account_deleted',
				subject: team.member.name,
				actorName: null
			});
		}
		// Every session, and every company's streams, sockets and calls, end at once.
		expect(events).toEqual(
			expect.arrayContaining([
				{ kind: 'sessions', userId: team.member.id, sessionIds: new Set([session.id]) },
				{ kind: 'membership', companyId: team.company.id, userId: team.member.id },
				{ kind: 'membership', companyId: other.id, userId: team.member.id }
			])
		);
		expect(events).toHaveLength(3);
	});

	it('deletes with the account a company and an operator where the person is alone, and the company’s own house', async () => {
		const alone = await makeUser('Solo');
		const company = makeCompany(alone, 'Solo SARL');
		const house = makeHouse(company, alone);
		const operator = makeOperator(alone, 'Tiers-lieu vide');
		const events = listen();
		expect(deletionPlan(alone.id)).toMatchObject({
			blockers: [],
			companiesGoing: [expect.objectContaining({ name: 'Solo SARL' })],
			operatorsGoing: [expect.objectContaining({ name: 'Tiers-lieu vide' })]
		});

		expect(deleteAccount(alone.id).ok).toBe(true);
		expect(db().select().from(companies).where(eq(companies.id, company.id)).get()).toBeUndefined();
		expect(db().select().from(houses).where(eq(houses.id, house.id)).get()).toBeUndefined();
		expect(
			db().select().from(operators).where(eq(operators.id, operator.id)).get()
		).toBeUndefined();
		expect(events).toEqual(
			expect.arrayContaining([
				{ kind: 'membership', companyId: company.id, userId: alone.id },
				{ kind: 'operator-membership', operatorId: operator.id, userId: alone.id }
			])
		);
	});

	it('lets the email sign up again, as a new account', async () => {
		const person = await makeUser('Returning');
		expect(deleteAccount(person.id).ok).toBe(true);
		const again = await createUser({
			name: 'Returning again',
			email: person.email,
			password: 'une-autre-longue-phrase'
		});
		expect(again.id).not.toBe(person.id);
	});
});

describe('a closed month after someone in it deleted their account', () => {
	it('keeps the statement as it was, and still renders it', async () => {
		const officer = await makeUser('Officer');
		const secondAdmin = await makeUser('Second');
		const operator = makeOperator(officer);
		addOperatorMember(operator, officer, secondAdmin, 'admin');
		const house = makeOperatorHouse(operator.id);
		const company = makeCompanyRow('Scop Volcans');
		makeAgreement(house, company.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});
		const alice = addPerson(company.id, 'Alice Volcans');
		const bob = addPerson(company.id, 'Bob Volcans');
		checkIn(house, company.id, alice.id, '2026-10-05');
		checkIn(house, company.id, bob.id, '2026-10-06', 'am');
		const actor = { operatorId: operator.id, userId: officer.id };
		expect(
			addCostLine(actor, house, '2026-10', {
				category: 'rent',
				label: 'Loyer',
				amountCents: 90_000
			}).ok
		).toBe(true);
		expect(
			setFunding(actor, house, '2026-10', { kind: 'amount', amountCents: 10_000, label: 'Commune' })
				.ok
		).toBe(true);
		expect(closeMonth(actor, house, '2026-10', Date.parse('2026-11-02T10:00:00Z')).ok).toBe(true);
		const before = companyStatement(company.id, house.id, '2026-10')!;

		// Alice leaves for good; so does the officer who entered the costs and closed the month
		// (the month's rows then lose who did it, and nothing else).
		expect(deleteAccount(alice.id).ok).toBe(true);
		expect(deleteAccount(officer.id).ok).toBe(true);

		const after = companyStatement(company.id, house.id, '2026-10')!;
		expect(after.people).toEqual(before.people);
		expect(after.people).toContainEqual({ userId: alice.id, name: 'Alice Volcans', halfDays: 2 });
		expect(after.totalCents).toBe(before.totalCents);
		expect(
			db().select().from(houseMonths).where(eq(houseMonths.houseId, house.id)).get()
		).toMatchObject({ closedBy: null, billedCents: before.monthTotals.billedCents });
		expect(operatorMonthView(house.id, '2026-10')).not.toBeNull();
		const csv = statementCsv({
			houseName: house.name,
			operatorName: operator.name,
			companyName: after.companyName,
			month: after.month,
			lines: after.lines,
			totalCents: after.totalCents,
			halfDays: after.halfDays,
			people: after.people
		});
		expect(csv).toContain('Alice Volcans');
		expect(listOperatorAudit(operator.id)[0]).toMatchObject({
			action: 'member.account_deleted',
			actorName: null
		});
		// The triggers still refuse any real change of the closed month.
		expect(() =>
			db()
				.update(houseMonths)
				.set({ billedCents: 1 })
				.where(eq(houseMonths.houseId, house.id))
				.run()
		).toThrow(/closed month/);
	});
});

describe('a month still open after someone in it deleted their account', () => {
	it('bills their check-ins there under no one’s name, and drops their plans and closed months', async () => {
		const officer = await makeUser('Officer');
		const operator = makeOperator(officer);
		const house = makeOperatorHouse(operator.id);
		const volcans = makeCompanyRow('Scop Volcans');
		const lavoir = makeCompanyRow('Atelier du Lavoir');
		for (const company of [volcans, lavoir]) {
			makeAgreement(house, company.id, {
				startDate: '2026-09-01',
				terms: [{ validFrom: '2026-09-01' }]
			});
		}
		const alice = addPerson(volcans.id, 'Alice Volcans');
		const bob = addPerson(volcans.id, 'Bob Volcans');
		const carol = addPerson(lavoir.id, 'Carol Lavoir');
		// September is closed with Alice in it; October is open: two half-days of hers to bill.
		checkIn(house, volcans.id, alice.id, '2026-09-14');
		checkIn(house, lavoir.id, carol.id, '2026-09-15');
		const actor = { operatorId: operator.id, userId: officer.id };
		expect(closeMonth(actor, house, '2026-09', Date.parse('2026-10-02T10:00:00Z')).ok).toBe(true);
		checkIn(house, volcans.id, alice.id, '2026-10-05');
		checkIn(house, volcans.id, bob.id, '2026-10-06', 'am');
		checkIn(house, lavoir.id, carol.id, '2026-10-07');
		plan(house, volcans.id, alice.id, '2026-10-08');
		expect(
			addCostLine(actor, house, '2026-10', {
				category: 'rent',
				label: 'Loyer',
				amountCents: 90_000
			}).ok
		).toBe(true);

		expect(deleteAccount(alice.id).ok).toBe(true);

		// Her rows are gone; a copy of the one check-in October will bill is no one's.
		expect(db().select().from(dayPlans).where(eq(dayPlans.userId, alice.id)).all()).toEqual([]);
		const kept = db()
			.select()
			.from(dayPlans)
			.where(eq(dayPlans.companyId, volcans.id))
			.all()
			.filter((row) => row.userId !== bob.id);
		expect(kept).toHaveLength(1);
		expect(kept[0]).toMatchObject({ date: '2026-10-05', half: 'day', houseId: house.id });
		const former = userRow(kept[0].userId)!;
		expect(former.name).toBe('');
		expect(former.email).not.toContain('@');
		expect(db().select().from(memberships).where(eq(memberships.userId, former.id)).all()).toEqual(
			[]
		);

		// October bills Volcans 3 half-days of 5, as if Alice were still there: 54 000 of 90 000.
		expect(closeMonth(actor, house, '2026-10', Date.parse('2026-11-02T10:00:00Z')).ok).toBe(true);
		const october = companyStatement(volcans.id, house.id, '2026-10')!;
		expect(october.halfDays).toBe(3);
		expect(october.totalCents).toBe(54_000);
		expect(companyStatement(lavoir.id, house.id, '2026-10')!.totalCents).toBe(36_000);
		expect(october.people).toContainEqual({ userId: former.id, name: '', halfDays: 2 });
		const csv = statementCsv({
			houseName: house.name,
			operatorName: operator.name,
			companyName: october.companyName,
			month: october.month,
			lines: october.lines,
			totalCents: october.totalCents,
			halfDays: october.halfDays,
			people: october.people
		});
		expect(csv).toContain('Former member');
		expect(csv).not.toContain('Alice');
	});
});

describe('a company deleted by its only member', () => {
	it('goes with its documents and its own house; the person stays, and their sockets of it end', async () => {
		const solo = await makeUser('Solo');
		const company = makeCompany(solo, 'Essai SARL');
		const house = makeHouse(company, solo);
		const document = createDocument(
			company.id,
			{ userId: solo.id, role: 'owner' },
			{ title: 'Brouillon', kind: 'blank' }
		);
		const events = listen();
		expect(deleteCompanyOfOne(company.id, solo.id)).toEqual({ ok: true });
		expect(db().select().from(companies).where(eq(companies.id, company.id)).get()).toBeUndefined();
		expect(db().select().from(houses).where(eq(houses.id, house.id)).get()).toBeUndefined();
		expect(
			db().select().from(documents).where(eq(documents.id, document.id)).get()
		).toBeUndefined();
		expect(userRow(solo.id)).toBeDefined();
		expect(events).toEqual([{ kind: 'membership', companyId: company.id, userId: solo.id }]);
	});

	it('is refused once someone else is in it, to a stranger, and with records an operator keeps', async () => {
		const team = await createTeam();
		expect(deleteCompanyOfOne(team.company.id, team.owner.id)).toEqual({
			ok: false,
			reason: 'not_alone'
		});
		const stranger = await makeUser('Stranger');
		const theirs = makeCompany(stranger);
		expect(deleteCompanyOfOne(theirs.id, team.owner.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});

		const alone = await makeUser('Alone');
		const operator = makeOperator(alone);
		const company = makeCompany(alone);
		makeAgreement(makeOperatorHouse(operator.id), company.id, {
			startDate: '2026-10-01',
			terms: [{ validFrom: '2026-10-01' }]
		});
		expect(deleteCompanyOfOne(company.id, alone.id)).toEqual({ ok: false, reason: 'records' });
		for (const kept of [team.company.id, theirs.id, company.id]) {
			expect(db().select().from(companies).where(eq(companies.id, kept)).get()).toBeDefined();
		}
	});
});
