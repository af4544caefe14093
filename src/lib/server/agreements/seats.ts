// How many seats an agreement's terms may reserve at a house: never more than the house has, nor
// more than the other companies' agreements and the pending invitations leave over the days the
// terms apply. Checked where terms are set (the invitation, the answer to a join request, a change
// of terms) and again when an agreement starts, since a house may have shrunk, or others reserved,
// since the invitation. The other way round, a house's seats never go below what its agreements
// and pending invitations reserve from today on (houseSeatsNeeded).
import { and, eq, gt, isNull } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { atPlaceFrench, formatList } from '$lib/format';
import { getDb } from '../db';
import { houseInvitations, houses } from '../db/schema';
import { addDays } from '../../zoned-time';
import { agreementsAtHouse, reservedSeatsOn, type HouseAgreement } from './in-force';
import { sameName, supersedingAt } from './superseded';

/** The days terms apply: from `from` to `to` included, or on and on when `to` is null. */
export type SeatsPeriod = { from: string; to: string | null };

/** What reserves seats at a house over days: an agreement, or a pending invitation. */
type Reserving = Pick<HouseAgreement, 'startDate' | 'endDate' | 'versions'>;

/**
 * A pending invitation holds the seats its terms reserve from its start date on, as the agreement
 * it would start: the operator promised them, and the company learns otherwise only on accepting.
 */
export type HeldSeats = Reserving & {
	invitationId: string;
	/** The company's name as the operator wrote it on the invitation. */
	companyName: string;
};

/** Who reserves seats on one day, and how many. */
export type SeatsHolder = { companyName: string; seats: number; pending: boolean };

export type SeatsRoom = {
	/** The house's seats. */
	seats: number;
	/** The most the other companies' agreements and the pending invitations reserve on one day. */
	reserved: number;
	/** What is left to reserve: seats − reserved, never below 0. */
	free: number;
	/** The pending invitations among `reserved` on that day, so the operator knows whom to ask. */
	held: Array<{ companyName: string; seats: number }>;
};

/** An agreement refused because its reserved seats no longer fit, with the room there is. */
export type SeatsRefusal = { ok: false; reason: 'seats'; room: SeatsRoom };

/**
 * The house's invitations still waiting for an answer on `now` — not accepted, revoked, expired
 * (houseInvitationStatus's 'valid') or superseded by their company's agreement — at a house that
 * is not archived (which takes no newcomers).
 */
export function pendingInvitationsAt(
	houseId: string,
	now: Date | number = Date.now()
): HeldSeats[] {
	const superseding = supersedingAt(getDb(), houseId);
	return getDb()
		.select({
			id: houseInvitations.id,
			companyName: houseInvitations.companyName,
			startDate: houseInvitations.startDate,
			terms: houseInvitations.terms
		})
		.from(houseInvitations)
		.innerJoin(houses, eq(houseInvitations.houseId, houses.id))
		.where(
			and(
				eq(houseInvitations.houseId, houseId),
				isNull(houseInvitations.acceptedAt),
				isNull(houseInvitations.revokedAt),
				gt(houseInvitations.expiresAt, new Date(now)),
				isNull(houses.archivedAt)
			)
		)
		.all()
		.filter((row) => superseding(row) === null)
		.map((row) => ({
			invitationId: row.id,
			companyName: row.companyName,
			startDate: row.startDate,
			endDate: null,
			versions: [{ validFrom: row.startDate, reservedSeats: row.terms.reservedSeats }]
		}));
}

/**
 * The day of `period` on which `others` reserve the most seats together, and how many (the
 * period's first day when none reserve more). Reserved seats only change on a start, a version's
 * first day or the day after an end, so those days (and the period's first) are the only ones to
 * look at.
 */
export function busiestDay(
	others: readonly Reserving[],
	period: SeatsPeriod
): { day: string; reserved: number } {
	const days = new Set([period.from]);
	for (const other of others) {
		const changes = [other.startDate, ...other.versions.map((v) => v.validFrom)];
		if (other.endDate !== null) changes.push(addDays(other.endDate, 1));
		for (const day of changes) {
			if (day >= period.from && (period.to === null || day <= period.to)) days.add(day);
		}
	}
	let busiest = { day: period.from, reserved: 0 };
	for (const day of [...days].sort()) {
		const reserved = others.reduce((sum, other) => sum + reservedSeatsOn(other, day), 0);
		if (reserved > busiest.reserved) busiest = { day, reserved };
	}
	return busiest;
}

/** The most seats `others` reserve together on one day of `period`. */
export function mostReservedOn(others: readonly Reserving[], period: SeatsPeriod): number {
	return busiestDay(others, period).reserved;
}

/** What seatsRoom leaves out: the terms' own agreement or invitation. */
export type SeatsRoomOptions = {
	/** The company whose terms are checked: its own agreements never count (they do not overlap). */
	exceptCompanyId?: string | null;
	/** The invitation being accepted: it does not hold seats against itself. */
	exceptInvitationId?: string | null;
	/** The moment invitations are pending at (their expiry is compared with it). */
	now?: Date | number;
};

/**
 * The room left at the house for one company's reserved seats over `period`: the house's seats
 * less what the other companies' agreements and the pending invitations reserve. Without a period
 * (a date not readable yet), only the house's seats.
 */
