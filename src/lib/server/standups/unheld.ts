// Runs nobody started. Once a run's last start has passed (lastStartOf), it was not held: its
// status says so, and the answers written for it are not left unreachable. They go into notes like
// a held run's summary, which the stand-up's history lists. Called by the pages that show the
// stand-up and its history, as lastHeldRun writes a held run's missing summary: there is no timer
// to wait for, and a run with nothing written costs one update.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { standupRuns, users, type StandupRun } from '../db/schema';
import { summaryBlockers, summaryLocale, writeNotes } from './rounds';
import {
	lastStartOf,
	participantsOf,
	runAnswers,
	type Actor,
	type AnswerRow,
	type StandupDetail
} from './standups';
import type { SummaryData } from './summary';
import { compareParticipants, groupByHouse, type Participant } from '../../standups/run-machine';

/**
 * Marks the stand-up's runs past their last start, never started, as not held, and writes notes
 * for those with answers. Returns how many runs it closed. Safe to call from concurrent requests:
 * only the request whose update changed the run writes its notes.
 */
export async function closeUnheldRuns(
	detail: StandupDetail,
	actor: Actor,
	now = Date.now()
): Promise<number> {
	const db = getDb();
	// Every view of the stand-up asks: prepared once.
	const overdue = prepared(db, 'standup-open-runs', (db) =>
		db
			.select()
			.from(standupRuns)
			.where(
				and(eq(standupRuns.standupId, sql.placeholder('standupId')), eq(standupRuns.status, 'open'))
			)
			.prepare()
	)
		.all({ standupId: detail.standup.id })
		.filter((run) => now > lastStartOf(run.startsAt));
	let closed = 0;
	for (const run of overdue) {
		const changed = db
			.update(standupRuns)
			.set({ status: 'not_held' })
			.where(and(eq(standupRuns.id, run.id), eq(standupRuns.status, 'open')))
			.run().changes;
		if (changed === 0) continue;
		closed += 1;
		const written = runAnswers(run.id).filter((row) => row.answers.some((a) => a.text !== ''));
		if (written.length === 0) continue;
		await writeNotes(
			detail,
			run.id,
			actor,
			unheldNotes(detail, run, written),
			summaryLocale(detail.standup)
		);
	}
	return closed;
}

/** The notes of a run not held: who wrote what, by house, and the run's blockers. */
function unheldNotes(detail: StandupDetail, run: StandupRun, written: AnswerRow[]): SummaryData {
	const participants = new Map(participantsOf(detail).map((p) => [p.userId, p]));
	// Someone who wrote and has since left the stand-up's audience is listed without a house.
	const others = written.map((row) => row.userId).filter((id) => !participants.has(id));
	const names = new Map(
		others.length
			? getDb()
					.select({ id: users.id, name: users.name })
					.from(users)
					.where(inArray(users.id, others))
					.all()
					.map((row) => [row.id, row.name])
			: []
	);
	const writers: Array<Participant & { row: AnswerRow }> = written.map((row) => ({
		...(participants.get(row.userId) ?? {
			userId: row.userId,
			name: names.get(row.userId) ?? '',
			houseId: null,
			houseName: null
		}),
		row
	}));
	return {
		standupName: detail.standup.name,
		date: run.date,
		held: false,
		houses: groupByHouse(writers.sort(compareParticipants)).map((house) => ({
			houseName: house.houseName,
			people: house.people.map((person) => ({
				userId: person.userId,
				name: person.name,
				attended: false,
				late: false,
				answers: person.row.answers.map(({ question, text }) => ({ question, text })),
				draft: person.row.submittedAt === null
			}))
		})),
		blockers: summaryBlockers(run)
	};
}
