// The operator's desk: staff confirm that a person is (or was) on site, by the address they sign
// in with, for a company whose agreement covers that day. Check-ins made here are method 'desk';
// a past day is allowed (someone forgot to scan) as long as its month is not closed, never a
// future one. The operator's log records the confirmation with counts and the company; the
// person's name only when they opted in to the house directory.
import { and, eq } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { memberships, type House } from '../db/schema';
import { getUserByEmail } from '../auth/user';
import { recordOperatorAudit } from '../operators/audit';
import { addDays, todayIn } from '../../zoned-time';
import { opensOn } from '../../house-hours';
import { sharedCapacity, type SharedDay } from './capacity';
import { publishPlaceChanged } from './events';
import { agreementsAtHouse, companiesInForce } from '../agreements/in-force';
import { closedMonthsOf } from '../billing/closing';
import { monthOf, shiftMonth } from '../billing/month';
import { checkedInToday, recordCheckIn, withdrawCheckIn, type CheckInHalf } from './plans';

export type DeskConfirmation = {
	email: string;
	companyId: string;
	date: string;
	half: CheckInHalf;
};

export type DeskResult =
	| { ok: true; companyName: string; personName: string | null; capacity: SharedDay }
	| { ok: false; field: 'email' | 'companyId' | 'date' | 'half'; reason: DeskRefusal };

/** What the desk's transaction recorded, before the capacity is read for the answer. */
type DeskRecorded = { ok: true; companyName: string; personName: string | null; userId: string };

export type DeskRefusal =
	| 'unknown_person'
	| 'no_agreement'
	| 'future_date'
	| 'month_closed'
	| 'checked_in_elsewhere'
	| 'no_check_in';

/** A check-in taken back at the desk (`withdrawAtDesk`). */
export type DeskWithdrawal =
	| { ok: true; companyName: string }
	| { ok: false; field: 'email' | 'companyId' | 'date' | 'half'; reason: DeskRefusal };

/**
 * The companies the desk can confirm a check-in for, by name: those with an agreement covering
 * at least one day up to today in a month not closed yet — the days `confirmCheckIn` accepts.
 * Not only today's: a company whose agreement ended yesterday may have had someone in last week
 * who forgot to scan, and until its month closes that day can still be billed.
 */
export function deskCompanies(house: House, now = Date.now()) {
	const today = todayIn(house.timeZone, now);
	const closed = closedMonthsOf(house.id);
	const companies = new Map<string, { id: string; name: string }>();
	for (const agreement of agreementsAtHouse(house.id)) {
		const last =
			agreement.endDate !== null && agreement.endDate < today ? agreement.endDate : today;
		if (agreement.startDate > last) continue;
		// The months it covers up to today: any of them still open is a day the desk accepts.
		let open = false;
		for (
			let month = monthOf(agreement.startDate);
			month <= monthOf(last);
			month = shiftMonth(month, 1)
		) {
			if (!closed.has(month)) {
				open = true;
				break;
			}
		}
		if (open)
			companies.set(agreement.companyId, { id: agreement.companyId, name: agreement.companyName });
	}
	return [...companies.values()];
}

/**
 * The day the desk offers beside today: the house's last opening day before today (yesterday
 * when it opened then; Friday on a Monday). Recording a forgotten check-in is the desk's usual
 * work after the day, and that day is the one people most often forgot. Null when the house
 * opens on no day of the week before, or when that day's month is already closed (the desk would
 * refuse it).
 */
export function lastOpeningDay(house: House, now = Date.now()): string | null {
	const today = todayIn(house.timeZone, now);
	for (let back = 1; back <= 7; back += 1) {
		const day = addDays(today, -back);
		if (!opensOn(house, day)) continue;
		return closedMonthsOf(house.id).has(monthOf(day)) ? null : day;
	}
	return null;
}

/**
 * Who and for which company the desk's form names: the company needs an agreement at the house
 * on that date, and the address must sign in one of its people. An unknown address and "not in
 * that company" answer alike: the desk learns nothing about who has an account.
 */
function deskSubject(tx: Executor, houseId: string, input: DeskConfirmation) {
	const agreement = companiesInForce(houseId, input.date).find(
		(row) => row.companyId === input.companyId
	);
	if (!agreement)
		return { ok: false as const, field: 'companyId' as const, reason: 'no_agreement' as const };
	const person = getUserByEmail(input.email);
	const member =
		person &&
		tx
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(and(eq(memberships.companyId, input.companyId), eq(memberships.userId, person.id)))
			.get();
	if (!person || !member) {
		return { ok: false as const, field: 'email' as const, reason: 'unknown_person' as const };
	}
	return { ok: true as const, agreement, person, input };
}

