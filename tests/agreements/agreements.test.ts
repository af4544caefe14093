import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeUser } from '../helpers/factories';
import {
	closedMonthMessage,
	agreementVersions,
	changeTerms,
	companyAgreements,
	companyHouseAgreement,
	endAgreement,
	houseAgreements,
	pairHistory,
	unlinkEndedAgreements
} from '../../src/lib/server/agreements/agreements';
import {
	acceptHouseInvitation,
	createHouseInvitation,
	findHouseInvitation,
	revokeHouseInvitation
} from '../../src/lib/server/agreements/house-invitations';
import {
	acceptJoinRequest,
	declineJoinRequest,
	listedHouses,
	pendingJoinRequests,
	requestToJoin,
	withdrawJoinRequest
} from '../../src/lib/server/agreements/join-requests';
import {
	agreementTerms,
	agreements,
	auditEvents,
	companyHouses,
	houseInvitations,
	houseMonths,
	houses,
	memberships,
	operatorAuditEvents,
	type House,
	type ProposedTerms
} from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { createOperator } from '../../src/lib/server/operators/operators';
import { todayIn, addDays } from '../../src/lib/zoned-time';
import { setHouseArchived, updateHouse } from '../../src/lib/server/houses/houses';

const { db } = useTempDatabase();
const DAY = 24 * 60 * 60 * 1000;

const costShare: ProposedTerms = {
	model: 'cost_share',
	reservedSeats: 2,
	dayRateCents: null,
	halfDayRateCents: null,
	fixedMonthlyCents: null,
	monthlyCapCents: 30_000,
	emptyMonthRule: 'split_equally'
};
const fixed: ProposedTerms = {
	...costShare,
	model: 'fixed',
	fixedMonthlyCents: 12_000,
	monthlyCapCents: null
};

async function operatedHouse(name = 'Maison commune', listed = false) {
	const officer = await makeUser('Officer');
	const operator = createOperator(officer.id, `Commune ${newId().slice(0, 5)}`);
	const house: House = {
		id: newId(),
		name,
		commune: 'Murat',
		address: '2 place de la Mairie',
		seats: 12,
		timeZone: 'Europe/Paris',
		monthlyCostCents: 0,
		operatorId: operator.id,
		openingDays: [1, 2, 3, 4, 5],
		opensAt: '08:30',
		closesAt: '18:30',
		listed,
		uplinkKbps: null,
		downlinkKbps: null,
		archivedAt: null,
		createdAt: new Date()
	};
	db().insert(houses).values(house).run();
	return { officer, operator, house, actor: { operatorId: operator.id, userId: officer.id } };
}

function linked(companyId: string, houseId: string) {
	return (
		db()
			.select()
			.from(companyHouses)
			.where(and(eq(companyHouses.companyId, companyId), eq(companyHouses.houseId, houseId)))
			.get() !== undefined
	);
}

function closeMonth(houseId: string, month: string) {
	db()
		.insert(houseMonths)
		.values({
			houseId,
			month,
			costCents: 0,
			fundingCents: 0,
			sharedCents: 0,
			allHalfDays: 0,
			billedCents: 0,
			closedAt: new Date()
		})
		.run();
}

