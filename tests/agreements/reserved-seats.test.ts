// Reserved seats never exceed the house: its seats, less what the other companies' agreements
// reserve over the days the terms apply. Checked on the invitation's form, on a change of terms,
// and again when an agreement starts (the house may have shrunk since the invitation).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeCompany, makeUser } from '../helpers/factories';
import {
	changeTerms,
	endAgreement,
	houseAgreements
} from '../../src/lib/server/agreements/agreements';
import {
	acceptHouseInvitation,
	createHouseInvitation,
	findHouseInvitation,
	HOUSE_INVITATION_DAYS,
	listHouseInvitations,
	revokeHouseInvitation,
	supersedingAgreement
} from '../../src/lib/server/agreements/house-invitations';
import {
	acceptJoinRequest,
	pendingJoinRequests,
	requestToJoin
} from '../../src/lib/server/agreements/join-requests';
import {
	houseSeatsError,
	houseSeatsNeeded,
	mostReservedOn,
	reservedSeatsError,
	seatsRoom
} from '../../src/lib/server/agreements/seats';
import {
	houses,
	operatorAuditEvents,
	type House,
	type ProposedTerms
} from '../../src/lib/server/db/schema';
import { updateOperatorHouse } from '../../src/lib/server/operators/houses';
import { newId } from '../../src/lib/server/ids';
import { createOperator } from '../../src/lib/server/operators/operators';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';

const { db } = useTempDatabase();

const terms = (reservedSeats: number): ProposedTerms => ({
	model: 'cost_share',
	reservedSeats,
	dayRateCents: null,
	halfDayRateCents: null,
	fixedMonthlyCents: null,
	monthlyCapCents: null,
	emptyMonthRule: 'split_equally'
});

async function operatedHouse(seats: number) {
	const officer = await makeUser('Officer');
	const operator = createOperator(officer.id, `Commune ${newId().slice(0, 5)}`);
	const house: House = {
		id: newId(),
		name: 'Maison',
		commune: 'Murat',
		address: '',
		seats,
		timeZone: 'Europe/Paris',
		monthlyCostCents: 0,
		operatorId: operator.id,
		openingDays: [1, 2, 3, 4, 5],
		opensAt: '08:30',
		closesAt: '18:30',
		listed: true,
		uplinkKbps: null,
		downlinkKbps: null,
		archivedAt: null,
		createdAt: new Date()
	};
	db().insert(houses).values(house).run();
	return { house, actor: { operatorId: operator.id, userId: officer.id } };
}

/** A pending invitation of the house to `companyName`, reserving `seats` from `startDate`. */
function invite(
	setup: Awaited<ReturnType<typeof operatedHouse>>,
	companyName: string,
	startDate: string,
	seats: number
) {
	return createHouseInvitation(setup.actor, setup.house, {
		companyName,
		startDate,
		terms: terms(seats)
	});
}

async function join(
	setup: Awaited<ReturnType<typeof operatedHouse>>,
	startDate: string,
	seats: number,
	name?: string
) {
	const owner = await makeUser('Owner');
	const company = makeCompany(owner, name);
	const { invitation, token } = createHouseInvitation(setup.actor, setup.house, {
		companyName: company.name,
		startDate,
		terms: terms(seats)
	});
	const result = acceptHouseInvitation(token, owner.id, company.id);
	return { owner, company, invitation, result };
}