/**
 * The operator's log line of a desk act: the company, the date, the half and a count; the
 * person's name only when they opted in to the house directory. Returns that name (or null).
 */
function logDeskEntry(
	tx: Executor,
	house: House & { operatorId: string },
	actorId: string,
	action: 'check_in.confirmed' | 'check_in.withdrawn',
	{ agreement, person, input }: Extract<ReturnType<typeof deskSubject>, { ok: true }>
): string | null {
	const personName = person.houseDirectory ? person.name : null;
	recordOperatorAudit(tx, {
		operatorId: house.operatorId,
		actorId,
		action,
		subject: house.name,
		details: {
			company: agreement.companyName,
			date: input.date,
			half: input.half,
			people: 1,
			person: personName
		}
	});
	return personName;
}

export function confirmCheckIn(
	house: House & { operatorId: string },
	actorId: string,
	input: DeskConfirmation,
	now = Date.now()
): DeskResult {
	if (input.date > todayIn(house.timeZone, now)) {
		return { ok: false, field: 'date', reason: 'future_date' };
	}
	const db = getDb();
	// One transaction from the agreement to the audit line: the month's closing is refused by the
	// write itself (recordCheckIn), never by a look taken before it.
	const outcome = db.transaction(
		(tx): DeskRecorded | (DeskResult & { ok: false }) => {
			const found = deskSubject(tx, house.id, input);
			if (!found.ok) return found;
			const { agreement, person } = found;
			// A check-in another house has for that time is that house's to bill: this desk never
			// moves or narrows it (nor says which house it is).
			const there = checkedInToday(input.companyId, person.id, input.date);
			const halves = input.half === 'day' ? [there.am, there.pm] : [there[input.half]];
			if (halves.some((at) => at !== undefined && at !== house.id)) {
				return { ok: false, field: 'half', reason: 'checked_in_elsewhere' };
			}
			const written = recordCheckIn(
				input.companyId,
				person.id,
				house.id,
				input.date,
				input.half,
				'desk',
				new Date(now)
			);
			if (!written.ok) return { ok: false, field: 'date', reason: 'month_closed' };
			const personName = logDeskEntry(tx, house, actorId, 'check_in.confirmed', found);
			return { ok: true, companyName: agreement.companyName, personName, userId: person.id };
		},
		{ behavior: 'immediate' }
	);
	if (!outcome.ok) return outcome;
	const { companyName, personName, userId } = outcome;
	publishPlaceChanged(input.companyId, userId, [input.date], { houseId: house.id, now });
	const [capacity] = sharedCapacity(house, input.companyId, [input.date]);
	return { ok: true, companyName, personName, capacity };
}

/**
 * Takes back a check-in the desk (or the person, or the door) recorded at this house by mistake:
 * the wrong person, day or part of the day. Found as it was confirmed, by the address and the
 * company; the day stays as planned and nothing bills (plans.ts withdrawCheckIn). Not in a closed
 * month. Logged like a confirmation: counts and the company, the person only where they opted in.
 */
export function withdrawAtDesk(
	house: House & { operatorId: string },
	actorId: string,
	input: DeskConfirmation,
	now = Date.now()
): DeskWithdrawal {
	const outcome = getDb().transaction(
		(tx): (DeskWithdrawal & { ok: false }) | { ok: true; companyName: string; userId: string } => {
			const found = deskSubject(tx, house.id, input);
			if (!found.ok) return found;
			const { agreement, person } = found;
			const written = withdrawCheckIn(
				input.companyId,
				person.id,
				house.id,
				input.date,
				input.half,
				new Date(now)
			);
			if (!written.ok) return { ok: false, field: 'date', reason: 'month_closed' };
			if (!written.withdrawn) return { ok: false, field: 'half', reason: 'no_check_in' };
			logDeskEntry(tx, house, actorId, 'check_in.withdrawn', found);
			return { ok: true, companyName: agreement.companyName, userId: person.id };
		},
		{ behavior: 'immediate' }
	);
	if (!outcome.ok) return outcome;
	publishPlaceChanged(input.companyId, outcome.userId, [input.date], { houseId: house.id, now });
	return { ok: true, companyName: outcome.companyName };
}
