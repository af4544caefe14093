// How many seats an agreement's terms may reserve at a house: never more than the house has, nor
// more than the other companies' agreements leave over the days the terms apply. Checked where
// terms are set (the invitation, the answer to a join request, a change of terms) and again when
// an agreement starts, since a house may have shrunk, or others reserved, since the invitation.
import { m } from '$lib/paraglide/messages';
import { addDays } from '../../zoned-time';
import { agreementsAtHouse, reservedSeatsOn, type HouseAgreement } from './in-force';

/** The days terms apply: from `from` to `to` included, or on and on when `to` is null. */
export type SeatsPeriod = { from: string; to: string | null };

export type SeatsRoom = {
	/** The house's seats. */
	seats: number;
	/** The most the other companies reserve on one day of the period. */
	reserved: number;
	/** What is left to reserve: seats − reserved, never below 0. */
	free: number;
};

/** An agreement refused because its reserved seats no longer fit, with the room there is. */
export type SeatsRefusal = { ok: false; reason: 'seats'; room: SeatsRoom };

/**
 * The most seats the agreements of `others` reserve together on one day of `period`. Reserved
 * seats only change on an agreement's start, a version's first day or the day after its end, so
 * those days (and the period's first) are the only ones to look at.
 */
export function mostReservedOn(others: readonly HouseAgreement[], period: SeatsPeriod): number {
	const days = new Set([period.from]);
	for (const agreement of others) {
		const changes = [agreement.startDate, ...agreement.versions.map((v) => v.validFrom)];
		if (agreement.endDate !== null) changes.push(addDays(agreement.endDate, 1));
		for (const day of changes) {
			if (day >= period.from && (period.to === null || day <= period.to)) days.add(day);
		}
	}
	let most = 0;
	for (const day of days) {
		const reserved = others.reduce((sum, agreement) => sum + reservedSeatsOn(agreement, day), 0);
		most = Math.max(most, reserved);
	}
	return most;
}

/**
 * The room left at the house for one company's reserved seats over `period`: the house's seats
 * less what the other companies reserve (`exceptCompanyId`'s own agreements never count: they do
 * not overlap the period). Without a period (a date not readable yet), only the house's seats.
 */
export function seatsRoom(
	house: { id: string; seats: number },
	period: SeatsPeriod | null,
	exceptCompanyId: string | null = null
): SeatsRoom {
	const others = period
		? agreementsAtHouse(house.id).filter((agreement) => agreement.companyId !== exceptCompanyId)
		: [];
	const reserved = period ? mostReservedOn(others, period) : 0;
	return { seats: house.seats, reserved, free: Math.max(0, house.seats - reserved) };
}

/** The message beside the reserved seats field, or null when `wanted` fits. */
export function reservedSeatsError(wanted: number, room: SeatsRoom): string | null {
	if (wanted <= room.free) return null;
	if (room.reserved === 0) {
		return m.agreements_seats_over_house({ seats: room.seats });
	}
	return m.agreements_seats_over_free({
		free: room.free,
		reserved: room.reserved,
		seats: room.seats
	});
}