describe('reserved seats and the house', () => {
	it('the other companies reserve the most on their busiest day of the period', () => {
		const others = [
			{
				startDate: '2030-01-01',
				endDate: '2030-03-31',
				versions: [
					{ validFrom: '2030-01-01', reservedSeats: 2 },
					{ validFrom: '2030-03-01', reservedSeats: 5 }
				]
			},
			{
				startDate: '2030-04-01',
				endDate: null,
				versions: [{ validFrom: '2030-04-01', reservedSeats: 3 }]
			}
		].map((agreement) => ({
			...agreement,
			companyId: newId(),
			companyName: 'X',
			companySlug: 'x'
		}));
		expect(mostReservedOn(others, { from: '2030-01-15', to: '2030-02-28' })).toBe(2);
		expect(mostReservedOn(others, { from: '2030-01-15', to: null })).toBe(5);
		expect(mostReservedOn(others, { from: '2030-04-01', to: null })).toBe(3);
		expect(mostReservedOn(others, { from: '2029-01-01', to: '2029-12-31' })).toBe(0);
	});

	it('says beside the field how many seats are left, in English and French', () => {
		overwriteGetLocale(() => 'en');
		expect(reservedSeatsError(40, { seats: 1, reserved: 0, free: 1, held: [] })).toBe(
			'At most 1: that is how many seats the house has.'
		);
		expect(reservedSeatsError(1, { seats: 1, reserved: 0, free: 1, held: [] })).toBeNull();
		expect(reservedSeatsError(4, { seats: 10, reserved: 7, free: 3, held: [] })).toBe(
			'At most 3: 7 of the house’s 10 seats are already reserved over this period.'
		);
		overwriteGetLocale(() => 'fr');
		expect(reservedSeatsError(40, { seats: 1, reserved: 0, free: 1, held: [] })).toBe(
			'1 au plus\u202f: c’est le nombre de places de la maison.'
		);
		overwriteGetLocale(() => 'en');
	});

	it('counts the agreements in force at the house, not the company’s own', async () => {
		const setup = await operatedHouse(10);
		const first = await join(setup, '2030-01-01', 6);
		expect(first.result.ok).toBe(true);
		expect(seatsRoom(setup.house, { from: '2030-02-01', to: null })).toEqual({
			seats: 10,
			reserved: 6,
			free: 4,
			held: []
		});
		const own = { exceptCompanyId: first.company.id };
		expect(seatsRoom(setup.house, { from: '2030-02-01', to: null }, own).free).toBe(10);
		expect(seatsRoom(setup.house, null).free).toBe(10);
	});

	it('an agreement does not start when the house shrank below its reserved seats', async () => {
		const setup = await operatedHouse(10);
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const { token } = createHouseInvitation(setup.actor, setup.house, {
			companyName: company.name,
			startDate: '2030-01-01',
			terms: terms(8)
		});
		db().update(houses).set({ seats: 1 }).where(eq(houses.id, setup.house.id)).run();
		expect(acceptHouseInvitation(token, owner.id, company.id)).toEqual({
			ok: false,
			reason: 'seats',
			room: { seats: 1, reserved: 0, free: 1, held: [] }
		});
		expect(houseAgreements(setup.house)).toHaveLength(0);
	});

	it('a second company cannot reserve the seats a first one holds, by invitation or request', async () => {
		const setup = await operatedHouse(10);
		expect((await join(setup, '2030-01-01', 7)).result.ok).toBe(true);
		const second = await join(setup, '2030-02-01', 4);
		expect(second.result).toMatchObject({ ok: false, reason: 'seats', room: { free: 3 } });
		// The refused invitation stays pending, holding its four seats, until the operator revokes it.
		expect(revokeHouseInvitation(setup.actor, setup.house, second.invitation.id)).toBe(true);
		const asking = makeCompany(second.owner, 'Asking');
		const actor = { companyId: asking.id, userId: second.owner.id };
		expect(requestToJoin(actor, setup.house.id, '')).toEqual({ ok: true });
		const [request] = pendingJoinRequests(setup.house.id);
		const answer = (seats: number) =>
			acceptJoinRequest(setup.actor, setup.house, request.id, {
				startDate: '2030-02-01',
				terms: terms(seats)
			});
		expect(answer(4)).toMatchObject({ ok: false, reason: 'seats', room: { free: 3 } });
		expect(answer(3)).toEqual({ ok: true });
	});

	it('a change of terms is bounded by the others over the days it applies', async () => {
		const setup = await operatedHouse(10);
		const first = await join(setup, '2030-01-01', 2);
		expect((await join(setup, '2030-01-01', 5)).result.ok).toBe(true);
		const agreement = houseAgreements(setup.house).find(
			(a) => a.companyName === first.company.name
		)!;
		expect(
			changeTerms(setup.actor, setup.house, agreement.id, '2030-03-01', terms(6))
		).toMatchObject({ ok: false, reason: 'seats', room: { free: 5, reserved: 5 } });
		expect(changeTerms(setup.actor, setup.house, agreement.id, '2030-03-01', terms(5))).toEqual({
			ok: true
		});
	});
});

