// The house in the URL of an operator's billing pages, checked to be one the operator runs.
// Helper "op" writes the shared requireOperatorHouse (operators/houses.ts) with the same contract;
// this private copy stands in until it lands, then goes.
import { error, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db';
import { houses, type House, type OperatorRole } from '../db/schema';
import { requireOperator } from '../operators/access';
import type { OperatorAccess } from '../operators/operators';

/** requireOperator, plus `params.house`, which must be a house this operator runs (else 404). */
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
