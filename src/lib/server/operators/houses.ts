// The houses an operator runs: the access check every page under
// /operators/[operator]/houses/[house] uses, and the house's own record.
import { error, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { houses, type House, type OperatorRole } from '../db/schema';
import { requireOperator } from './access';
import type { OperatorAccess } from './operators';

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
