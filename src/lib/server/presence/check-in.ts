// "I'm at <house> this morning / this afternoon / all day": today in that house's time zone
// becomes a check-in there, the person-days that bill. Only today: a past day is the operator's
// desk's to confirm (desk.ts), a future day is a plan. At an operated house the company needs an
// agreement in force today. A house closed today is checked in at all the same (someone may have
// a key), and the person is told so beside the confirmation.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { atPlaceFrench } from '$lib/format';
import { getDb } from '../db';
import {
	companies,
	companyHouses,
	houses,
	memberships,
	type CheckInMethod,
	type House
} from '../db/schema';
import { getCompanyHouse } from '../houses/houses';
import { todayIn } from '../../zoned-time';
import { closedToday, openingHoursLabel, type OpeningHours } from '../../house-hours';
import { isMorning } from '../../board-groups';
import { sharedCapacity, type SharedDay } from './capacity';
import { publishPlaceChanged } from './events';
import { hasAgreementOn, userCompaniesInForce } from '../agreements/in-force';
import { checkedInToday, recordCheckIn, type CheckInHalf, type RestOfDay } from './plans';

export type CheckInResult =
	| {
			ok: true;
			houseName: string;
			date: string;
			half: CheckInHalf;
			capacity: SharedDay;
			/** The house does not open today on its clock: its days and hours, to say when it does. */
			closed: OpeningHours | null;
	  }
	| { ok: false; reason: CheckInRefusal };

/**
 * Why a check-in is refused. `month_closed`: it would undo a check-in at another house whose
 * month of that date is closed (a house on a clock already in the next month); today's month is
 * never closed at the house checked in at, as a month closes only once it has ended there.
 */
export type CheckInRefusal = 'unknown_house' | 'no_agreement' | 'month_closed';

/** What a person is told when their check-in is refused, in their language. */
export function checkInRefusedMessage(reason: CheckInRefusal): string {
	if (reason === 'no_agreement') return m.presence_check_in_no_agreement();
	if (reason === 'month_closed') return m.presence_check_in_month_closed();
	return m.presence_check_in_unknown_house();
}

/** The house's days and hours when it is closed today on its own clock (the board card's rule). */
function closedHours(house: House, now: number): OpeningHours | null {
	if (!closedToday(house, now)) return null;
	const { openingDays, opensAt, closesAt } = house;
	return { openingDays, opensAt, closesAt };
}

/**
 * The house a company may check in at on `date`: one linked to it, or an operated house whose
 * agreement with the company covers the date. Archived houses take no check-ins.
 */
export function checkInHouse(
	companyId: string,
	houseId: string,
	date: (house: House) => string
): { house: House } | { house: null; reason: 'unknown_house' | 'no_agreement' } {
	const house = getDb().select().from(houses).where(eq(houses.id, houseId)).get();
	if (!house || house.archivedAt) return { house: null, reason: 'unknown_house' };
	if (!house.operatorId) {
		return getCompanyHouse(companyId, houseId)
			? { house }
			: { house: null, reason: 'unknown_house' };
	}
	return hasAgreementOn(companyId, house.id, date(house))
		? { house }
		: { house: null, reason: 'no_agreement' };
}

/**
 * A check-in today at a house. The whole day (`day`, what every "I'm here" button and the door's
 * "All day" mean) unless the person is checked in at another house today: then only the half of
 * the day it is now on the house's clock (the morning until 13:00, as on the board) moves here,
 * the other house keeping its half; a whole day here would wipe a morning checked in elsewhere
 * from that house's report and statement. A half asked for is that half.
 */
export function checkIn(
	companyId: string,
	userId: string,
	houseId: string,
	now = Date.now(),
	half: CheckInHalf = 'day',
	method: CheckInMethod = 'click'
): CheckInResult {
	const found = checkInHouse(companyId, houseId, (house) => todayIn(house.timeZone, now));
	if (!found.house) return { ok: false, reason: found.reason };
	return checkInAt(companyId, userId, found.house, now, half, method);
}

/**
 * checkIn at a house already found; `today` is the person's check-ins of the day when the caller
 * has read them already (the link's scan), so they are not read twice.
 */
function checkInAt(
	companyId: string,
	userId: string,
	house: House,
	now: number,
	half: CheckInHalf,
	method: CheckInMethod,
	today?: { am?: string; pm?: string }
): CheckInResult {
	const date = todayIn(house.timeZone, now);
	let rest: RestOfDay = 'narrowed';
	if (half === 'day') {
		const there = today ?? checkedInToday(companyId, userId, date);
		if ([there.am, there.pm].some((at) => at !== undefined && at !== house.id)) {
			half = isMorning({ timeZone: house.timeZone }, now) ? 'am' : 'pm';
			rest = 'kept';
		}
	}
	const written = recordCheckIn(
		companyId,
		userId,
		house.id,
		date,
		half,
		method,
		new Date(now),
		rest
	);
	if (!written.ok) return written;
	publishPlaceChanged(companyId, userId, [date], { houseId: house.id, now });
	const [capacity] = sharedCapacity(house, companyId, [date]);
	return { ok: true, houseName: house.name, date, half, capacity, closed: closedHours(house, now) };
}