describe('pending invitations hold their reserved seats', () => {
	const DAY = 24 * 60 * 60 * 1000;

	it('a second invitation gets only what the first one leaves, and is told who holds the rest', async () => {
		const setup = await operatedHouse(10);
		invite(setup, 'Atelier Dupont', '2030-01-01', 8);
		const room = seatsRoom(setup.house, { from: '2030-02-01', to: null });
		expect(room).toEqual({
			seats: 10,
			reserved: 8,
			free: 2,
			held: [{ companyName: 'Atelier Dupont', seats: 8 }]
		});
		overwriteGetLocale(() => 'en');
		expect(reservedSeatsError(3, room)).toBe(
			'At most 2: 8 of the house’s 10 seats are already reserved over this period. ' +
				'8 seats are held by a pending invitation to Atelier Dupont.'
		);
		expect(reservedSeatsError(2, room)).toBeNull();
		overwriteGetLocale(() => 'fr');
		expect(reservedSeatsError(3, room)).toBe(
			'2 au plus\u202f: 8 des 10 places de la maison sont déjà réservées sur cette période. ' +
				'8 places sont retenues par une invitation en attente adressée à Atelier Dupont.'
		);
		overwriteGetLocale(() => 'en');
		// An invitation starting after the period's last day holds nothing in it.
		expect(seatsRoom(setup.house, { from: '2029-01-01', to: '2029-12-31' }).free).toBe(10);
	});

	it('tells the company’s own earlier invitations from others’, and each company once', async () => {
		// "Other companies" was said of the very company being invited again, and each pending
		// invitation was a line of its own, the same sentence twice for two invitations.
		const setup = await operatedHouse(10);
		invite(setup, 'Atelier Dupont', '2030-01-01', 3);
		invite(setup, 'Atelier Dupont', '2030-01-01', 2);
		invite(setup, 'Scierie Roux', '2030-01-01', 1);
		invite(setup, 'Menuiserie Vidal', '2030-01-01', 4);
		const room = seatsRoom(setup.house, { from: '2030-02-01', to: null });
		expect(room).toMatchObject({ reserved: 10, free: 0 });
		overwriteGetLocale(() => 'en');
		expect(
			reservedSeatsError(1, room, { companyName: 'atelier dupont ', answering: 'invitation' })
		).toBe(
			'At most 0: 10 of the house’s 10 seats are already reserved over this period. ' +
				'5 seats are held by 2 earlier invitations to Atelier Dupont itself, still pending: ' +
				'withdraw them first if this one replaces them. ' +
				'1 seat is held by a pending invitation to Scierie Roux. ' +
				'4 seats are held by a pending invitation to Menuiserie Vidal.'
		);
		expect(
			reservedSeatsError(1, room, { companyName: 'Scierie Roux', answering: 'invitation' })
		).toBe(
			'At most 0: 10 of the house’s 10 seats are already reserved over this period. ' +
				'5 seats are held by 2 pending invitations to Atelier Dupont. ' +
				'1 seat is held by an earlier invitation to Scierie Roux itself, still pending: ' +
				'withdraw it first if this one replaces it. ' +
				'4 seats are held by a pending invitation to Menuiserie Vidal.'
		);
		overwriteGetLocale(() => 'fr');
		expect(
			reservedSeatsError(1, room, { companyName: 'Atelier Dupont', answering: 'invitation' })
		).toBe(
			'0 au plus\u202f: 10 des 10 places de la maison sont déjà réservées sur cette période. ' +
				'5 places sont retenues par 2 invitations précédentes adressées à Atelier Dupont, ' +
				'toujours en attente\u202f: retirez-les d’abord si celle-ci les remplace. ' +
				'1 place est retenue par une invitation en attente adressée à Scierie Roux. ' +
				'4 places sont retenues par une invitation en attente adressée à Menuiserie Vidal.'
		);
		overwriteGetLocale(() => 'en');
		// The house's own seats field names the company once too, counting companies, not lines.
		const needed = houseSeatsNeeded(setup.house.id, '2030-01-01');
		expect(houseSeatsError(9, needed)).toBe(
			'At least 10: that many seats are reserved at the house — 5 held by 2 pending invitations ' +
				'to Atelier Dupont, 1 held by a pending invitation to Scierie Roux, and 4 held by a ' +
				'pending invitation to Menuiserie Vidal.'
		);
		// Beyond three lines, the count is of companies, not of invitations.
		const more = {
			...needed,
			holders: [...needed.holders, { companyName: 'Ébénisterie', seats: 1, pending: false }]
		};
		expect(houseSeatsError(9, more)).toBe(
			'At least 10: that many seats are reserved at the house by the agreements and pending invitations of 4 companies.'
		);
	});

	it('an invitation being accepted does not count against itself, but the others do', async () => {
		const setup = await operatedHouse(10);
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const first = invite(setup, company.name, '2030-01-01', 6);
		// Sent past the form's check (as two admins sending at once would): 6 + 6 > 10.
		const second = invite(setup, 'Scierie Roux', '2030-01-01', 6);
		expect(acceptHouseInvitation(first.token, owner.id, company.id)).toMatchObject({
			ok: false,
			reason: 'seats',
			room: { free: 4, held: [{ companyName: 'Scierie Roux', seats: 6 }] }
		});
		expect(revokeHouseInvitation(setup.actor, setup.house, second.invitation.id)).toBe(true);
		// Counted against itself, the invitation's six seats would be held twice: 6 + 6 > 10.
		expect(acceptHouseInvitation(first.token, owner.id, company.id)).toMatchObject({ ok: true });
	});

	it('expired, revoked and accepted invitations hold nothing (an accepted one reserves once)', async () => {
		const setup = await operatedHouse(10);
		const period = { from: '2030-01-01', to: null };
		const sentAt = Date.now();
		invite(setup, 'Expirée', '2030-01-01', 3);
		expect(seatsRoom(setup.house, period, { now: sentAt }).free).toBe(7);
		expect(
			seatsRoom(setup.house, period, { now: sentAt + HOUSE_INVITATION_DAYS * DAY + 1000 }).free
		).toBe(10);
		const revoked = invite(setup, 'Révoquée', '2030-01-01', 3);
		revokeHouseInvitation(setup.actor, setup.house, revoked.invitation.id);
		expect(seatsRoom(setup.house, period, { now: sentAt }).free).toBe(7);
		const joined = await join(setup, '2030-01-01', 4);
		expect(joined.result.ok).toBe(true);
		expect(seatsRoom(setup.house, period, { now: sentAt })).toMatchObject({
			reserved: 7,
			held: [{ companyName: 'Expirée', seats: 3 }]
		});
		// An archived house takes nobody: its invitations read as revoked and hold nothing.
		db().update(houses).set({ archivedAt: new Date() }).where(eq(houses.id, setup.house.id)).run();
		expect(seatsRoom(setup.house, period, { now: sentAt }).reserved).toBe(4);
	});

	it('an answer to a join request and a change of terms leave the pending invitations their seats', async () => {
		const setup = await operatedHouse(10);
		const first = await join(setup, '2030-01-01', 2);
		invite(setup, 'Atelier Dupont', '2030-06-01', 5);
		const agreement = houseAgreements(setup.house)[0];
		// Before June the invitation holds nothing; from June on, five seats.
		expect(
			changeTerms(setup.actor, setup.house, agreement.id, '2030-03-01', terms(6))
		).toMatchObject({ ok: false, reason: 'seats', room: { free: 5, reserved: 5 } });
		expect(changeTerms(setup.actor, setup.house, agreement.id, '2030-03-01', terms(5))).toEqual({
			ok: true
		});
		expect(first.company.id).toBe(agreement.companyId);

		const asking = makeCompany(first.owner, 'Asking');
		expect(
			requestToJoin({ companyId: asking.id, userId: first.owner.id }, setup.house.id, '')
		).toEqual({ ok: true });
		const [request] = pendingJoinRequests(setup.house.id);
		const answer = (seats: number) =>
			acceptJoinRequest(setup.actor, setup.house, request.id, {
				startDate: '2030-01-15',
				terms: terms(seats)
			});
		expect(answer(1)).toMatchObject({
			ok: false,
			reason: 'seats',
			room: { free: 0, held: [{ companyName: 'Atelier Dupont', seats: 5 }] }
		});
		expect(answer(0)).toEqual({ ok: true });
	});
});

