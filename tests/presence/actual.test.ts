// Actual vs planned at operated houses: check-ins (half-days, how they were made, only today,
// only under an agreement in force), the door's QR code, the operator's desk, a usual week saved
// mid-week, and seats shared between the companies of a house.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { makeAgreement, makeOperatedHouse } from './operated';
import {
	dayPlans,
	houseMonths,
	memberships,
	operatorAuditEvents,
	users,
	type Company,
	type House,
	type User
} from '../../src/lib/server/db/schema';
import { createOperator } from '../../src/lib/server/operators/operators';
import { checkIn, doorCheckIn } from '../../src/lib/server/presence/check-in';
import { confirmCheckIn, deskCompanies, withdrawAtDesk } from '../../src/lib/server/presence/desk';
import { houseLoad, seatsLeftToday, sharedCapacity } from '../../src/lib/server/presence/capacity';
import {
	personDaysOnSite,
	recordCheckIn,
	resolveRange,
	setDayPlan,
	setPattern,
	patternOn
} from '../../src/lib/server/presence/plans';
import { occupancyReport } from '../../src/lib/server/presence/report';

const { db } = useTempDatabase();

// 09:00 UTC on Wednesday 25 November 2026: 10:00 in Paris.
const NOW = Date.parse('2026-11-25T09:00:00Z');
const TODAY = '2026-11-25';

let officer: User;
let operatorId: string;
let house: House;
let anne: User;
let bruno: User;
let carla: User;
let atelier: Company;
let bureau: Company;
let outsider: Company;

const day = (company: Company, user: User, date = TODAY) =>
	resolveRange(company.id, [user.id], [date]).get(user.id)![0];
const rows = (company: Company, user: User, date = TODAY) =>
	db()
		.select()
		.from(dayPlans)
		.where(
			and(eq(dayPlans.companyId, company.id), eq(dayPlans.userId, user.id), eq(dayPlans.date, date))
		)
		.all();

beforeAll(async () => {
	officer = await makeUser('Officer');
	operatorId = createOperator(officer.id, 'Commune de Murat').id;
	house = makeOperatedHouse(operatorId, { name: 'Maison Murat', seats: 6 });
	anne = await makeUser('Anne');
	bruno = await makeUser('Bruno');
	carla = await makeUser('Carla');
	atelier = makeCompany(anne, 'Atelier');
	bureau = makeCompany(bruno, 'Bureau');
	outsider = makeCompany(carla, 'Dehors');
	// Anne works for both companies; Carla's company has no agreement at the house.
	addMember(bureau, bruno, anne, 'member');
	makeAgreement(house, atelier, { startDate: '2026-11-01', reservedSeats: 3 });
	makeAgreement(house, bureau, { startDate: '2026-11-01' });
});

