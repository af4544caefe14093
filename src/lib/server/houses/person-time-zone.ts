// The clock a person types a time on in one of their company's forms (a meeting's start, a new
// stand-up's, a new house's hours) when the form has no clock of its own. Their home house's, else
// their profile's. Someone with neither — a sign-up sent before the page's scripts ran saves no
// zone, and a home house is optional — was given UTC, an hour off in Paris in winter: now the
// zone of the device they type on (sent by the form once its scripts run), else the zone every
// house of the company shares, and only then UTC. Where the zone came from is said beside the
// field, so a guess never passes for a choice.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { companyHouses, houses, memberships, users } from '../db/schema';
import type { SourcedTimeZone } from '../../time-zone-source';
import { isTimeZone } from '../time-zones';

/**
 * The zone all the company's open houses share, or null when it has none or they differ (a
 * company across France and Martinique has no one clock to guess).
 */
export function companySharedTimeZone(companyId: string): string | null {
	const zones = prepared(getDb(), 'company-house-time-zones', (db) =>
		db
			.selectDistinct({ timeZone: houses.timeZone })
			.from(companyHouses)
			.innerJoin(houses, eq(companyHouses.houseId, houses.id))
			.where(
				and(eq(companyHouses.companyId, sql.placeholder('companyId')), isNull(houses.archivedAt))
			)
			.prepare()
	).all({ companyId });
	return zones.length === 1 ? zones[0].timeZone : null;
}

/**
 * The clock the person set themselves, for this company: their home house's, else their
 * profile's; null with neither (or when they are not a member).
 */
export function ownTimeZone(
	companyId: string,
	userId: string
): { timeZone: string; source: 'house' | 'profile' } | null {
	const own = prepared(getDb(), 'person-own-time-zone', (db) =>
		db
			.select({ house: houses.timeZone, person: users.timeZone })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.leftJoin(houses, eq(houses.id, memberships.homeHouseId))
			.where(
				and(
					eq(memberships.companyId, sql.placeholder('companyId')),
					eq(memberships.userId, sql.placeholder('userId'))
				)
			)
			.prepare()
	).get({ companyId, userId });
	if (own?.house) return { timeZone: own.house, source: 'house' };
	if (own?.person) return { timeZone: own.person, source: 'profile' };
	return null;
}

/**
 * The person's clock in the company's forms. `deviceZone` is what the form sent of the browser's
 * zone (BrowserTimeZone): taken only when valid and when the person chose none.
 */
export function personTimeZone(
	companyId: string,
	userId: string,
	deviceZone?: string | null
): SourcedTimeZone {
	const own = ownTimeZone(companyId, userId);
	if (own) return own;
	if (deviceZone && isTimeZone(deviceZone)) return { timeZone: deviceZone, source: 'device' };
	const shared = companySharedTimeZone(companyId);
	if (shared) return { timeZone: shared, source: 'company' };
	return { timeZone: 'UTC', source: 'none' };
}

/** The zones of the open houses of every company the person works for, the likeliest choices. */
export function timeZonesOfPersonHouses(userId: string): string[] {
	return prepared(getDb(), 'person-house-time-zones', (db) =>
		db
			.selectDistinct({ timeZone: houses.timeZone })
			.from(memberships)
			.innerJoin(companyHouses, eq(companyHouses.companyId, memberships.companyId))
			.innerJoin(houses, eq(companyHouses.houseId, houses.id))
			.where(and(eq(memberships.userId, sql.placeholder('userId')), isNull(houses.archivedAt)))
			.orderBy(houses.timeZone)
			.prepare()
	)
		.all({ userId })
		.map((row) => row.timeZone);
}