describe('the house’s seats never go below what is reserved', () => {
	const edit = (setup: Awaited<ReturnType<typeof operatedHouse>>, seats: number, name = 'Maison') =>
		updateOperatorHouse(
			setup.actor.operatorId,
			{ userId: setup.actor.userId, role: 'admin' },
			setup.house.id,
			{ ...setup.house, name, seats }
		);
	const stored = (setup: Awaited<ReturnType<typeof operatedHouse>>) =>
		db().select().from(houses).where(eq(houses.id, setup.house.id)).get()!;
	const edits = (setup: Awaited<ReturnType<typeof operatedHouse>>) =>
		db()
			.select()
			.from(operatorAuditEvents)
			.where(eq(operatorAuditEvents.operatorId, setup.actor.operatorId))
			.all()
			.filter((event) => event.action === 'house.updated').length;

	it('counts current and future agreements and pending invitations, not ended ones', async () => {
		const setup = await operatedHouse(12);
		const gone = await join(setup, '2020-01-01', 9, 'Partie');
		const [ended] = houseAgreements(setup.house);
		expect(endAgreement(setup.actor, setup.house, ended.id, '2020-12-31')).toMatchObject({
			ok: true
		});
		expect(gone.result.ok).toBe(true);
		expect((await join(setup, '2026-01-01', 5, 'Scierie Roux')).result.ok).toBe(true);
		expect((await join(setup, '2031-03-01', 3, 'Menuiserie Vidal')).result.ok).toBe(true);
		invite(setup, 'Atelier Dupont', '2031-06-01', 2);
		const needed = houseSeatsNeeded(setup.house.id, '2030-01-01');
		expect(needed).toEqual({
			reserved: 10,
			day: '2031-06-01',
			holders: [
				{ companyName: 'Menuiserie Vidal', seats: 3, pending: false },
				{ companyName: 'Scierie Roux', seats: 5, pending: false },
				{ companyName: 'Atelier Dupont', seats: 2, pending: true }
			]
		});

		expect(edit(setup, 9)).toEqual({ ok: false, reason: 'seats', needed: expect.anything() });
		overwriteGetLocale(() => 'en');
		expect(houseSeatsError(9, needed)).toBe(
			'At least 10: that many seats are reserved at the house — 3 for Menuiserie Vidal, ' +
				'5 for Scierie Roux, and 2 held by a pending invitation to Atelier Dupont.'
		);
		expect(houseSeatsError(10, needed)).toBeNull();
		overwriteGetLocale(() => 'fr');
		expect(houseSeatsError(9, needed)).toBe(
			'10 au moins\u202f: c’est le nombre de places réservées dans la maison — 3 pour Menuiserie Vidal, ' +
				'5 pour Scierie Roux et 2 retenues par une invitation en attente adressée à Atelier Dupont.'
		);
		overwriteGetLocale(() => 'en');
	});

	it('refuses an edit below them and stores nothing of it; the exact number is fine', async () => {
		const setup = await operatedHouse(10);
		expect((await join(setup, '2030-01-01', 8, 'Atelier Dupont')).result.ok).toBe(true);
		const refused = edit(setup, 5, 'Renamed');
		expect(refused).toMatchObject({ ok: false, reason: 'seats', needed: { reserved: 8 } });
		expect(stored(setup)).toMatchObject({ seats: 10, name: 'Maison' });
		expect(edits(setup)).toBe(0);
		expect(edit(setup, 8)).toEqual({ ok: true });
		expect(stored(setup).seats).toBe(8);
		// A pending invitation holds its seats too.
		expect(edit(setup, 10)).toEqual({ ok: true });
		invite(setup, 'Scierie Roux', '2030-02-01', 2);
		expect(edit(setup, 9)).toMatchObject({ ok: false, needed: { reserved: 10 } });
		expect(stored(setup).seats).toBe(10);
	});

	it('a house already short can still be renamed, but not lowered further', async () => {
		const setup = await operatedHouse(10);
		expect((await join(setup, '2030-01-01', 8)).result.ok).toBe(true);
		db().update(houses).set({ seats: 4 }).where(eq(houses.id, setup.house.id)).run();
		expect(edit(setup, 4, 'Renamed')).toEqual({ ok: true });
		expect(edit(setup, 3)).toMatchObject({ ok: false, reason: 'seats' });
		expect(stored(setup)).toMatchObject({ seats: 4, name: 'Renamed' });
	});

	it('names the companies when they are few, and counts them when they are many', async () => {
		const needed = (count: number) => ({
			reserved: count,
			day: '2030-01-01',
			holders: Array.from({ length: count }, (_, i) => ({
				companyName: `Entreprise ${i + 1}`,
				seats: 1,
				pending: false
			}))
		});
		overwriteGetLocale(() => 'en');
		expect(houseSeatsError(0, needed(1))).toBe(
			'At least 1: that many seats are reserved at the house — 1 for Entreprise 1.'
		);
		expect(houseSeatsError(0, needed(4))).toBe(
			'At least 4: that many seats are reserved at the house by the agreements and pending invitations of 4 companies.'
		);
	});
});