describe('check-ins', () => {
	it('records half-day check-ins for today with how they were made, half a day each', () => {
		const morning = checkIn(atelier.id, anne.id, house.id, NOW, 'am', 'click');
		expect(morning).toMatchObject({ ok: true, date: TODAY, half: 'am' });
		expect(personDaysOnSite(day(atelier, anne), house.id)).toBe(0.5);
		expect(rows(atelier, anne)).toMatchObject([{ half: 'am', checkInMethod: 'click' }]);
		checkIn(atelier.id, anne.id, house.id, NOW, 'pm', 'qr');
		expect(personDaysOnSite(day(atelier, anne), house.id)).toBe(1);
		const methods = rows(atelier, anne).map((row) => [row.half, row.checkInMethod]);
		expect(methods.sort()).toEqual([
			['am', 'click'],
			['pm', 'qr']
		]);
	});

	it('keeps the rest of a planned day as a plan, which never counts as on site', () => {
		setDayPlan(bureau.id, bruno.id, TODAY, {
			split: false,
			whole: { kind: 'house', houseId: house.id },
			note: 'réunion'
		});
		expect(personDaysOnSite(day(bureau, bruno), house.id)).toBe(0);
		checkIn(bureau.id, bruno.id, house.id, NOW, 'pm');
		const resolved = day(bureau, bruno);
		expect(resolved.am).toMatchObject({ kind: 'house', checkedIn: false, note: 'réunion' });
		expect(resolved.pm).toMatchObject({ kind: 'house', checkedIn: true, note: 'réunion' });
		expect(personDaysOnSite(resolved, house.id)).toBe(0.5);
	});

	it('lets a plan edit keep a check-in, and refuses one that would move it', () => {
		const same = setDayPlan(bureau.id, bruno.id, TODAY, {
			split: true,
			am: { kind: 'home', houseId: null },
			pm: { kind: 'house', houseId: house.id },
			note: 'finalement'
		});
		expect(same).toEqual({ ok: true });
		let resolved = day(bureau, bruno);
		expect(resolved.pm).toMatchObject({ checkedIn: true, note: 'finalement' });
		expect(resolved.am).toMatchObject({ kind: 'home', checkedIn: false });
		const moved = setDayPlan(bureau.id, bruno.id, TODAY, {
			split: false,
			whole: { kind: 'home', houseId: null },
			note: ''
		});
		expect(moved).toEqual({ ok: false, reason: 'checked_in', houseId: house.id, half: 'pm' });
		resolved = day(bureau, bruno);
		expect(resolved.pm).toMatchObject({ kind: 'house', checkedIn: true });
		expect(personDaysOnSite(resolved, house.id)).toBe(0.5);
	});

	it('“All day” after a morning checked in at another house moves only the half it is now', () => {
		const own = makeHouse(bureau, bruno, { name: 'Maison du Bureau' });
		const date = '2026-11-27';
		const morning = Date.parse(`${date}T08:00:00Z`);
		const afternoon = Date.parse(`${date}T13:30:00Z`);
		expect(checkIn(bureau.id, bruno.id, own.id, morning)).toMatchObject({ ok: true, half: 'day' });
		// The door's "All day" at 14:30 in Paris: the morning stays checked in at the first house.
		expect(checkIn(bureau.id, bruno.id, house.id, afternoon, 'day', 'qr')).toMatchObject({
			ok: true,
			half: 'pm'
		});
		expect(day(bureau, bruno, date).am).toMatchObject({ houseId: own.id, checkedIn: true });
		expect(day(bureau, bruno, date).pm).toMatchObject({ houseId: house.id, checkedIn: true });
	});

	it('needs an agreement in force today at an operated house', async () => {
		expect(checkIn(outsider.id, carla.id, house.id, NOW)).toEqual({
			ok: false,
			reason: 'no_agreement'
		});
		const later = makeCompany(carla, 'Plus tard');
		makeAgreement(house, later, { startDate: '2026-12-01' });
		expect(checkIn(later.id, carla.id, house.id, NOW)).toMatchObject({ reason: 'no_agreement' });
		const ended = makeCompany(carla, 'Fini');
		makeAgreement(house, ended, { startDate: '2026-10-01', endDate: '2026-11-24' });
		expect(checkIn(ended.id, carla.id, house.id, NOW)).toMatchObject({ reason: 'no_agreement' });
		expect(rows(later, carla)).toEqual([]);
	});
});

describe('the door QR code', () => {
	it('offers the companies whose agreement covers today: two, one or none', async () => {
		expect(doorCheckIn(house.id, anne.id, NOW)?.companies.map((c) => c.name)).toEqual([
			'Atelier',
			'Bureau'
		]);
		expect(doorCheckIn(house.id, bruno.id, NOW)?.companies.map((c) => c.name)).toEqual(['Bureau']);
		expect(doorCheckIn(house.id, carla.id, NOW)?.companies.map((c) => c.name)).toEqual([]);
	});

	it('is only for operated houses', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const own = makeHouse(company, owner);
		expect(doorCheckIn(own.id, owner.id, NOW)).toBeNull();
		expect(doorCheckIn('nope', owner.id, NOW)).toBeNull();
	});
});

