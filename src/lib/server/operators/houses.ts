// The houses an operator runs: the access check every page under
// /operators/[operator]/houses/[house] uses, and the house's own record.
import { error, type RequestEvent } from '@sveltejs/kit';
import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { houses, type House, type OperatorRole } from '../db/schema';
import { announceHouseChange } from '../houses/houses';
import { newId } from '../ids';
import { requireOperator } from './access';
import { recordOperatorAudit } from './audit';
import { hasOperatorRole, type OperatorAccess } from './operators';

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

/** The operator's houses by name, archived ones included (the page sorts them apart). */
export function listOperatorHouses(operatorId: string): House[] {
	return getDb()
		.select()
		.from(houses)
		.where(eq(houses.operatorId, operatorId))
		.orderBy(asc(houses.name))
		.all();
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

/** Admins only; false when the house is not this operator's. */
export function updateOperatorHouse(
	operatorId: string,
	actor: Actor,
	houseId: string,
	input: OperatedHouseInput
): boolean {
	if (!hasOperatorRole(actor.role, 'admin')) return false;
	const updated = getDb().transaction((tx) => {
		const link = tx
			.update(houses)
			.set(input)
			.where(and(eq(houses.id, houseId), eq(houses.operatorId, operatorId)))
			.returning({ uplinkKbps: houses.uplinkKbps, downlinkKbps: houses.downlinkKbps })
			.get();
		if (!link) return false;
		recordOperatorAudit(tx, {
			operatorId,
			actorId: actor.userId,
			action: 'house.updated',
			subject: input.name,
			// The link decides how much video the house's calls get: who changed it is worth knowing.
			// The link in force after the edit, which a form leaving the fields out did not change.
			details: link
		});
		return true;
	});
	if (updated) announceHouseChange(houseId);
	return updated;
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
