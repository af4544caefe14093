// Corrections of a closed month: a closed month never changes, so a correction is a line (owed or
// credited, with its reason) billed to the company with the first month after it that closes —
// months close in order, so the next to close (monthBillingCorrectionOf).
import { and, desc, eq } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { companies, houseStatements, statementAdjustments, type House } from '../db/schema';
import { newId } from '../ids';
import { recordOperatorAudit } from '../operators/audit';
import { closedMonthsOf } from './closing';
import { isMonthClosed } from './costs';
import { monthBillingCorrectionOf } from './month';

export type AdjustmentInput = {
	companyId: string;
	/** The closed month it corrects. */
	correctsMonth: string;
	/** Positive: the company owes more; negative: a credit. Never zero. */
	amountCents: number;
	reason: string;
	/** The form's one-time id: the same form sent again records nothing more. */
	requestId?: string | null;
};

export type AdjustmentResult =
	| {
			ok: true;
			id: string;
			/** The month that will bill it. */
			billedWith: string;
			/** The form had already been sent: the correction it recorded then, not a second one. */
			repeated?: true;
	  }
	| { ok: false; reason: 'month_open' | 'unknown_company' };

/** The month that will bill a correction of the house's closed month `corrects`, now recorded. */
export function monthBillingCorrection(
	house: Pick<House, 'id' | 'timeZone'>,
	corrects: string,
	db: Executor = getDb()
): string {
	return monthBillingCorrectionOf(corrects, closedMonthsOf(house.id, db));
}

/**
 * Records a correction of a closed month for a company that had a statement in it, once per
 * `requestId`: a form sent twice (a double click without scripts, the browser's "resend") would
 * otherwise bill the company twice, and a correction cannot be taken back, only corrected.
 */
export function createAdjustment(
	actor: { operatorId: string; userId: string },
	house: House,
	input: AdjustmentInput
): AdjustmentResult {
	return getDb().transaction((tx): AdjustmentResult => {
		if (input.requestId) {
			const sent = tx
				.select({ id: statementAdjustments.id, correctsMonth: statementAdjustments.correctsMonth })
				.from(statementAdjustments)
				.where(
					and(
						eq(statementAdjustments.houseId, house.id),
						eq(statementAdjustments.requestId, input.requestId)
					)
				)
				.get();
			if (sent) {
				const billedWith = monthBillingCorrection(house, sent.correctsMonth, tx);
				return { ok: true, id: sent.id, billedWith, repeated: true };
			}
		}
		if (!isMonthClosed(tx, house.id, input.correctsMonth))
			return { ok: false, reason: 'month_open' };
		const statement = tx
			.select({ companyName: houseStatements.companyName })
			.from(houseStatements)
			.where(
				and(
					eq(houseStatements.houseId, house.id),
					eq(houseStatements.month, input.correctsMonth),
					eq(houseStatements.companyId, input.companyId)
				)
			)
			.get();
		const company = tx
			.select({ id: companies.id })
			.from(companies)
			.where(eq(companies.id, input.companyId))
			.get();
		// A company that has left Hameau since cannot be billed again.
		if (!statement || !company) return { ok: false, reason: 'unknown_company' };
		const id = newId();
		tx.insert(statementAdjustments)
			.values({
				id,
				houseId: house.id,
				createdBy: actor.userId,
				companyId: input.companyId,
				correctsMonth: input.correctsMonth,
				amountCents: input.amountCents,
				reason: input.reason,
				requestId: input.requestId ?? null
			})
			.run();
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'adjustment.created',
			subject: house.name,
			details: {
				company: statement.companyName,
				correctsMonth: input.correctsMonth,
				amountCents: input.amountCents,
				reason: input.reason
			}
		});
		return { ok: true, id, billedWith: monthBillingCorrection(house, input.correctsMonth, tx) };
	});
}

/**
 * The house's corrections, newest first; pending ones have no billedInMonth yet, and name the
 * month that will bill them (`billedWith`).
 */
export function listAdjustments(house: Pick<House, 'id' | 'timeZone'>) {
	const db = getDb();
	const closed = closedMonthsOf(house.id, db);
	const rows = db
		.select({
			id: statementAdjustments.id,
			companyId: statementAdjustments.companyId,
			companyName: companies.name,
			correctsMonth: statementAdjustments.correctsMonth,
			amountCents: statementAdjustments.amountCents,
			reason: statementAdjustments.reason,
			billedInMonth: statementAdjustments.billedInMonth,
			createdAt: statementAdjustments.createdAt
		})
		.from(statementAdjustments)
		.innerJoin(companies, eq(companies.id, statementAdjustments.companyId))
		.where(eq(statementAdjustments.houseId, house.id))
		.orderBy(desc(statementAdjustments.createdAt), desc(statementAdjustments.id))
		.all();
	return rows.map((row) => ({
		...row,
		billedWith: row.billedInMonth ?? monthBillingCorrectionOf(row.correctsMonth, closed)
	}));
}

/**
 * The corrections closing the open month `month` will bill, oldest first as closing adds them:
 * pending ones whose billing month is this one (the first open month after the month each
 * corrects). None on a closed month, nor on an open month that an earlier open one bills before.
 */
export function correctionsBilledWith(house: Pick<House, 'id' | 'timeZone'>, month: string) {
	return listAdjustments(house)
		.filter((row) => row.billedInMonth === null && row.billedWith === month)
		.reverse();
}