describe('an invitation whose company came in otherwise is superseded', () => {
	/** Each invitation of the house by the name it was sent to: its status, and what closed it. */
	const statuses = (houseId: string) =>
		Object.fromEntries(
			listHouseInvitations(houseId).map(({ companyName, status, supersededBy }) => [
				companyName,
				{ status, supersededBy }
			])
		);

	it('a second invitation to a company that accepted the first is closed, holds nothing, and nobody accepts it', async () => {
		// It read "Waiting" on the operator's page until it expired, held its seats all along, and
		// another company holding the link could have started an agreement with it.
		const setup = await operatedHouse(10);
		const owner = await makeUser('Owner');
		const company = makeCompany(owner, 'Atelier Dupont');
		const first = invite(setup, 'Atelier Dupont', '2030-01-01', 3);
		const second = invite(setup, ' atelier dupont', '2030-03-01', 4);
		invite(setup, 'Scierie Roux', '2030-01-01', 1);
		const period = { from: '2030-03-01', to: null };
		expect(seatsRoom(setup.house, period).reserved).toBe(8);

		expect(acceptHouseInvitation(first.token, owner.id, company.id)).toMatchObject({ ok: true });
		expect(statuses(setup.house.id)).toEqual({
			'Scierie Roux': { status: 'valid', supersededBy: null },
			' atelier dupont': {
				status: 'superseded',
				supersededBy: { companyName: 'Atelier Dupont', since: '2030-01-01' }
			},
			'Atelier Dupont': { status: 'accepted', supersededBy: null }
		});
		// The agreement's three seats and Scierie Roux's one: the second invitation's four are free.
		expect(seatsRoom(setup.house, period)).toEqual({
			seats: 10,
			reserved: 4,
			free: 6,
			held: [{ companyName: 'Scierie Roux', seats: 1 }]
		});
		expect(houseSeatsNeeded(setup.house.id, '2030-01-01').reserved).toBe(4);

		const found = findHouseInvitation(second.token);
		expect(found).toMatchObject({
			status: 'superseded',
			superseding: { companyId: company.id, startDate: '2030-01-01' }
		});
		// The company itself is told why it cannot (it is in); any other, that the link is closed.
		expect(acceptHouseInvitation(second.token, owner.id, company.id)).toEqual({
			ok: false,
			reason: 'already_joined'
		});
		const other = makeCompany(owner, 'Autre Atelier');
		expect(acceptHouseInvitation(second.token, owner.id, other.id)).toEqual({
			ok: false,
			reason: 'superseded'
		});
		expect(houseAgreements(setup.house).map((a) => a.companyName)).toEqual(['Atelier Dupont']);
	});

	it('goes by the company’s own name and by the name it accepted under, until its agreement ends before', async () => {
		const setup = await operatedHouse(10);
		const owner = await makeUser('Owner');
		const company = makeCompany(owner, 'Menuiserie Vidal SARL');
		const accepted = invite(setup, 'Vidal', '2030-01-01', 1);
		const byOwnName = invite(setup, 'menuiserie vidal sarl', '2030-03-01', 1);
		const byInvitedName = invite(setup, 'VIDAL', '2030-03-01', 1);
		expect(acceptHouseInvitation(accepted.token, owner.id, company.id)).toMatchObject({ ok: true });
		expect(findHouseInvitation(byOwnName.token)?.status).toBe('superseded');
		expect(findHouseInvitation(byInvitedName.token)?.status).toBe('superseded');

		// Once the agreement ends before an invitation starts, the company may come back with it.
		const [agreement] = houseAgreements(setup.house);
		expect(endAgreement(setup.actor, setup.house, agreement.id, '2030-05-31')).toMatchObject({
			ok: true
		});
		const comingBack = invite(setup, 'Vidal', '2030-06-01', 1);
		expect(findHouseInvitation(comingBack.token)?.status).toBe('valid');
		expect(findHouseInvitation(byInvitedName.token)?.status).toBe('superseded');
		expect(
			supersedingAgreement(setup.house.id, { companyName: 'vidal', startDate: '2030-05-31' })
		).toMatchObject({ companyId: company.id });
		expect(
			supersedingAgreement(setup.house.id, { companyName: 'vidal', startDate: '2030-06-01' })
		).toBeNull();
		expect(acceptHouseInvitation(comingBack.token, owner.id, company.id)).toMatchObject({
			ok: true
		});
	});

	it('an answered join request supersedes the invitations to that company', async () => {
		const setup = await operatedHouse(10);
		const owner = await makeUser('Owner');
		const asking = makeCompany(owner, 'Verrerie Blanc');
		invite(setup, 'Verrerie Blanc', '2030-02-01', 3);
		expect(requestToJoin({ companyId: asking.id, userId: owner.id }, setup.house.id, '')).toEqual({
			ok: true
		});
		const [request] = pendingJoinRequests(setup.house.id);
		expect(
			acceptJoinRequest(setup.actor, setup.house, request.id, {
				startDate: '2030-01-01',
				terms: terms(2)
			})
		).toEqual({ ok: true });
		expect(statuses(setup.house.id)).toEqual({
			'Verrerie Blanc': {
				status: 'superseded',
				supersededBy: { companyName: 'Verrerie Blanc', since: '2030-01-01' }
			}
		});
		expect(seatsRoom(setup.house, { from: '2030-02-01', to: null }).reserved).toBe(2);
	});
});