describe('house invitations', () => {
	it('accepting creates the agreement, its first terms and the link, audited on both sides', async () => {
		const { operator, house, actor } = await operatedHouse();
		const owner = await makeUser('Owner');
		const company = makeCompany(owner, 'Scierie du Lioran');
		const { token, invitation } = createHouseInvitation(actor, house, {
			companyName: 'Scierie',
			startDate: '2030-03-01',
			terms: costShare
		});
		expect(invitation.tokenHash).not.toBe(token);
		expect(findHouseInvitation(token)?.status).toBe('valid');

		const result = acceptHouseInvitation(token, owner.id, company.id);
		expect(result).toEqual({
			ok: true,
			company: { id: company.id, slug: company.slug, name: company.name }
		});
		const agreement = db()
			.select()
			.from(agreements)
			.where(eq(agreements.companyId, company.id))
			.get();
		expect(agreement).toMatchObject({
			houseId: house.id,
			operatorId: operator.id,
			startDate: '2030-03-01',
			endDate: null
		});
		const versions = agreementVersions(agreement!.id);
		expect(versions).toHaveLength(1);
		expect(versions[0]).toMatchObject({ validFrom: '2030-03-01', ...costShare });
		expect(linked(company.id, house.id)).toBe(true);
		expect(findHouseInvitation(token)?.status).toBe('accepted');
		const opAudit = db()
			.select()
			.from(operatorAuditEvents)
			.where(eq(operatorAuditEvents.operatorId, operator.id))
			.all()
			.map((e) => e.action);
		expect(opAudit).toEqual(expect.arrayContaining(['company.invited', 'company.joined']));
		const companyAudit = db()
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.companyId, company.id), eq(auditEvents.action, 'house.joined')))
			.get();
		expect(companyAudit?.subject).toBe(house.name);
	});

	it('only an owner or manager of the company may accept', async () => {
		const { house, actor } = await operatedHouse();
		const owner = await makeUser('Owner');
		const member = await makeUser('Member');
		const manager = await makeUser('Manager');
		const stranger = await makeUser('Stranger');
		const company = makeCompany(owner);
		addMember(company, owner, member, 'member');
		addMember(company, owner, manager, 'manager');
		const { token } = createHouseInvitation(actor, house, {
			companyName: 'X',
			startDate: '2030-01-01',
			terms: costShare
		});
		expect(acceptHouseInvitation(token, member.id, company.id)).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		expect(acceptHouseInvitation(token, stranger.id, company.id)).toEqual({
			ok: false,
			reason: 'not_allowed'
		});
		expect(linked(company.id, house.id)).toBe(false);
		expect(acceptHouseInvitation(token, manager.id, company.id).ok).toBe(true);
	});

	it('refuses expired, revoked and used links, and unknown tokens', async () => {
		const { house, actor } = await operatedHouse();
		const owner = await makeUser('Owner');
		const a = makeCompany(owner);
		const b = makeCompany(owner);
		const input = { companyName: 'A', startDate: '2030-01-01', terms: costShare };

		const old = createHouseInvitation(actor, house, input, new Date(Date.now() - 15 * DAY));
		expect(findHouseInvitation(old.token)?.status).toBe('expired');
		expect(acceptHouseInvitation(old.token, owner.id, a.id)).toEqual({
			ok: false,
			reason: 'expired'
		});

		const revoked = createHouseInvitation(actor, house, input);
		expect(revokeHouseInvitation(actor, house, revoked.invitation.id)).toBe(true);
		expect(acceptHouseInvitation(revoked.token, owner.id, a.id)).toEqual({
			ok: false,
			reason: 'revoked'
		});

		const once = createHouseInvitation(actor, house, input);
		expect(acceptHouseInvitation(once.token, owner.id, a.id).ok).toBe(true);
		expect(acceptHouseInvitation(once.token, owner.id, b.id)).toEqual({
			ok: false,
			reason: 'accepted'
		});
		// An accepted invitation cannot be revoked after the fact.
		expect(revokeHouseInvitation(actor, house, once.invitation.id)).toBe(false);

		expect(acceptHouseInvitation('nope', owner.id, a.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(linked(b.id, house.id)).toBe(false);
	});

	it('another operator cannot revoke the invitation of a house it does not run', async () => {
		const first = await operatedHouse();
		const second = await operatedHouse();
		const { invitation } = createHouseInvitation(first.actor, first.house, {
			companyName: 'A',
			startDate: '2030-01-01',
			terms: costShare
		});
		expect(revokeHouseInvitation(second.actor, second.house, invitation.id)).toBe(false);
		const stored = db()
			.select()
			.from(houseInvitations)
			.where(eq(houseInvitations.id, invitation.id))
			.get();
		expect(stored?.revokedAt).toBeNull();
	});

	it('a company cannot join the same house twice', async () => {
		const { house, actor } = await operatedHouse();
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const input = { companyName: 'A', startDate: '2030-01-01', terms: costShare };
		const first = createHouseInvitation(actor, house, input);
		const second = createHouseInvitation(actor, house, input);
		expect(acceptHouseInvitation(first.token, owner.id, company.id).ok).toBe(true);
		expect(acceptHouseInvitation(second.token, owner.id, company.id)).toEqual({
			ok: false,
			reason: 'already_joined'
		});
		// No longer waiting: its company came in by the first one (superseded.ts).
		expect(findHouseInvitation(second.token)?.status).toBe('superseded');
		expect(
			db().select().from(agreements).where(eq(agreements.companyId, company.id)).all()
		).toHaveLength(1);
	});
});

