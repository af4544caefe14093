// The operator's house in the URL, for the agreement pages under
// /operators/[operator]/houses/[house]. Same signature as requireOperatorHouse (helper "op",
// src/lib/server/operators/houses.ts); this module goes once that one is merged.
import { error, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { houses, type House, type OperatorRole } from '../db/schema';
import { requireOperator } from '../operators/access';
import type { OperatorAccess } from '../operators/operators';

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
	const house = getDb()
		.select()
		.from(houses)
		.where(and(eq(houses.id, houseId), eq(houses.operatorId, access.operator.id)))
		.get();
	if (!house) error(404, 'Not Found');
	return { ...access, house };
}