describe('the desk', () => {
	const confirm = (input: Partial<Parameters<typeof confirmCheckIn>[2]>) =>
		confirmCheckIn(
			{ ...house, operatorId },
			officer.id,
			{ email: bruno.email, companyId: bureau.id, date: TODAY, half: 'day', ...input },
			NOW
		);

	it('lists the companies with an agreement today', () => {
		expect(deskCompanies(house, NOW).map((c) => c.name)).toContain('Atelier');
		expect(deskCompanies(house, NOW).map((c) => c.name)).not.toContain('Dehors');
	});

	it('refuses unknown people, companies without an agreement, future days and closed months', () => {
		expect(confirm({ email: 'personne@example.org' })).toMatchObject({
			ok: false,
			field: 'email',
			reason: 'unknown_person'
		});
		// Someone who exists but is not in that company gets the same answer.
		expect(confirm({ email: carla.email })).toMatchObject({ reason: 'unknown_person' });
		expect(confirm({ email: carla.email, companyId: outsider.id })).toMatchObject({
			field: 'companyId',
			reason: 'no_agreement'
		});
		expect(confirm({ date: '2026-11-26' })).toMatchObject({ field: 'date', reason: 'future_date' });
		db()
			.insert(houseMonths)
			.values({
				houseId: house.id,
				month: '2026-10',
				costCents: 0,
				fundingCents: 0,
				sharedCents: 0,
				allHalfDays: 0,
				billedCents: 0,
				closedAt: new Date(NOW)
			})
			.run();
		// October: the agreement does not cover it either, so give it one that does.
		const old = makeCompany(bruno, 'Ancien');
		makeAgreement(house, old, { startDate: '2026-09-01' });
		expect(confirm({ companyId: old.id, date: '2026-10-30' })).toMatchObject({
			reason: 'month_closed'
		});
	});

	it('confirms a past day as a desk check-in, logged with counts and without the name', () => {
		const result = confirm({ date: '2026-11-23', half: 'am' });
		expect(result).toMatchObject({ ok: true, companyName: 'Bureau', personName: null });
		expect(rows(bureau, bruno, '2026-11-23')).toMatchObject([
			{ half: 'am', kind: 'house', checkInMethod: 'desk' }
		]);
		const audit = db()
			.select()
			.from(operatorAuditEvents)
			.where(eq(operatorAuditEvents.action, 'check_in.confirmed'))
			.all();
		expect(audit.at(-1)?.details).toEqual({
			company: 'Bureau',
			date: '2026-11-23',
			half: 'am',
			people: 1,
			person: null
		});
		expect(JSON.stringify(audit)).not.toContain(bruno.name);
	});

	it('never moves or narrows a check-in another house has for that time', () => {
		const own = makeHouse(bureau, bruno, { name: 'Maison de Bruno' });
		const date = '2026-11-20';
		recordCheckIn(bureau.id, bruno.id, own.id, date, 'am', 'qr', new Date(NOW));
		for (const half of ['day', 'am'] as const) {
			expect(confirm({ date, half })).toEqual({
				ok: false,
				field: 'half',
				reason: 'checked_in_elsewhere'
			});
		}
		expect(rows(bureau, bruno, date)).toMatchObject([
			{ half: 'am', houseId: own.id, checkInMethod: 'qr' }
		]);
		// The afternoon was free: the desk records it, the morning stays where it was.
		expect(confirm({ date, half: 'pm' })).toMatchObject({ ok: true });
		expect(day(bureau, bruno, date).am).toMatchObject({ houseId: own.id, checkedIn: true });
		expect(day(bureau, bruno, date).pm).toMatchObject({ houseId: house.id, checkedIn: true });
	});

	it('names the person in the log only when they opted in to the house directory', () => {
		db().update(users).set({ houseDirectory: true }).where(eq(users.id, bruno.id)).run();
		expect(confirm({ date: '2026-11-24' })).toMatchObject({ ok: true, personName: bruno.name });
		const last = db()
			.select()
			.from(operatorAuditEvents)
			.where(eq(operatorAuditEvents.action, 'check_in.confirmed'))
			.all()
			.at(-1);
		expect(last?.details?.person).toBe(bruno.name);
		db().update(users).set({ houseDirectory: false }).where(eq(users.id, bruno.id)).run();
	});

	const withdraw = (input: Partial<Parameters<typeof withdrawAtDesk>[2]>) =>
		withdrawAtDesk(
			{ ...house, operatorId },
			officer.id,
			{ email: bruno.email, companyId: bureau.id, date: TODAY, half: 'day', ...input },
			NOW
		);

	it('takes back a check-in recorded by mistake: the day is a plan again, and it is logged', () => {
		const date = '2026-11-18';
		expect(confirm({ date })).toMatchObject({ ok: true });
		expect(withdraw({ date })).toEqual({ ok: true, companyName: 'Bureau' });
		expect(rows(bureau, bruno, date)).toMatchObject([
			{ half: 'day', kind: 'house', houseId: house.id, checkedInAt: null, checkInMethod: null }
		]);
		expect(day(bureau, bruno, date).am).toMatchObject({ houseId: house.id, checkedIn: false });
		const audit = db()
			.select()
			.from(operatorAuditEvents)
			.where(eq(operatorAuditEvents.action, 'check_in.withdrawn'))
			.all();
		expect(audit.at(-1)?.details).toEqual({
			company: 'Bureau',
			date,
			half: 'day',
			people: 1,
			person: null
		});
		// Nothing left to take back.
		expect(withdraw({ date })).toEqual({ ok: false, field: 'half', reason: 'no_check_in' });
	});

	it('takes back one half of a checked-in day, and never a check-in of another house', () => {
		const date = '2026-11-19';
		expect(confirm({ date })).toMatchObject({ ok: true });
		expect(withdraw({ date, half: 'am' })).toMatchObject({ ok: true });
		expect(day(bureau, bruno, date).am).toMatchObject({ houseId: house.id, checkedIn: false });
		expect(day(bureau, bruno, date).pm).toMatchObject({ houseId: house.id, checkedIn: true });

		const own = makeHouse(bureau, bruno, { name: 'Maison de Bruno bis' });
		const elsewhere = '2026-11-17';
		recordCheckIn(bureau.id, bruno.id, own.id, elsewhere, 'day', 'qr', new Date(NOW));
		expect(withdraw({ date: elsewhere })).toEqual({
			ok: false,
			field: 'half',
			reason: 'no_check_in'
		});
		expect(day(bureau, bruno, elsewhere).am).toMatchObject({ houseId: own.id, checkedIn: true });
		expect(withdraw({ email: 'nobody@example.org', date })).toMatchObject({
			ok: false,
			reason: 'unknown_person'
		});
	});
});