export function seatsRoom(
	house: { id: string; seats: number },
	period: SeatsPeriod | null,
	{ exceptCompanyId = null, exceptInvitationId = null, now = Date.now() }: SeatsRoomOptions = {}
): SeatsRoom {
	if (!period) return { seats: house.seats, reserved: 0, free: house.seats, held: [] };
	const agreements = agreementsAtHouse(house.id).filter(
		(agreement) => agreement.companyId !== exceptCompanyId
	);
	const invitations = pendingInvitationsAt(house.id, now).filter(
		(invitation) => invitation.invitationId !== exceptInvitationId
	);
	const { day, reserved } = busiestDay([...agreements, ...invitations], period);
	const held = holdersOn(day, [], invitations).map(({ companyName, seats }) => ({
		companyName,
		seats
	}));
	return { seats: house.seats, reserved, free: Math.max(0, house.seats - reserved), held };
}

/**
 * One line per company however many invitations it was sent (two pending invitations to the
 * same company read as two identical sentences): the seats they hold together, and how many.
 */
function byCompany<T extends { companyName: string; seats: number }>(
	holders: readonly T[]
): Array<T & { invitations: number }> {
	const grouped = new Map<string, T & { invitations: number }>();
	for (const holder of holders) {
		const key = sameName(holder.companyName);
		const seen = grouped.get(key);
		if (seen) {
			seen.seats += holder.seats;
			seen.invitations += 1;
		} else grouped.set(key, { ...holder, invitations: 1 });
	}
	return [...grouped.values()];
}

/**
 * Whose terms the reserved seats are: a new invitation to a company the operator named, or the
 * answer to a company's request to join.
 */
export type SeatsFor = { companyName: string; answering: 'invitation' | 'request' };

/**
 * The message beside the reserved seats field, or null when `wanted` fits. `seatsFor`, when the
 * terms are for a company by name (a new invitation, the answer to its request), tells its own
 * pending invitations apart: they are no other company's, and withdrawing them is what frees the
 * seats. (A change of terms needs none: the company's own invitations that would overlap its
 * agreement are superseded by it and hold nothing.)
 */
export function reservedSeatsError(
	wanted: number,
	room: SeatsRoom,
	seatsFor: SeatsFor | null = null
): string | null {
	if (wanted <= room.free) return null;
	if (room.reserved === 0) {
		return m.agreements_seats_over_house({ seats: room.seats });
	}
	const over = m.agreements_seats_over_free({
		free: room.free,
		reserved: room.reserved,
		seats: room.seats
	});
	const own = seatsFor === null ? null : sameName(seatsFor.companyName);
	const ownHeld =
		seatsFor?.answering === 'request'
			? m.agreements_seats_held_own_request
			: m.agreements_seats_held_same_company;
	const held = byCompany(room.held).map(({ companyName, seats, invitations }) => {
		const names = {
			count: seats,
			invitations,
			company: companyName,
			atCompany: atPlaceFrench(companyName)
		};
		return sameName(companyName) === own ? ownHeld(names) : m.agreements_seats_held(names);
	});
	return [over, ...held].join(' ');
}

/** The most seats the house's agreements and pending invitations reserve on one day, and who. */
export type SeatsNeeded = { reserved: number; day: string; holders: SeatsHolder[] };

/**
 * What a house's seats may not go below: the most its agreements and pending invitations reserve
 * on one day from `today` (the house's calendar) on — past days are billed and done, future
 * agreements and invitations already promise their seats — with who reserves them that day.
 */
export function houseSeatsNeeded(
	houseId: string,
	today: string,
	now: Date | number = Date.now()
): SeatsNeeded {
	const agreements = agreementsAtHouse(houseId);
	const invitations = pendingInvitationsAt(houseId, now);
	const { day, reserved } = busiestDay([...agreements, ...invitations], { from: today, to: null });
	return { reserved, day, holders: holdersOn(day, agreements, invitations) };
}

/** Who reserves seats on `day`, and how many: the agreements', then the pending invitations'. */
function holdersOn(
	day: string,
	agreements: readonly HouseAgreement[],
	invitations: readonly HeldSeats[]
): SeatsHolder[] {
	const holder = (reserving: Reserving & { companyName: string }, pending: boolean) => ({
		companyName: reserving.companyName,
		seats: reservedSeatsOn(reserving, day),
		pending
	});
	return [
		...agreements.map((agreement) => holder(agreement, false)),
		...invitations.map((invitation) => holder(invitation, true))
	].filter((one) => one.seats > 0);
}

/** Beyond this many companies, the message gives the number only: a list would drown the field. */
const NAMED_HOLDERS = 3;

/** The message beside the house's seats field when `seats` are fewer than `needed` reserves. */
export function houseSeatsError(seats: number, needed: SeatsNeeded): string | null {
	if (seats >= needed.reserved) return null;
	// An agreement and the pending invitations to one company are each told (not the same fact);
	// several invitations to one company are one line.
	const holders = [
		...needed.holders.filter((holder) => !holder.pending).map((h) => ({ ...h, invitations: 0 })),
		...byCompany(needed.holders.filter((holder) => holder.pending))
	];
	const companies = new Set(holders.map(({ companyName }) => sameName(companyName))).size;
	if (holders.length > NAMED_HOLDERS) {
		return m.operators_house_seats_below_reserved_many({
			reserved: needed.reserved,
			count: companies
		});
	}
	const names = holders.map(({ companyName, seats, pending, invitations }) =>
		pending
			? m.operators_house_seats_holder_pending({
					company: companyName,
					atCompany: atPlaceFrench(companyName),
					count: seats,
					invitations
				})
			: m.operators_house_seats_holder({ company: companyName, count: seats })
	);
	return m.operators_house_seats_below_reserved({
		reserved: needed.reserved,
		companies: formatList(names)
	});
}