describe('join requests', () => {
	it('a company sees listed houses only, with no other company in them, and asks once', async () => {
		const listed = await operatedHouse('Maison listée', true);
		const unlisted = await operatedHouse('Maison discrète', false);
		const ownerA = await makeUser('OwnerA');
		const ownerB = await makeUser('OwnerB');
		const a = makeCompany(ownerA, 'Alpha Menuiserie');
		const b = makeCompany(ownerB, 'Beta Conseil');
		// B is already in the listed house.
		const { token } = createHouseInvitation(listed.actor, listed.house, {
			companyName: 'Beta',
			startDate: '2030-01-01',
			terms: costShare
		});
		expect(acceptHouseInvitation(token, ownerB.id, b.id).ok).toBe(true);

		const seen = listedHouses(a.id);
		const ids = seen.map((house) => house.id);
		expect(ids).toContain(listed.house.id);
		expect(ids).not.toContain(unlisted.house.id);
		expect(JSON.stringify(seen)).not.toContain('Beta');
		expect(JSON.stringify(seen)).not.toContain(ownerB.name);
		expect(seen.find((house) => house.id === listed.house.id)?.standing).toBe('open');
		expect(listedHouses(b.id).find((house) => house.id === listed.house.id)?.standing).toBe(
			'joined'
		);

		const actor = { companyId: a.id, userId: ownerA.id };
		expect(requestToJoin(actor, unlisted.house.id, '')).toEqual({ ok: false, reason: 'not_found' });
		expect(requestToJoin(actor, listed.house.id, 'Trois personnes, le mardi')).toEqual({
			ok: true
		});
		expect(requestToJoin(actor, listed.house.id, 'encore')).toEqual({
			ok: false,
			reason: 'pending'
		});
		expect(requestToJoin({ companyId: b.id, userId: ownerB.id }, listed.house.id, '')).toEqual({
			ok: false,
			reason: 'already_joined'
		});
		expect(listedHouses(a.id).find((house) => house.id === listed.house.id)?.standing).toBe(
			'pending'
		);
	});

	it('the operator accepts with terms (agreement and link) or declines', async () => {
		const { house, actor } = await operatedHouse('Relais', true);
		const owner = await makeUser('Owner');
		const a = makeCompany(owner, 'Alpha');
		const b = makeCompany(owner, 'Bravo');
		requestToJoin({ companyId: a.id, userId: owner.id }, house.id, 'bonjour');
		requestToJoin({ companyId: b.id, userId: owner.id }, house.id, '');
		const pending = pendingJoinRequests(house.id);
		expect(pending.map((r) => r.companyName).sort()).toEqual(['Alpha', 'Bravo']);
		const requestA = pending.find((r) => r.companyName === 'Alpha')!;
		const requestB = pending.find((r) => r.companyName === 'Bravo')!;

		expect(
			acceptJoinRequest(actor, house, requestA.id, { startDate: '2030-02-01', terms: fixed })
		).toEqual({ ok: true });
		expect(linked(a.id, house.id)).toBe(true);
		expect(companyAgreements(a.id)[0]).toMatchObject({
			houseId: house.id,
			startDate: '2030-02-01',
			current: { model: 'fixed', fixedMonthlyCents: 12_000 }
		});
		// Answered once: a second answer finds nothing pending.
		expect(
			acceptJoinRequest(actor, house, requestA.id, { startDate: '2030-02-01', terms: fixed })
		).toEqual({ ok: false, reason: 'not_found' });

		expect(declineJoinRequest(actor, house, requestB.id)).toBe(true);
		expect(declineJoinRequest(actor, house, requestB.id)).toBe(false);
		expect(linked(b.id, house.id)).toBe(false);
		expect(pendingJoinRequests(house.id)).toEqual([]);
		// Declined, the company may ask again.
		expect(requestToJoin({ companyId: b.id, userId: owner.id }, house.id, '')).toEqual({
			ok: true
		});
	});

	it("an operator cannot answer a request made to another operator's house", async () => {
		const first = await operatedHouse('Un', true);
		const second = await operatedHouse('Deux', true);
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		requestToJoin({ companyId: company.id, userId: owner.id }, first.house.id, '');
		const [request] = pendingJoinRequests(first.house.id);
		expect(
			acceptJoinRequest(second.actor, second.house, request.id, {
				startDate: '2030-01-01',
				terms: costShare
			})
		).toEqual({ ok: false, reason: 'not_found' });
		expect(declineJoinRequest(second.actor, second.house, request.id)).toBe(false);
		expect(pendingJoinRequests(first.house.id)).toHaveLength(1);
	});
});

