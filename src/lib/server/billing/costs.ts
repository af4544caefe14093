// A house's running costs month by month, as its operator records them: cost lines and the part
// covered by public funding. A closed month's are frozen (the database refuses the change too);
// here that is an answer a person can act on rather than a failed statement.
import { and, asc, eq } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import {
	houseCostLines,
	houseFunding,
	houseMonths,
	type CostCategory,
	type House,
	type HouseCostLine,
	type HouseFunding
} from '../db/schema';
import { newId } from '../ids';
import { recordOperatorAudit } from '../operators/audit';
import { fundingCents, type Funding } from './month-statement';
import { shiftMonth } from './month';

/** Who changes the costs: the operator (its id, for the audit log) and the member acting. */
export type CostActor = { operatorId: string; userId: string };

export type CostLineInput = { category: CostCategory; label: string; amountCents: number };

export type FundingInput =
	| { kind: 'amount'; amountCents: number; label: string }
	| { kind: 'percent'; basisPoints: number; label: string };

/** A change refused: the month is closed, or the line is not this house's month's. */
export type CostChange = { ok: true } | { ok: false; reason: 'closed' | 'not_found' };

export type MonthCosts = {
	lines: HouseCostLine[];
	funding: HouseFunding | null;
	costCents: number;
	fundingCents: number;
	/** Costs minus funding: what the cost-share companies split. */
	sharedCents: number;
	closed: boolean;
};

export function isMonthClosed(db: Executor, houseId: string, month: string): boolean {
	return (
		db
			.select({ month: houseMonths.month })
			.from(houseMonths)
			.where(and(eq(houseMonths.houseId, houseId), eq(houseMonths.month, month)))
			.get() !== undefined
	);
}

/** The funding row as the statement arithmetic reads it. */
export function fundingOf(row: HouseFunding | null | undefined): Funding | null {
	if (!row) return null;
	return row.kind === 'amount'
		? { kind: 'amount', cents: row.amountCents ?? 0 }
		: { kind: 'percent', basisPoints: row.basisPoints ?? 0 };
}

function linesOf(db: Executor, houseId: string, month: string): HouseCostLine[] {
	return db
		.select()
		.from(houseCostLines)
		.where(and(eq(houseCostLines.houseId, houseId), eq(houseCostLines.month, month)))
		.orderBy(asc(houseCostLines.createdAt), asc(houseCostLines.id))
		.all();
}

function fundingRow(db: Executor, houseId: string, month: string): HouseFunding | null {
	return (
		db
			.select()
			.from(houseFunding)
			.where(and(eq(houseFunding.houseId, houseId), eq(houseFunding.month, month)))
			.get() ?? null
	);
}

/** The month's lines, funding and totals. */
export function monthCosts(houseId: string, month: string, db: Executor = getDb()): MonthCosts {
	const lines = linesOf(db, houseId, month);
	const funding = fundingRow(db, houseId, month);
	const costCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
	const covered = fundingCents(costCents, fundingOf(funding));
	return {
		lines,
		funding,
		costCents,
		fundingCents: covered,
		sharedCents: Math.max(0, costCents - covered),
		closed: isMonthClosed(db, houseId, month)
	};
}

/** The line, only as one of this house's lines for this month. */
function lineOfMonth(house: House, month: string, lineId: string) {
	return and(
		eq(houseCostLines.id, lineId),
		eq(houseCostLines.houseId, house.id),
		eq(houseCostLines.month, month)
	);
}

/**
 * Runs `write` in a transaction unless the month is closed, and logs `costs.changed`. `write`
 * answers false when its line is not there, 'repeated' when the change was made already (the
 * same form sent twice): nothing more is written or logged.
 */
function changeCosts(
	actor: CostActor,
	house: House,
	month: string,
	details: Record<string, string | number | null>,
	write: (tx: Executor) => boolean | 'repeated'
): CostChange {
	return getDb().transaction((tx) => {
		if (isMonthClosed(tx, house.id, month)) return { ok: false, reason: 'closed' } as const;
		const written = write(tx);
		if (!written) return { ok: false, reason: 'not_found' } as const;
		if (written === 'repeated') return { ok: true } as const;
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'costs.changed',
			subject: house.name,
			details: { month, ...details }
		});
		return { ok: true } as const;
	});
}

/**
 * Adds a cost line, once per `requestId` (the add form's one-time id): a form sent twice (a double
 * click without scripts, the browser's "resend") would otherwise count the cost twice.
 */