describe('the company’s own invitations in an answer to its request and a change of terms', () => {
	it('the answer to a request tells the asking company’s own pending invitations apart', async () => {
		// The answer's seats hint said "a pending invitation to Verrerie Blanc" of the very
		// company asking, as if it were another's.
		const setup = await operatedHouse(4);
		invite(setup, 'Verrerie Blanc', '2030-01-01', 2);
		invite(setup, 'verrerie blanc', '2030-01-01', 1);
		invite(setup, 'Scierie Roux', '2030-01-01', 1);
		const room = seatsRoom(setup.house, { from: '2030-01-01', to: null });
		const seatsFor = { companyName: 'Verrerie Blanc', answering: 'request' } as const;
		overwriteGetLocale(() => 'en');
		expect(reservedSeatsError(1, room, seatsFor)).toBe(
			'At most 0: 4 of the house’s 4 seats are already reserved over this period. ' +
				'3 seats are held by 2 invitations to Verrerie Blanc itself, still pending: ' +
				'withdraw them first if this answer to its request replaces them. ' +
				'1 seat is held by a pending invitation to Scierie Roux.'
		);
		overwriteGetLocale(() => 'fr');
		expect(reservedSeatsError(1, room, seatsFor)).toBe(
			'0 au plus\u202f: 4 des 4 places de la maison sont déjà réservées sur cette période. ' +
				'3 places sont retenues par 2 invitations adressées à Verrerie Blanc, toujours en ' +
				'attente\u202f: retirez-les d’abord si cette réponse à sa demande les remplace. ' +
				'1 place est retenue par une invitation en attente adressée à Scierie Roux.'
		);
		overwriteGetLocale(() => 'en');
	});

	it('a change of terms is not bounded by the company’s own invitation, which its agreement supersedes', async () => {
		// The company's second invitation held five seats from June against its own agreement.
		const setup = await operatedHouse(10);
		const joined = await join(setup, '2030-01-01', 2, 'Atelier Dupont');
		expect(joined.result.ok).toBe(true);
		invite(setup, 'Atelier Dupont', '2030-06-01', 5);
		const [agreement] = houseAgreements(setup.house);
		expect(changeTerms(setup.actor, setup.house, agreement.id, '2030-03-01', terms(10))).toEqual({
			ok: true
		});
	});
});