/**
 * A check-in by opening a company house's link (its QR code scanned, the link followed in the
 * app). Opening a page must never undo what the person chose, nor bill more than they said: a
 * second scan or a reopened tab after "this afternoon only" must not make it a whole day.
 * Already checked in here today, nothing changes (`already`). Checked in at another house today,
 * only the half of the day it is now (on the house's clock, the morning until 13:00 as on the
 * board) moves here. Else the whole day, which the page offers to narrow.
 */
export function scanCheckIn(
	companyId: string,
	userId: string,
	houseId: string,
	now: number,
	method: CheckInMethod
): CheckInResult & { already?: boolean } {
	const found = checkInHouse(companyId, houseId, (house) => todayIn(house.timeZone, now));
	if (!found.house) return { ok: false, reason: found.reason };
	const { house } = found;
	const date = todayIn(house.timeZone, now);
	const today = checkedInToday(companyId, userId, date);
	const here = { am: today.am === house.id, pm: today.pm === house.id };
	if (here.am || here.pm) {
		const half: CheckInHalf = here.am && here.pm ? 'day' : here.am ? 'am' : 'pm';
		const [capacity] = sharedCapacity(house, companyId, [date]);
		const closed = closedHours(house, now);
		return { ok: true, houseName: house.name, date, half, capacity, closed, already: true };
	}
	return checkInAt(companyId, userId, house, now, 'day', method, today);
}

/**
 * What a person is told once checked in, in their language; `full` when the house is now past
 * capacity across all its companies. The figure is people when they alone fill the seats, else
 * the seats taken or reserved (another company's reserved seats count though nobody sits there).
 */
export function checkedInMessage(result: CheckInResult & { ok: true }): {
	text: string;
	full: boolean;
} {
	const { capacity, half, houseName: house } = result;
	const atHouse = atPlaceFrench(house);
	if (!capacity.overCapacity) {
		const text =
			half === 'am'
				? m.presence_check_in_done_am({ house, atHouse })
				: half === 'pm'
					? m.presence_check_in_done_pm({ house, atHouse })
					: m.presence_check_in_done({ house, atHouse });
		return { text, full: false };
	}
	const { people, seats } = capacity;
	const text =
		people > seats
			? m.presence_check_in_full_people({ house, atHouse, people, seats })
			: m.presence_check_in_full_held({
					house,
					atHouse,
					held: seats - capacity.seatsLeft,
					seats
				});
	return { text, full: true };
}

/**
 * What a person checked in at a house closed today is told beside the confirmation, in their
 * language: when the house opens, and to make sure they can get in. Null on a day it opens.
 */
export function closedTodayMessage(result: CheckInResult & { ok: true }): string | null {
	if (!result.closed) return null;
	return m.presence_check_in_closed_today({
		house: result.houseName,
		hours: openingHoursLabel(result.closed)
	});
}

/** What a check-in page shows once done: the half, the house's seats, and a closed day's note. */
export function checkInShown(result: CheckInResult & { ok: true }) {
	return {
		half: result.half,
		seats: result.capacity.seats,
		seatsLeft: result.capacity.seatsLeft,
		shared: result.capacity.shared,
		closed: closedTodayMessage(result)
	};
}

/**
 * What the door's QR code (/check-in/[house]) offers a signed-in person: the operated house and
 * their companies whose agreement covers today there. Null for anything but an active operated
 * house (a company's private house has its own company link).
 */
export function doorCheckIn(houseId: string, userId: string, now = Date.now()) {
	const house = getDb().select().from(houses).where(eq(houses.id, houseId)).get();
	if (!house || house.archivedAt || !house.operatorId) return null;
	const date = todayIn(house.timeZone, now);
	return { house, date, companies: userCompaniesInForce(house.id, userId, date) };
}

/** The check-in link of a company's house, the one its printed QR code holds. */
export function companyCheckInPath(companySlug: string, houseId: string): string {
	return `/${companySlug}/check-in/${houseId}`;
}

/**
 * Where the door's address sends a member of the company whose own house it names: that house's
 * company link (someone typed or followed the door's address for it). Null for an operated house,
 * an archived or unknown one, and for anyone outside the company, who get the door's 404 as for
 * a house that does not exist.
 */
export function ownHouseCheckInPath(houseId: string, userId: string): string | null {
	const company = getDb()
		.select({ slug: companies.slug })
		.from(houses)
		.innerJoin(companyHouses, eq(companyHouses.houseId, houses.id))
		.innerJoin(companies, eq(companies.id, companyHouses.companyId))
		.innerJoin(
			memberships,
			and(eq(memberships.companyId, companyHouses.companyId), eq(memberships.userId, userId))
		)
		.where(and(eq(houses.id, houseId), isNull(houses.operatorId), isNull(houses.archivedAt)))
		// A company house belongs to the company that made it; should one ever be linked to more,
		// the same person is always sent to the same one.
		.orderBy(asc(companyHouses.createdAt), asc(companies.slug))
		.get();
	return company ? companyCheckInPath(company.slug, houseId) : null;
}
