// Live seat counts across the companies of a house: a change by one company reaches the others
// working there as counts only, one event per house per window whatever the burst; a company
// not in the house, or whose agreement has ended, hears nothing; a private house tells its own
// company; and a check-in past capacity says so.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { makeAgreement, makeOperatedHouse } from './operated';
import type { Company, House, User } from '../../src/lib/server/db/schema';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { endAgreement } from '../../src/lib/server/agreements/agreements';
import { liveHub, type LiveSubscriber } from '../../src/lib/server/live/hub';
import { createOperator } from '../../src/lib/server/operators/operators';
import { checkIn, checkedInMessage } from '../../src/lib/server/presence/check-in';
import { publishPlaceChanged, seatsFanOut } from '../../src/lib/server/presence/events';
import { setDayPlan } from '../../src/lib/server/presence/plans';
import type { LiveEvent } from '../../src/lib/live-events';

useTempDatabase();

// 09:00 UTC on Thursday 3 December 2026: 10:00 in Paris.
const NOW = Date.parse('2026-12-03T09:00:00Z');
const TODAY = '2026-12-03';
const WINDOW_MS = 250;

let officer: User;
let operatorId: string;
let house: House;
let anne: User;
let bruno: User;
let carla: User;
let denis: User;
let paul: User;
let atelier: Company;
let bureau: Company;
let dehors: Company;
let fini: Company;
let perso: Company;
let persoHouse: House;
let finiAgreement: string;
const bureauPeople: User[] = [];

type SeatsEvent = Extract<LiveEvent, { type: 'seats' }>;

/** What each company's open board would receive, `seats` events only, whole. */
const received = new Map<string, SeatsEvent[]>();
const unsubscribe: Array<() => void> = [];

function listen(company: Company) {
	const events: SeatsEvent[] = [];
	received.set(company.id, events);
	const subscriber: LiveSubscriber = {
		deliver: ({ event }) => {
			if (event.type === 'seats') events.push(event);
		},
		reload: () => {},
		close: () => {}
	};
	unsubscribe.push(liveHub().subscribe(company.id, `viewer-${company.id}`, null, subscriber));
}

const seatsOf = (company: Company) => received.get(company.id)!;

/** A day at the house for someone, saved as the planner's action saves it. */
function planAt(company: Company, user: User, where: House, date = TODAY) {
	const saved = setDayPlan(company.id, user.id, date, {
		split: false,
		whole: { kind: 'house', houseId: where.id },
		note: 'secret note'
	});
	expect(saved.ok).toBe(true);
	publishPlaceChanged(company.id, user.id, [date], { now: NOW });
}

beforeAll(async () => {
	officer = await makeUser('Officer');
	operatorId = createOperator(officer.id, 'Commune de Salers').id;
	house = makeOperatedHouse(operatorId, { name: 'Maison Salers', seats: 3 });
	[anne, bruno, carla, denis, paul] = await Promise.all(
		['Anne', 'Bruno', 'Carla', 'Denis', 'Paul'].map((name) => makeUser(name))
	);
	atelier = makeCompany(anne, 'Atelier');
	bureau = makeCompany(bruno, 'Bureau Sud');
	dehors = makeCompany(carla, 'Dehors');
	fini = makeCompany(denis, 'Fini');
	perso = makeCompany(paul, 'Perso');
	makeAgreement(house, atelier, { startDate: '2026-11-01' });
	makeAgreement(house, bureau, { startDate: '2026-11-01' });
	finiAgreement = makeAgreement(house, fini, { startDate: '2026-11-01', reservedSeats: 1 });
	// Dehors works elsewhere: a house of its own, nothing to do with Salers.
	makeHouse(dehors, carla, { name: 'Grange Dehors' });
	persoHouse = makeHouse(perso, paul, { name: 'Maison Perso', seats: 2 });
	for (const name of ['Berthe', 'Basile', 'Blaise', 'Bérénice', 'Benoît']) {
		const person = await makeUser(name);
		addMember(bureau, bruno, person, 'member');
		bureauPeople.push(person);
	}
	for (const company of [atelier, bureau, dehors, fini, perso]) listen(company);
});

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
	for (const events of received.values()) events.length = 0;
});

afterEach(() => {
	// Whatever a test left in its window goes now, before its fake timer is forgotten.
	seatsFanOut().flush();
	vi.useRealTimers();
	overwriteGetLocale(() => 'en');
});