export function addCostLine(
	actor: CostActor,
	house: House,
	month: string,
	input: CostLineInput,
	requestId: string | null = null
): CostChange {
	return changeCosts(
		actor,
		house,
		month,
		{ change: 'added', category: input.category, amountCents: input.amountCents },
		(tx) => {
			const added = tx
				.insert(houseCostLines)
				.values({
					id: newId(),
					houseId: house.id,
					month,
					createdBy: actor.userId,
					requestId,
					...input
				})
				.onConflictDoNothing({ target: [houseCostLines.houseId, houseCostLines.requestId] })
				.run();
			return added.changes > 0 ? true : 'repeated';
		}
	);
}

export function updateCostLine(
	actor: CostActor,
	house: House,
	month: string,
	lineId: string,
	input: CostLineInput
): CostChange {
	return changeCosts(
		actor,
		house,
		month,
		{ change: 'updated', category: input.category, amountCents: input.amountCents },
		(tx) =>
			tx
				.update(houseCostLines)
				.set(input)
				.where(lineOfMonth(house, month, lineId))
				.run().changes > 0
	);
}

export function deleteCostLine(
	actor: CostActor,
	house: House,
	month: string,
	lineId: string
): CostChange {
	return changeCosts(actor, house, month, { change: 'deleted' }, (tx) => {
		const removed = tx
			.delete(houseCostLines)
			.where(lineOfMonth(house, month, lineId))
			.run();
		return removed.changes > 0;
	});
}

/** What copying last month's lines did: lines added, and lines left out as already there. */
export type CopyResult =
	{ ok: true; copied: number; alreadyThere: number } | Exclude<CostChange, { ok: true }>;

/** A line as a copy recognises it: the same category, label and amount. */
const lineKey = (line: Pick<HouseCostLine, 'category' | 'label' | 'amountCents'>) =>
	`${line.category}\u0000${line.label}\u0000${line.amountCents}`;

/**
 * Adds a copy of the previous month's lines (same categories, labels and amounts) to `month`:
 * most running costs recur. A line the month already has (same category, label and amount) is
 * not added again, one for one: a second press, a double click or a form posted twice must not
 * bill the companies twice, while two identical lines last month still give two. Answers how many
 * were copied and how many were already there; nothing copied writes nothing, not even the log.
 */
export function copyLastMonthLines(actor: CostActor, house: House, month: string): CopyResult {
	return getDb().transaction((tx): CopyResult => {
		if (isMonthClosed(tx, house.id, month)) return { ok: false, reason: 'closed' };
		const present = new Map<string, number>();
		for (const line of linesOf(tx, house.id, month)) {
			present.set(lineKey(line), (present.get(lineKey(line)) ?? 0) + 1);
		}
		const previous = linesOf(tx, house.id, shiftMonth(month, -1));
		const missing = previous.filter((line) => {
			const left = present.get(lineKey(line)) ?? 0;
			if (left === 0) return true;
			present.set(lineKey(line), left - 1);
			return false;
		});
		for (const line of missing) {
			tx.insert(houseCostLines)
				.values({
					id: newId(),
					houseId: house.id,
					month,
					category: line.category,
					label: line.label,
					amountCents: line.amountCents,
					createdBy: actor.userId
				})
				.run();
		}
		if (missing.length > 0) {
			recordOperatorAudit(tx, {
				operatorId: actor.operatorId,
				actorId: actor.userId,
				action: 'costs.changed',
				subject: house.name,
				details: { month, change: 'copied', lines: missing.length }
			});
		}
		return { ok: true, copied: missing.length, alreadyThere: previous.length - missing.length };
	});
}

/** Sets the month's funding, or removes it (`null`). */
export function setFunding(
	actor: CostActor,
	house: House,
	month: string,
	funding: FundingInput | null
): CostChange {
	return getDb().transaction((tx) => {
		if (isMonthClosed(tx, house.id, month)) return { ok: false, reason: 'closed' } as const;
		if (funding === null) {
			tx.delete(houseFunding)
				.where(and(eq(houseFunding.houseId, house.id), eq(houseFunding.month, month)))
				.run();
		} else {
			const row = {
				kind: funding.kind,
				amountCents: funding.kind === 'amount' ? funding.amountCents : null,
				basisPoints: funding.kind === 'percent' ? funding.basisPoints : null,
				label: funding.label,
				updatedBy: actor.userId,
				updatedAt: new Date()
			};
			tx.insert(houseFunding)
				.values({ houseId: house.id, month, ...row })
				.onConflictDoUpdate({ target: [houseFunding.houseId, houseFunding.month], set: row })
				.run();
		}
		recordOperatorAudit(tx, {
			operatorId: actor.operatorId,
			actorId: actor.userId,
			action: 'funding.changed',
			subject: house.name,
			details: {
				month,
				kind: funding?.kind ?? null,
				amountCents: funding?.kind === 'amount' ? funding.amountCents : null,
				basisPoints: funding?.kind === 'percent' ? funding.basisPoints : null
			}
		});
		return { ok: true } as const;
	});
}
