import { publishLiveEvent } from '../live/hub';
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { companyHouses, houses, memberships, users, type House, type Role } from '../db/schema';
import { DEFAULT_CLOSES_AT, DEFAULT_OPENING_DAYS, DEFAULT_OPENS_AT } from '../../house-hours';
import { newId } from '../ids';
import { hasRole } from '../companies/companies';
import { byName, compareNames } from '../../name-order';

export type HouseInput = Pick<
	House,
	| 'name'
	| 'commune'
	| 'address'
	| 'seats'
	| 'timeZone'
	| 'monthlyCostCents'
	| 'uplinkKbps'
	| 'downlinkKbps'
> &
	/** When it opens; left out, the usual days and hours (DEFAULT_OPENING_DAYS…), or unchanged. */
	Partial<Pick<House, 'openingDays' | 'opensAt' | 'closesAt'>>;

export { isTimeZone, timeZones } from '../time-zones';

/**
 * The company's houses with the members whose home house it is. A shared house lists only this
 * company's people: a company never sees another's staff.
 */
export function listHouses(companyId: string, options: { includeArchived?: boolean } = {}) {
	const db = getDb();
	const rows = prepared(db, 'houses-of-company', (db) =>
		db
			.select({ house: houses })
			.from(companyHouses)
			.innerJoin(houses, eq(companyHouses.houseId, houses.id))
			.where(eq(companyHouses.companyId, sql.placeholder('companyId')))
			.prepare()
	)
		.all({ companyId })
		.filter(({ house }) => options.includeArchived || house.archivedAt === null)
		.sort((a, b) => compareNames(a.house.name, b.house.name));
	const people = prepared(db, 'home-houses-of-company', (db) =>
		db
			.select({ houseId: memberships.homeHouseId, userId: users.id, name: users.name })
			.from(memberships)
			.innerJoin(users, eq(memberships.userId, users.id))
			.where(eq(memberships.companyId, sql.placeholder('companyId')))
			.prepare()
	)
		.all({ companyId })
		.sort(byName);
	return rows.map(({ house }) => ({
		...house,
		members: people
			.filter((p) => p.houseId === house.id)
			.map(({ userId, name }) => ({ userId, name }))
	}));
}

/** One house, only when it is linked to the company. */
export function getCompanyHouse(companyId: string, houseId: string): House | undefined {
	return getDb()
		.select({ house: houses })
		.from(companyHouses)
		.innerJoin(houses, eq(companyHouses.houseId, houses.id))
		.where(and(eq(companyHouses.companyId, companyId), eq(houses.id, houseId)))
		.get()?.house;
}

type Actor = { userId: string; role: Role };

export function createHouse(companyId: string, actor: Actor, input: HouseInput): House | null {
	if (!hasRole(actor.role, 'manager')) return null;
	const house: House = {
		id: newId(),
		...input,
		// A company's private house: no operator; the usual opening days and hours unless chosen.
		operatorId: null,
		openingDays: input.openingDays ?? [...DEFAULT_OPENING_DAYS],
		opensAt: input.opensAt ?? DEFAULT_OPENS_AT,
		closesAt: input.closesAt ?? DEFAULT_CLOSES_AT,
		listed: false,
		archivedAt: null,
		createdAt: new Date()
	};
	getDb().transaction((tx) => {
		tx.insert(houses).values(house).run();
		tx.insert(companyHouses).values({ companyId, houseId: house.id }).run();
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'house.created',
			subject: house.name,
			details: {
				commune: house.commune,
				seats: house.seats,
				uplinkKbps: house.uplinkKbps,
				downlinkKbps: house.downlinkKbps
			}
		});
	});
	announceHouseChange(house.id);
	return house;
}

export function updateHouse(
	companyId: string,
	actor: Actor,
	houseId: string,
	input: HouseInput
): boolean {
	if (!hasRole(actor.role, 'manager')) return false;
	const updated = getDb().transaction((tx) => {
		const linked = tx
			.select({ operatorId: houses.operatorId })
			.from(companyHouses)
			.innerJoin(houses, eq(companyHouses.houseId, houses.id))
			.where(and(eq(companyHouses.companyId, companyId), eq(companyHouses.houseId, houseId)))
			.get();
		// A house an operator runs is the operator's to change, not a company's that works in it.
		if (!linked || linked.operatorId !== null) return false;
		tx.update(houses).set(input).where(eq(houses.id, houseId)).run();
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'house.updated',
			subject: input.name,
			// The link decides how much video the house's calls get: who changed it is worth knowing.
			details: { uplinkKbps: input.uplinkKbps, downlinkKbps: input.downlinkKbps }
		});
		return true;
	});
	if (updated) announceHouseChange(houseId);
	return updated;
}

export function setHouseArchived(
	companyId: string,
	actor: Actor,
	houseId: string,
	archived: boolean
): boolean {
	if (!hasRole(actor.role, 'manager')) return false;
	const changed = getDb().transaction((tx) => {
		const house = tx
			.select({ house: houses })
			.from(companyHouses)
			.innerJoin(houses, eq(companyHouses.houseId, houses.id))
			.where(and(eq(companyHouses.companyId, companyId), eq(houses.id, houseId)))
			.get()?.house;
		if (!house || house.operatorId !== null) return false;
		tx.update(houses)
			.set({ archivedAt: archived ? new Date() : null })
			.where(eq(houses.id, houseId))
			.run();
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: archived ? 'house.archived' : 'house.unarchived',
			subject: house.name
		});
		return true;
	});
	if (changed) announceHouseChange(houseId);
	return changed;
}

/** Open boards of every company working from the house reload (a house can be shared). */
export function announceHouseChange(houseId: string): void {
	const linked = getDb()
		.select({ companyId: companyHouses.companyId })
		.from(companyHouses)
		.where(eq(companyHouses.houseId, houseId))
		.all();
	for (const { companyId } of linked) publishLiveEvent(companyId, { type: 'company' });
}

/** Sets (or clears, with null) the member's home house; the house must be an active one of theirs. */
export function setHomeHouse(companyId: string, userId: string, houseId: string | null): boolean {
	const db = getDb();
	if (houseId !== null) {
		const house = getCompanyHouse(companyId, houseId);
		if (!house || house.archivedAt) return false;
	}
	const result = db
		.update(memberships)
		.set({ homeHouseId: houseId })
		.where(and(eq(memberships.companyId, companyId), eq(memberships.userId, userId)))
		.run();
	if (result.changes === 0) return false;
	publishLiveEvent(companyId, { type: 'company', userId });
	return true;
}