async function joined(startDate = '2030-01-01') {
	const setup = await operatedHouse();
	const owner = await makeUser('Owner');
	const company = makeCompany(owner);
	const { token } = createHouseInvitation(setup.actor, setup.house, {
		companyName: 'C',
		startDate,
		terms: costShare
	});
	const accepted = acceptHouseInvitation(token, owner.id, company.id);
	if (!accepted.ok) throw new Error(accepted.reason);
	const agreement = houseAgreements(setup.house)[0];
	return { ...setup, owner, company, agreement };
}

describe('versions of terms', () => {
	it('a change from a date adds a version and leaves the earlier ones as they were', async () => {
		const { house, actor, agreement } = await joined('2030-01-01');
		expect(changeTerms(actor, house, agreement.id, '2030-04-01', fixed)).toEqual({ ok: true });
		const versions = agreementVersions(agreement.id);
		expect(versions.map((v) => v.validFrom)).toEqual(['2030-01-01', '2030-04-01']);
		expect(versions[0]).toMatchObject(costShare);
		expect(versions[1]).toMatchObject(fixed);
		expect(changeTerms(actor, house, agreement.id, '2030-04-01', costShare)).toEqual({
			ok: false,
			reason: 'exists'
		});
		expect(changeTerms(actor, house, agreement.id, '2029-12-31', costShare)).toEqual({
			ok: false,
			reason: 'before_start'
		});
	});

	it('refuses a change inside a month already closed, or before it', async () => {
		const { house, actor, agreement } = await joined('2030-01-01');
		closeMonth(house.id, '2030-02');
		expect(changeTerms(actor, house, agreement.id, '2030-02-15', fixed)).toEqual({
			ok: false,
			reason: 'month_closed'
		});
		expect(changeTerms(actor, house, agreement.id, '2030-01-20', fixed)).toEqual({
			ok: false,
			reason: 'month_closed'
		});
		expect(changeTerms(actor, house, agreement.id, '2030-03-01', fixed)).toEqual({ ok: true });
		expect(agreementVersions(agreement.id)).toHaveLength(2);
	});

	it('says whether a refused date is in a closed month or before one, in both languages', async () => {
		const { house } = await joined('2030-01-01');
		closeMonth(house.id, '2030-02');
		const message = (date: string, locale: 'en' | 'fr') => {
			overwriteGetLocale(() => locale);
			return closedMonthMessage(house.id, date);
		};
		expect(message('2030-02-15', 'en')).toBe(
			'That date falls in a month already closed: choose a date in an open month.'
		);
		// January is open, but before February, closed: "in a closed month" was not so.
		expect(message('2030-01-20', 'en')).toBe(
			'That date comes before February 2030, a month already closed: choose a date from March 2030 on.'
		);
		expect(message('2030-01-20', 'fr')).toBe(
			'Cette date est antérieure à février 2030, un mois déjà clôturé\u202f: choisissez une date à partir de mars 2030.'
		);
		// "d’avril", not "de avril".
		closeMonth(house.id, '2030-03');
		expect(message('2030-01-20', 'fr')).toBe(
			'Cette date est antérieure à mars 2030, un mois déjà clôturé\u202f: choisissez une date à partir d’avril 2030.'
		);
		overwriteGetLocale(() => 'en');
	});

	it("another operator's house never reaches the agreement", async () => {
		const { agreement } = await joined();
		const other = await operatedHouse();
		expect(changeTerms(other.actor, other.house, agreement.id, '2030-05-01', fixed)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(endAgreement(other.actor, other.house, agreement.id, '2030-05-01')).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});
});

describe('ending an agreement', () => {
	it('ended today, the company leaves the house at once and its people lose it as home', async () => {
		const { house, actor, agreement, company, owner } = await joined('2020-01-01');
		db()
			.update(memberships)
			.set({ homeHouseId: house.id })
			.where(eq(memberships.userId, owner.id))
			.run();
		const today = todayIn(house.timeZone);
		expect(endAgreement(actor, house, agreement.id, today)).toEqual({ ok: true, unlinked: true });
		expect(linked(company.id, house.id)).toBe(false);
		const membership = db()
			.select()
			.from(memberships)
			.where(eq(memberships.userId, owner.id))
			.get();
		expect(membership?.homeHouseId).toBeNull();
		// The agreement and its terms stay: they are what past months were billed under.
		expect(houseAgreements(house)[0]).toMatchObject({ endDate: today, ended: true });
		expect(agreementVersions(agreement.id)).toHaveLength(1);
		expect(endAgreement(actor, house, agreement.id, today)).toEqual({
			ok: false,
			reason: 'already_ended'
		});
	});

	it('ended at a later date, the link stays until that day, then goes', async () => {
		const { house, actor, agreement, company } = await joined('2020-01-01');
		const later = addDays(todayIn(house.timeZone), 10);
		expect(endAgreement(actor, house, agreement.id, later)).toEqual({ ok: true, unlinked: false });
		expect(linked(company.id, house.id)).toBe(true);
		expect(unlinkEndedAgreements({ companyId: company.id })).toBe(0);
		expect(linked(company.id, house.id)).toBe(true);
		expect(unlinkEndedAgreements({ houseId: house.id }, Date.now() + 11 * DAY)).toBe(1);
		expect(linked(company.id, house.id)).toBe(false);
		// The link follows the agreements both ways: back to today, the agreement still runs.
		expect(unlinkEndedAgreements({ houseId: house.id })).toBe(1);
		expect(linked(company.id, house.id)).toBe(true);
	});

	it('the sweep over every house ends a link whose last day has come, and only that one', async () => {
		const first = await joined('2020-01-01');
		const second = await joined('2020-01-01');
		const today = todayIn(first.house.timeZone);
		expect(endAgreement(first.actor, first.house, first.agreement.id, addDays(today, 3))).toEqual({
			ok: true,
			unlinked: false
		});
		expect(
			endAgreement(second.actor, second.house, second.agreement.id, addDays(today, 30))
		).toEqual({ ok: true, unlinked: false });
		expect(unlinkEndedAgreements('everywhere')).toBe(0);
		expect(unlinkEndedAgreements('everywhere', Date.now() + 4 * DAY)).toBe(1);
		expect(linked(first.company.id, first.house.id)).toBe(false);
		expect(linked(second.company.id, second.house.id)).toBe(true);
	});

	it('refuses an end date in a closed month or before the start', async () => {
		const { house, actor, agreement } = await joined('2020-01-01');
		closeMonth(house.id, '2020-03');
		expect(endAgreement(actor, house, agreement.id, '2020-03-31')).toEqual({
			ok: false,
			reason: 'month_closed'
		});
		expect(endAgreement(actor, house, agreement.id, '2019-12-31')).toEqual({
			ok: false,
			reason: 'before_start'
		});
		const stored = db().select().from(agreements).where(eq(agreements.id, agreement.id)).get();
		expect(stored?.endDate).toBeNull();
		expect(
			db().select().from(agreementTerms).where(eq(agreementTerms.agreementId, agreement.id)).all()
		).toHaveLength(1);
	});
});

describe('an operated house in a company', () => {
	it("is the operator's to change: a company's owner can neither edit nor archive it", async () => {
		const { house, owner, company } = await joined();
		const actor = { userId: owner.id, role: 'owner' as const };
		const input = { ...house, name: 'Renamed', seats: 99 };
		expect(updateHouse(company.id, actor, house.id, input)).toBe(false);
		expect(setHouseArchived(company.id, actor, house.id, true)).toBe(false);
		const stored = db().select().from(houses).where(eq(houses.id, house.id)).get();
		expect(stored).toMatchObject({ name: house.name, seats: house.seats, archivedAt: null });
	});
});

describe('coming back after an agreement ended', () => {
	/** A company whose agreement with the house ended yesterday (it left the house). */
	async function left() {
		const setup = await joined('2020-01-01');
		const today = todayIn(setup.house.timeZone);
		const ended = endAgreement(setup.actor, setup.house, setup.agreement.id, addDays(today, -1));
		if (!ended.ok) throw new Error(ended.reason);
		return { ...setup, today };
	}

	it('accepting a new invitation starts a NEW agreement and gives the house back', async () => {
		const { house, actor, agreement, company, owner, today } = await left();
		expect(linked(company.id, house.id)).toBe(false);
		const invite = (startDate: string) =>
			createHouseInvitation(actor, house, { companyName: 'C', startDate, terms: fixed }).token;
		// The old agreement's last day was yesterday: starting on it would overlap.
		expect(acceptHouseInvitation(invite(addDays(today, -1)), owner.id, company.id)).toEqual({
			ok: false,
			reason: 'overlap'
		});
		expect(acceptHouseInvitation(invite(today), owner.id, company.id).ok).toBe(true);
		expect(linked(company.id, house.id)).toBe(true);
		const rows = db().select().from(agreements).where(eq(agreements.companyId, company.id)).all();
		expect(rows.map((row) => [row.startDate, row.endDate]).sort()).toEqual([
			['2020-01-01', addDays(today, -1)],
			[today, null]
		]);
		// The old agreement and its terms are as they were.
		expect(agreementVersions(agreement.id)).toEqual([expect.objectContaining(costShare)]);
		// One line per company on the operator's list: the new agreement, one earlier.
		expect(houseAgreements(house)).toEqual([
			expect.objectContaining({
				startDate: today,
				earlier: 1,
				current: expect.objectContaining(fixed)
			})
		]);
		expect(companyAgreements(company.id)).toEqual([
			expect.objectContaining({ startDate: today, endDate: null })
		]);
		expect(companyHouseAgreement(company.id, house.id)?.startDate).toBe(today);
		expect(companyHouseAgreement(company.id, house.id, agreement.id)?.id).toBe(agreement.id);
		expect(companyHouseAgreement(company.id, house.id, 'someone-else')).toBeUndefined();
		expect(pairHistory(house.id, company.id).map((row) => row.startDate)).toEqual([
			today,
			'2020-01-01'
		]);
		// While the new one runs, a third is refused.
		expect(acceptHouseInvitation(invite(addDays(today, 40)), owner.id, company.id)).toEqual({
			ok: false,
			reason: 'already_joined'
		});
	});

	it('a join request accepted by the operator starts the new agreement too, never overlapping', async () => {
		const { house, actor, company, owner, today } = await left();
		db().update(houses).set({ listed: true }).where(eq(houses.id, house.id)).run();
		expect(listedHouses(company.id).find((row) => row.id === house.id)?.standing).toBe('open');
		expect(requestToJoin({ companyId: company.id, userId: owner.id }, house.id, 'retour')).toEqual({
			ok: true
		});
		const [request] = pendingJoinRequests(house.id);
		expect(
			acceptJoinRequest(actor, house, request.id, { startDate: '2020-06-01', terms: costShare })
		).toEqual({ ok: false, reason: 'overlap' });
		// Refused in its transaction: nothing changed, the request still waits.
		expect(
			db().select().from(agreements).where(eq(agreements.companyId, company.id)).all()
		).toHaveLength(1);
		expect(pendingJoinRequests(house.id)).toHaveLength(1);
		// A later start: the agreement waits for its day, and so does the house.
		const start = addDays(today, 5);
		expect(
			acceptJoinRequest(actor, house, request.id, { startDate: start, terms: costShare })
		).toEqual({ ok: true });
		expect(linked(company.id, house.id)).toBe(false);
		expect(unlinkEndedAgreements({ companyId: company.id })).toBe(0);
		expect(unlinkEndedAgreements({ companyId: company.id }, Date.now() + 5 * DAY)).toBe(1);
		expect(linked(company.id, house.id)).toBe(true);
		expect(listedHouses(company.id).find((row) => row.id === house.id)?.standing).toBe('joined');
		// Back to today (the tests share a database): the new agreement has not started yet.
		expect(unlinkEndedAgreements({ companyId: company.id })).toBe(1);
		expect(linked(company.id, house.id)).toBe(false);
	});

	it('an end date never reaches into the agreement the company comes back under', async () => {
		const { house, actor, company, owner, today } = await joined('2020-01-01').then(
			async (setup) => ({ ...setup, today: todayIn(setup.house.timeZone) })
		);
		const first = houseAgreements(house)[0];
		expect(endAgreement(actor, house, first.id, addDays(today, 10)).ok).toBe(true);
		const { token } = createHouseInvitation(actor, house, {
			companyName: 'C',
			startDate: addDays(today, 20),
			terms: costShare
		});
		expect(acceptHouseInvitation(token, owner.id, company.id).ok).toBe(true);
		expect(endAgreement(actor, house, first.id, addDays(today, 25))).toEqual({
			ok: false,
			reason: 'overlap'
		});
		// The sweep follows the agreements: the house goes after the first's last day, comes back
		// on the second's start, and stays while it runs.
		expect(linked(company.id, house.id)).toBe(true);
		expect(unlinkEndedAgreements({ houseId: house.id }, Date.now() + 12 * DAY)).toBe(1);
		expect(linked(company.id, house.id)).toBe(false);
		expect(unlinkEndedAgreements({ houseId: house.id }, Date.now() + 15 * DAY)).toBe(0);
		expect(unlinkEndedAgreements({ houseId: house.id }, Date.now() + 21 * DAY)).toBe(1);
		expect(linked(company.id, house.id)).toBe(true);
		expect(unlinkEndedAgreements({ houseId: house.id }, Date.now() + 60 * DAY)).toBe(0);
		expect(linked(company.id, house.id)).toBe(true);
	});
});

describe('withdrawing a join request', () => {
	it('the company takes its request back, audited on both sides, and may ask again', async () => {
		const { house, operator } = await operatedHouse('Relais', true);
		const owner = await makeUser('Owner');
		const company = makeCompany(owner, 'Alpha');
		const other = makeCompany(await makeUser('Other'), 'Other');
		const actor = { companyId: company.id, userId: owner.id };
		expect(requestToJoin(actor, house.id, 'bonjour')).toEqual({ ok: true });
		const [request] = pendingJoinRequests(house.id);
		// Another company cannot touch it.
		expect(withdrawJoinRequest({ companyId: other.id, userId: owner.id }, request.id)).toBeNull();
		expect(withdrawJoinRequest(actor, request.id)).toEqual({ houseId: house.id });
		expect(withdrawJoinRequest(actor, request.id)).toBeNull();
		// The operator sees it, as withdrawn, and cannot accept it any more.
		expect(pendingJoinRequests(house.id)).toEqual([
			expect.objectContaining({ id: request.id, companyName: 'Alpha', status: 'withdrawn' })
		]);
		expect(
			acceptJoinRequest({ operatorId: operator.id, userId: owner.id }, house, request.id, {
				startDate: '2030-01-01',
				terms: costShare
			})
		).toEqual({ ok: false, reason: 'not_found' });
		expect(
			db()
				.select({ action: operatorAuditEvents.action })
				.from(operatorAuditEvents)
				.where(eq(operatorAuditEvents.operatorId, operator.id))
				.all()
				.map((row) => row.action)
		).toContain('join.withdrawn');
		expect(
			db()
				.select({ action: auditEvents.action, subject: auditEvents.subject })
				.from(auditEvents)
				.where(eq(auditEvents.companyId, company.id))
				.all()
		).toContainEqual({ action: 'house.join_withdrawn', subject: 'Relais' });
		expect(listedHouses(company.id).find((row) => row.id === house.id)?.standing).toBe('open');
		expect(requestToJoin(actor, house.id, 'de nouveau')).toEqual({ ok: true });
	});
});
