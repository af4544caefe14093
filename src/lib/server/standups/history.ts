// A stand-up's history: its past runs with attendance (and the runs not held whose written answers
// were kept in notes, with no attendance), attendance per person and per house,
// the share of answers submitted before the round started, and open blockers by age.
import { and, desc, eq, isNotNull, or, sql, type Placeholder } from 'drizzle-orm';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { standupAttendance, standupRuns, users } from '../db/schema';
import { openBlockers } from './blockers';
import type { StandupDetail } from './standups';

/** How many past runs the history covers. */
export const HISTORY_RUNS = 60;

/** attended: in the room during the round, late ones included; late: of those, came after their turn. */
type Tally = { attended: number; late: number; expected: number; answeredOnTime: number };

/**
 * The runs a history lists: the held ones, and the ones not held whose written answers were kept
 * in notes (unheld.ts).
 */
function listedRuns(standupId: string | Placeholder) {
	return and(
		eq(standupRuns.standupId, standupId),
		or(
			eq(standupRuns.status, 'ended'),
			and(eq(standupRuns.status, 'not_held'), isNotNull(standupRuns.summaryDocumentId))
		)
	);
}

/**
 * The newest run the history lists, for the stand-up's page to point to (held or not). Every view
 * of the stand-up asks: prepared once.
 */
export function lastListedRun(standupId: string) {
	const run = prepared(getDb(), 'standup-last-listed-run', (db) =>
		db
			.select({
				id: standupRuns.id,
				date: standupRuns.date,
				status: standupRuns.status,
				summaryDocumentId: standupRuns.summaryDocumentId
			})
			.from(standupRuns)
			.where(listedRuns(sql.placeholder('standupId')))
			.orderBy(desc(standupRuns.date))
			.limit(1)
			.prepare()
	).get({ standupId });
	return run && { ...run, held: run.status === 'ended' };
}

export function standupHistory(detail: StandupDetail, now = Date.now()) {
	const db = getDb();
	const runs = db
		.select({
			id: standupRuns.id,
			date: standupRuns.date,
			startedAt: standupRuns.startedAt,
			endedAt: standupRuns.endedAt,
			status: standupRuns.status,
			summaryDocumentId: standupRuns.summaryDocumentId
		})
		.from(standupRuns)
		.where(listedRuns(detail.standup.id))
		.orderBy(desc(standupRuns.date))
		.limit(HISTORY_RUNS)
		.all();
	const rows = db
		.select({
			runId: standupAttendance.runId,
			userId: standupAttendance.userId,
			name: users.name,
			houseName: standupAttendance.houseName,
			attended: standupAttendance.attended,
			late: standupAttendance.late,
			answeredOnTime: standupAttendance.answeredOnTime
		})
		.from(standupAttendance)
		.innerJoin(standupRuns, eq(standupAttendance.runId, standupRuns.id))
		.innerJoin(users, eq(standupAttendance.userId, users.id))
		.where(and(eq(standupRuns.standupId, detail.standup.id), eq(standupRuns.status, 'ended')))
		.all();
	const kept = new Set(runs.map((run) => run.id));
	const byRun = new Map<string, Tally>();
	const byPerson = new Map<string, Tally & { userId: string; name: string }>();
	const byHouse = new Map<string, Tally & { houseName: string | null }>();
	for (const row of rows) {
		if (!kept.has(row.runId)) continue;
		const add = (tally: Tally) => {
			tally.expected += 1;
			if (row.attended) tally.attended += 1;
			if (row.late) tally.late += 1;
			if (row.answeredOnTime) tally.answeredOnTime += 1;
		};
		const empty = () => ({ attended: 0, late: 0, expected: 0, answeredOnTime: 0 });
		if (!byRun.has(row.runId)) byRun.set(row.runId, empty());
		add(byRun.get(row.runId)!);
		if (!byPerson.has(row.userId)) {
			byPerson.set(row.userId, { userId: row.userId, name: row.name, ...empty() });
		}
		add(byPerson.get(row.userId)!);
		const houseKey = row.houseName ?? '';
		if (!byHouse.has(houseKey)) byHouse.set(houseKey, { houseName: row.houseName, ...empty() });
		add(byHouse.get(houseKey)!);
	}
	const runRows = runs.map(({ status, ...run }) => ({
		...run,
		held: status === 'ended',
		...(byRun.get(run.id) ?? { attended: 0, late: 0, expected: 0, answeredOnTime: 0 })
	}));
	const rated = runRows.filter((run) => run.expected > 0);
	const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
	return {
		runs: runRows,
		people: [...byPerson.values()].sort(byName),
		houses: [...byHouse.values()].sort((a, b) =>
			a.houseName === null ? 1 : b.houseName === null ? -1 : a.houseName.localeCompare(b.houseName)
		),
		/** Average over runs of the share of participants who submitted before the start; null with no runs. */
		answeredOnTimeRate: rated.length
			? rated.reduce((sum, run) => sum + run.answeredOnTime / run.expected, 0) / rated.length
			: null,
		openBlockers: openBlockers(detail.standup.id, now)
	};
}

export type StandupHistory = ReturnType<typeof standupHistory>;