describe('a usual week saved mid-week', () => {
	it('leaves Monday and Tuesday as they were in plans and the report', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const own = makeHouse(company, owner, { seats: 4 });
		const week = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];
		const atHouse = { kind: 'house' as const, houseId: own.id };
		setPattern(
			company.id,
			owner.id,
			'2026-11-02',
			{ 1: atHouse, 2: atHouse, 3: atHouse },
			'2026-11-02'
		);
		const before = resolveRange(company.id, [owner.id], week).get(owner.id)!;
		const plannedBefore = occupancyReport(company.id, own, '2026-11', TODAY).totalPlanned;
		// On Wednesday the 25th, the form still says "from Monday 23".
		setPattern(
			company.id,
			owner.id,
			'2026-11-23',
			{ 1: { kind: 'home', houseId: null }, 4: atHouse },
			TODAY
		);
		const after = resolveRange(company.id, [owner.id], week).get(owner.id)!;
		expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
		expect(after.map((d) => d.am.kind)).toEqual(['house', 'house', 'unset', 'house', 'unset']);
		// The next Monday follows the new week.
		expect(resolveRange(company.id, [owner.id], ['2026-11-30']).get(owner.id)![0].am.kind).toBe(
			'home'
		);
		// November's planned person-days change only from today: Wednesday 25 (−1), Thursday 26 (+1),
		// Monday 30 (−1).
		expect(occupancyReport(company.id, own, '2026-11', TODAY).totalPlanned).toBe(plannedBefore - 1);
		expect(patternOn(company.id, owner.id, TODAY)[4]).toEqual(atHouse);
	});
});

