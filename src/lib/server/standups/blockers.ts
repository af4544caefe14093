// Blockers: raised by a participant with an owner, open until someone resolves them, and shown
// at every run of the stand-up from the one they were raised at until the one they are resolved at.
import { and, asc, eq, lte, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../db';
import { blockers, memberships, standupRuns, users, type StandupRun } from '../db/schema';
import { newId } from '../ids';

export const BLOCKER_TEXT_MAX = 500;

export type BlockerView = {
	id: string;
	text: string;
	ownerId: string | null;
	ownerName: string | null;
	state: 'open' | 'resolved';
	createdAt: Date;
	resolvedAt: Date | null;
	/** Raised at an earlier run and still there. */
	carriedOver: boolean;
	/** The date (YYYY-MM-DD) of the run it was raised at. */
	raisedOn: string | null;
};

export type AddBlockerResult = { ok: true; id: string } | { ok: false; reason: 'unknown_owner' };

/** Raises a blocker at `run`; the owner must be a member of the company. */
export function addBlocker(
	run: Pick<StandupRun, 'id' | 'standupId' | 'companyId'>,
	actorId: string,
	input: { text: string; ownerId: string },
	now = Date.now()
): AddBlockerResult {
	const db = getDb();
	const owner = db
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(eq(memberships.companyId, run.companyId), eq(memberships.userId, input.ownerId)))
		.get();
	if (!owner) return { ok: false, reason: 'unknown_owner' };
	const id = newId();
	db.insert(blockers)
		.values({
			id,
			companyId: run.companyId,
			standupId: run.standupId,
			raisedInRunId: run.id,
			text: input.text.trim(),
			ownerId: input.ownerId,
			state: 'open',
			createdBy: actorId,
			createdAt: new Date(now)
		})
		.run();
	return { ok: true, id };
}

/**
 * Resolves (or reopens) one of the stand-up's blockers, at `run`; false when it is not one of
 * this stand-up's.
 */
export function setBlockerResolved(
	run: Pick<StandupRun, 'id' | 'standupId'>,
	blockerId: string,
	actorId: string,
	resolved: boolean,
	now = Date.now()
): boolean {
	const result = getDb()
		.update(blockers)
		.set(
			resolved
				? {
						state: 'resolved',
						resolvedAt: new Date(now),
						resolvedBy: actorId,
						resolvedInRunId: run.id
					}
				: { state: 'open', resolvedAt: null, resolvedBy: null, resolvedInRunId: null }
		)
		.where(and(eq(blockers.id, blockerId), eq(blockers.standupId, run.standupId)))
		.run();
	return result.changes > 0;
}

const raisedRun = alias(standupRuns, 'raised_run');

/**
 * The blockers of one run: those still open that were raised at it or at an earlier run (carried
 * over), and those resolved at it. Open ones first, oldest first.
 */
export function blockersOfRun(run: Pick<StandupRun, 'id' | 'standupId' | 'date'>): BlockerView[] {
	const rows = getDb()
		.select({
			id: blockers.id,
			text: blockers.text,
			ownerId: blockers.ownerId,
			ownerName: users.name,
			state: blockers.state,
			createdAt: blockers.createdAt,
			resolvedAt: blockers.resolvedAt,
			raisedInRunId: blockers.raisedInRunId,
			raisedOn: raisedRun.date
		})
		.from(blockers)
		.leftJoin(users, eq(blockers.ownerId, users.id))
		.leftJoin(raisedRun, eq(blockers.raisedInRunId, raisedRun.id))
		.where(
			and(
				eq(blockers.standupId, run.standupId),
				lte(raisedRun.date, run.date),
				or(eq(blockers.state, 'open'), eq(blockers.resolvedInRunId, run.id))
			)
		)
		.orderBy(asc(blockers.createdAt))
		.all();
	return rows
		.map(({ raisedInRunId, ...row }) => ({ ...row, carriedOver: raisedInRunId !== run.id }))
		.sort((a, b) => (a.state === b.state ? 0 : a.state === 'open' ? -1 : 1));
}

/** Every open blocker of a stand-up with its age in days at `now`, oldest first. */
export function openBlockers(standupId: string, now = Date.now()) {
	return getDb()
		.select({
			id: blockers.id,
			text: blockers.text,
			ownerName: users.name,
			createdAt: blockers.createdAt
		})
		.from(blockers)
		.leftJoin(users, eq(blockers.ownerId, users.id))
		.where(and(eq(blockers.standupId, standupId), eq(blockers.state, 'open')))
		.orderBy(asc(blockers.createdAt))
		.all()
		.map((row) => ({
			...row,
			ageDays: Math.floor((now - row.createdAt.getTime()) / (24 * 3600 * 1000))
		}));
}
