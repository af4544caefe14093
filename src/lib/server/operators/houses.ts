// The houses an operator runs: the access check every page under
// /operators/[operator]/houses/[house] uses, and the house's own record.
import { error, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { houses, type House, type OperatorRole } from '../db/schema';
import { houseSeatsNeeded, type SeatsNeeded } from '../agreements/seats';
import { announceHouseChange } from '../houses/houses';
import { newId } from '../ids';
import { requireOperator } from './access';
import { todayIn } from '../../zoned-time';
import { recordOperatorAudit } from './audit';
import { hasOperatorRole, type OperatorAccess } from './operators';
import { byName } from '../../name-order';

/** The house, only when this operator runs it (archived ones included, so they can be restored). */
export function getOperatorHouse(operatorId: string, houseId: string): House | undefined {
	return getDb()
		.select()
		.from(houses)
		.where(and(eq(houses.id, houseId), eq(houses.operatorId, operatorId)))
		.get();
}

/**
 * requireOperator, plus the house in the URL (`params.house`), which must be one the operator
 * runs: another operator's house, a company's private house or no house at all give 404.
 */
export function requireOperatorHouse(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>,
	minimum: OperatorRole = 'staff'
): OperatorAccess & { userId: string; role: OperatorRole; house: House } {
	const access = requireOperator(event, minimum);
	const houseId = (event.params as { house?: string }).house ?? '';
	const house = getOperatorHouse(access.operator.id, houseId);
	if (!house) error(404, 'Not Found');
	return { ...access, house };
}

/**
 * What the operator's house form sets. Costs are recorded month by month (house_cost_lines). The
 * declared link is optional here: left out, it is not declared (new house) or unchanged.
 */
export type OperatedHouseInput = Pick<
	House,
	| 'name'
	| 'commune'
	| 'address'
	| 'seats'
	| 'timeZone'
	| 'openingDays'
	| 'opensAt'
	| 'closesAt'
	| 'listed'
> &
	Partial<Pick<House, 'uplinkKbps' | 'downlinkKbps'>>;

type Actor = { userId: string; role: OperatorRole };

/**
 * The operator's houses in reading order (Maison d’Allanche among the M's, not after Z), archived
 * ones included (the page sorts them apart).
 */
export function listOperatorHouses(operatorId: string): House[] {
	return getDb().select().from(houses).where(eq(houses.operatorId, operatorId)).all().sort(byName);
}

/** Admins only. */
export function createOperatorHouse(
	operatorId: string,
	actor: Actor,
	input: OperatedHouseInput
): House | null {
	if (!hasOperatorRole(actor.role, 'admin')) return null;
	const house: House = {
		id: newId(),
		uplinkKbps: null,
		downlinkKbps: null,
		...input,
		operatorId,
		monthlyCostCents: 0,
		archivedAt: null,
		createdAt: new Date()
	};
	getDb().transaction((tx) => {
		tx.insert(houses).values(house).run();
		recordOperatorAudit(tx, {
			operatorId,
			actorId: actor.userId,
			action: 'house.created',
			subject: house.name,
			details: { commune: house.commune, seats: house.seats }
		});
	});
	return house;
}

export type UpdateOperatorHouseResult =
	| { ok: true }
	| { ok: false; reason: 'not_found' }
	/** Fewer seats than the house's agreements and pending invitations reserve: nothing changed. */
	| { ok: false; reason: 'seats'; needed: SeatsNeeded };

/**
 * Admins only ('not_found' for others, and for a house that is not this operator's). The seats may
 * not go below what the agreements and pending invitations reserve from today on (the house would
 * promise seats it does not have); keeping or raising them is always possible, so a house whose
 * seats were already short can still be renamed.
 */
export function updateOperatorHouse(
	operatorId: string,
	actor: Actor,
	houseId: string,
	input: OperatedHouseInput,
	now: Date | number = Date.now()
): UpdateOperatorHouseResult {
	if (!hasOperatorRole(actor.role, 'admin')) return { ok: false, reason: 'not_found' };
	const result = getDb().transaction((tx): UpdateOperatorHouseResult => {
		const current = tx
			.select({ seats: houses.seats })
			.from(houses)
			.where(and(eq(houses.id, houseId), eq(houses.operatorId, operatorId)))
			.get();
		if (!current) return { ok: false, reason: 'not_found' };
		if (input.seats < current.seats) {
			const needed = houseSeatsNeeded(houseId, todayIn(input.timeZone, now), now);
			if (input.seats < needed.reserved) return { ok: false, reason: 'seats', needed };
		}
		const link = tx
			.update(houses)
			.set(input)
			.where(and(eq(houses.id, houseId), eq(houses.operatorId, operatorId)))
			.returning({ uplinkKbps: houses.uplinkKbps, downlinkKbps: houses.downlinkKbps })
			.get();
		if (!link) return { ok: false, reason: 'not_found' };
		recordOperatorAudit(tx, {
			operatorId,
			actorId: actor.userId,
			action: 'house.updated',
			subject: input.name,
			// The link decides how much video the house's calls get: who changed it is worth knowing.
			// The link in force after the edit, which a form leaving the fields out did not change.
			details: link
		});
		return { ok: true };
	});
	if (result.ok) announceHouseChange(houseId);
	return result;
}

/** Admins only. An archived house keeps its agreements, months and statements. */
export function setOperatorHouseArchived(
	operatorId: string,
	actor: Actor,
	houseId: string,
	archived: boolean
): boolean {
	if (!hasOperatorRole(actor.role, 'admin')) return false;
	const changed = getDb().transaction((tx) => {
		const house = tx
			.select({ name: houses.name })
			.from(houses)
			.where(and(eq(houses.id, houseId), eq(houses.operatorId, operatorId)))
			.get();
		if (!house) return false;
		tx.update(houses)
			.set({ archivedAt: archived ? new Date() : null })
			.where(eq(houses.id, houseId))
			.run();
		recordOperatorAudit(tx, {
			operatorId,
			actorId: actor.userId,
			action: archived ? 'house.archived' : 'house.unarchived',
			subject: house.name
		});
		return true;
	});
	if (changed) announceHouseChange(houseId);
	return changed;
}