describe('shared capacity', () => {
	const DATE = '2026-11-26';

	it('counts other companies by the larger of their reserved seats and their planned people', async () => {
		// Thursday: Atelier (3 seats reserved) plans 1 person, Bureau plans 2.
		setDayPlan(atelier.id, anne.id, DATE, {
			split: false,
			whole: { kind: 'house', houseId: house.id },
			note: ''
		});
		for (const user of [bruno, anne]) {
			setDayPlan(bureau.id, user.id, DATE, {
				split: false,
				whole: { kind: 'house', houseId: house.id },
				note: ''
			});
		}
		const [forBureau] = sharedCapacity(house, bureau.id, [DATE]);
		// 6 seats − max(3 reserved, 1 planned) for Atelier − 2 planned by Bureau.
		expect(forBureau).toMatchObject({ planned: 2, others: 3, seatsLeft: 1, overCapacity: false });
		const [forAtelier] = sharedCapacity(house, atelier.id, [DATE]);
		// 6 − 2 for Bureau − 1 planned by Atelier (its own reserved seats are its own).
		expect(forAtelier).toMatchObject({ planned: 1, reserved: 3, others: 2, seatsLeft: 3 });
		// Counts only: nothing names the other company or its people.
		const seen = JSON.stringify(sharedCapacity(house, atelier.id, [DATE]));
		for (const name of ['Bureau', bruno.name, bruno.id]) expect(seen).not.toContain(name);
	});

	it('flags a day past capacity, and still allows the plan', async () => {
		const more = await Promise.all([1, 2].map(() => makeUser('Extra')));
		for (const user of more) {
			addMember(bureau, bruno, user, 'member');
			const saved = setDayPlan(bureau.id, user.id, DATE, {
				split: false,
				whole: { kind: 'house', houseId: house.id },
				note: ''
			});
			expect(saved.ok).toBe(true);
		}
		const [forBureau] = sharedCapacity(house, bureau.id, [DATE]);
		expect(forBureau).toMatchObject({ planned: 4, others: 3, seatsLeft: -1, overCapacity: true });
		const loads = houseLoad(house, [DATE]);
		expect(loads.map((l) => [l.companyName, l.planned[0], l.reserved[0]])).toEqual(
			expect.arrayContaining([
				['Atelier', 1, 3],
				['Bureau', 4, 0]
			])
		);
	});

	it('gives the board each house’s seats left today', () => {
		const today = seatsLeftToday(bureau.id, Date.parse('2026-11-26T09:00:00Z')).get(house.id);
		expect(today).toMatchObject({ date: DATE, seatsLeft: -1, overCapacity: true });
	});

	it('counts a company’s plans only on the days it works at the house', () => {
		// A company whose agreement ended keeps its plans and usual week at the house: nothing
		// deletes them, and they took seats from the others on every day after.
		const [before] = sharedCapacity(house, bureau.id, [DATE]);
		const gone = makeCompany(carla, 'Partie');
		makeAgreement(house, gone, { startDate: '2026-10-01', endDate: '2026-11-24' });
		const soon = makeCompany(carla, 'Bientôt');
		makeAgreement(house, soon, { startDate: '2026-11-27' });
		const [friday] = sharedCapacity(house, bureau.id, ['2026-11-27']);
		for (const [company, date] of [
			[gone, DATE],
			[soon, DATE],
			[soon, '2026-11-27']
		] as const) {
			db()
				.insert(dayPlans)
				.values({
					companyId: company.id,
					userId: carla.id,
					date,
					half: 'day',
					kind: 'house',
					houseId: house.id,
					updatedAt: new Date()
				})
				.run();
		}
		// Thursday: neither the company that left nor the one not come yet takes a seat.
		expect(sharedCapacity(house, bureau.id, [DATE])[0].others).toBe(before.others);
		// Friday, the first day of its agreement, the newcomer's plan does.
		expect(sharedCapacity(house, bureau.id, ['2026-11-27'])[0].others).toBe(friday.others + 1);
		const loads = houseLoad(house, [DATE]);
		expect(loads.find((load) => load.companyName === 'Partie')?.planned).toEqual([0]);
	});

	it('still counts the check-ins of someone who has since left the company', async () => {
		// Lucie checked in for Bureau on Monday, then left Bureau: she took her seat that day.
		const monday = '2026-11-23';
		const lucie = await makeUser('Lucie');
		addMember(bureau, bruno, lucie, 'member');
		db()
			.insert(dayPlans)
			.values({
				companyId: bureau.id,
				userId: lucie.id,
				date: monday,
				half: 'day',
				kind: 'house',
				houseId: house.id,
				checkedInAt: new Date(`${monday}T08:00:00Z`),
				checkInMethod: 'click',
				updatedAt: new Date()
			})
			.run();
		const bureauLoad = () => houseLoad(house, [monday]).find((l) => l.companyName === 'Bureau')!;
		const before = bureauLoad();
		expect(before.checkedIn[0]).toBeGreaterThanOrEqual(1);
		db()
			.delete(memberships)
			.where(and(eq(memberships.companyId, bureau.id), eq(memberships.userId, lucie.id)))
			.run();
		expect(bureauLoad()).toEqual(before);
	});

	it('drops reserved seats outside the agreement’s dates', () => {
		const [december] = sharedCapacity(house, bureau.id, ['2026-12-24']);
		// Atelier's agreement has no end: still 3 reserved; "Fini" ended on 24 November.
		expect(december.others).toBe(3);
	});
});