describe('seat counts across the companies of a house', () => {
	it('tells the other companies of a plan, with counts only, after the window', () => {
		planAt(bureau, bruno, house);
		// Nothing before the window ends: the burst it may belong to is still gathering.
		expect(seatsOf(atelier)).toEqual([]);
		vi.advanceTimersByTime(WINDOW_MS);

		expect(seatsOf(atelier)).toEqual([
			{
				type: 'seats',
				houseId: house.id,
				days: [
					{
						date: TODAY,
						seats: 3,
						// 3 − Bureau's 1 planned − Fini's 1 reserved seat.
						seatsLeft: 1,
						people: 1,
						checkedIn: 0,
						reservedLeft: 0,
						overCapacity: false,
						// An operated house: the board says "across all companies".
						shared: true
					}
				]
			}
		]);
		// Fini's reserved seat is still all its own.
		expect(seatsOf(fini)[0].days[0]).toMatchObject({ seatsLeft: 2, reservedLeft: 1 });
		// Who planned, and for which company, never leaves the server.
		const payload = JSON.stringify(seatsOf(atelier));
		for (const secret of [bruno.id, bruno.name, bruno.email, bureau.id, 'Bureau', 'secret note']) {
			expect(payload).not.toContain(secret);
		}
	});

	it('tells nothing to a company not in the house, nor of a house it is not in', () => {
		planAt(bureau, bruno, house, '2026-12-04');
		vi.advanceTimersByTime(WINDOW_MS);
		expect(seatsOf(atelier)).toHaveLength(1);
		expect(seatsOf(dehors)).toEqual([]);
		expect(seatsOf(perso)).toEqual([]);
	});

	it('turns a burst of check-ins into one event per company', () => {
		for (const person of bureauPeople) {
			expect(checkIn(bureau.id, person.id, house.id, NOW).ok).toBe(true);
		}
		vi.advanceTimersByTime(WINDOW_MS);
		vi.advanceTimersByTime(10 * WINDOW_MS);
		expect(seatsOf(atelier)).toHaveLength(1);
		// Bruno's plan and the five check-ins: six people at a house of three seats.
		expect(seatsOf(atelier)[0].days).toEqual([
			expect.objectContaining({ date: TODAY, people: 6, checkedIn: 5, seatsLeft: -4 })
		]);
		expect(seatsOf(atelier)[0].days[0].overCapacity).toBe(true);
		expect(seatsOf(bureau)).toHaveLength(1);
	});

	it('says so when a check-in leaves the house past capacity, in English and in French', () => {
		const result = checkIn(atelier.id, anne.id, house.id, NOW);
		if (!result.ok) throw new Error(result.reason);
		expect(checkedInMessage(result)).toEqual({
			text: 'You’re checked in at Maison Salers — the house is full today: 7 people for 3 seats.',
			full: true
		});
		overwriteGetLocale(() => 'fr');
		expect(checkedInMessage(result).text).toBe(
			'Vous avez pointé à Maison Salers — la maison est complète aujourd’hui\u202f: 7 personnes pour 3 places.'
		);
	});

	it('stops telling a company whose agreement has ended', () => {
		planAt(atelier, anne, house, '2026-12-07');
		vi.advanceTimersByTime(WINDOW_MS);
		expect(seatsOf(fini)).toHaveLength(1);
		const ended = endAgreement(
			{ operatorId, userId: officer.id },
			house,
			finiAgreement,
			'2026-12-02',
			NOW
		);
		expect(ended).toMatchObject({ ok: true });
		planAt(atelier, anne, house, '2026-12-08');
		vi.advanceTimersByTime(WINDOW_MS);
		expect(seatsOf(atelier)).toHaveLength(2);
		expect(seatsOf(fini)).toHaveLength(1);
	});

	it('tells the one company of a private house', () => {
		planAt(perso, paul, persoHouse);
		vi.advanceTimersByTime(WINDOW_MS);
		expect(seatsOf(perso)).toEqual([
			{
				type: 'seats',
				houseId: persoHouse.id,
				// Its own house, used by it alone: the board does not say "across all companies".
				days: [
					expect.objectContaining({
						date: TODAY,
						seats: 2,
						people: 1,
						seatsLeft: 1,
						shared: false
					})
				]
			}
		]);
		for (const other of [atelier, bureau, dehors]) expect(seatsOf(other)).toEqual([]);
	});
});

describe('the check-in message', () => {
	it('counts seats taken or reserved when reservations fill the house', () => {
		const small = makeOperatedHouse(operatorId, { name: 'Petite Maison', seats: 2 });
		makeAgreement(small, fini, { startDate: '2026-11-01', reservedSeats: 2 });
		makeAgreement(small, atelier, { startDate: '2026-11-01' });
		const result = checkIn(atelier.id, anne.id, small.id, NOW);
		if (!result.ok) throw new Error(result.reason);
		expect(checkedInMessage(result)).toEqual({
			text: 'You’re checked in at Petite Maison — the house is full today: 3 seats taken or reserved for 2 seats.',
			full: true
		});
	});

	it('says only where when there is room', () => {
		const roomy = makeOperatedHouse(operatorId, { name: 'Grande Maison', seats: 40 });
		makeAgreement(roomy, bureau, { startDate: '2026-11-01' });
		const result = checkIn(bureau.id, bruno.id, roomy.id, NOW, 'pm');
		if (!result.ok) throw new Error(result.reason);
		expect(checkedInMessage(result)).toEqual({
			text: 'You’re at Grande Maison this afternoon',
			full: false
		});
	});
});

afterAll(() => {
	for (const stop of unsubscribe) stop();
});
