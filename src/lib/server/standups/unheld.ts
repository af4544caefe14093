// Runs nobody started, and rounds nobody ended (endAbandonedRound). Once a run's last start has passed (lastStartOf), it was not held: its
// status says so, and the answers written for it are not left unreachable. They go into notes like
// a held run's summary, which the stand-up's history lists, and whoever wrote them is told. The
// stand-up notices' minute check closes them (closeOverdueRuns); the pages that show the stand-up
// and its history do too, so a page never shows a run as open past its last start, even between
// two checks. A run with nothing written costs one update.
import { and, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { standupRuns, users, type StandupRun } from '../db/schema';
import { isMember } from '../companies/members';
import { companySlug, notify } from '../notifications/notifications';
import {
	ABANDONED_ROUND_MS,
	endAbandonedRound,
	summaryBlockers,
	summaryLocale,
	writeNotes,
	writeSummary
} from './rounds';
import {
	dueTooLongAgo,
	getStandup,
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
 * Marks the stand-up's runs past their last start, never started, as not held, writes notes for
 * those with answers and tells their writers. Returns how many runs it closed. Safe to call from
 * concurrent requests: only the request whose update changed the run writes its notes. `actor`
 * creates the notes: the person whose view closed the run, or null when no one's did.
 */
export async function closeUnheldRuns(
	detail: StandupDetail,
	actor: Actor | null,
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
		const notesId = await writeNotes(
			detail,
			run.id,
			actor ??
				notesAuthor(
					detail,
					written.map((row) => row.userId)
				),
			unheldNotes(detail, run, written),
			summaryLocale(detail.standup)
		);
		tellWriters(detail, run, notesId, written);
	}
	return closed;
}

/**
 * Closes every stand-up's runs past their last start that nobody started (closeUnheldRuns), in
 * every company: the stand-up notices' minute check, so the notes exist and their writers hear of
 * them even when nobody opens the stand-up. Returns how many runs it closed.
 */
export async function closeOverdueRuns(now = Date.now()): Promise<number> {
	const db = getDb();
	// Any run still open past its last start; one stand-up at a time, as a page would close them.
	const overdue = db
		.selectDistinct({ companyId: standupRuns.companyId, standupId: standupRuns.standupId })
		.from(standupRuns)
		.where(and(eq(standupRuns.status, 'open'), lt(standupRuns.startsAt, dueTooLongAgo(now))))
		.all();
	let closed = 0;
	for (const { companyId, standupId } of overdue) {
		const detail = getStandup(companyId, standupId);
		if (!detail) continue;
		closed += await closeUnheldRuns(detail, null, now);
	}
	// Rounds whose runner left without ending them: ended, with their summary, as End would.
	const abandoned = db
		.select({
			id: standupRuns.id,
			companyId: standupRuns.companyId,
			standupId: standupRuns.standupId
		})
		.from(standupRuns)
		.where(
			and(
				eq(standupRuns.status, 'live'),
				lte(standupRuns.startedAt, new Date(now - ABANDONED_ROUND_MS))
			)
		)
		.all();
	for (const run of abandoned) {
		const detail = getStandup(run.companyId, run.standupId);
		if (!detail) continue;
		const state = endAbandonedRound(detail, run.id, now);
		if (!state) continue;
		closed += 1;
		const present = state.speakers.map((speaker) => speaker.userId);
		const author = notesAuthor(detail, [state.runnerId, ...present]);
		// Nobody left to sign it: the next view of the stand-up writes it (lastHeldRun).
		if (author.userId) await writeSummary(detail, run.id, author);
	}
	return closed;
}

/**
 * Who the notes are created by when no one's page view closed the run: whoever set the stand-up
 * up if still in the company, else one of the people who wrote (the notes hold their words).
 */
function notesAuthor(detail: StandupDetail, people: ReadonlyArray<string | null>): Actor {
	const { companyId, createdBy } = detail.standup;
	const candidates = [createdBy, ...people].filter((id) => id !== null);
	const member = candidates.find((id) => isMember(companyId, id));
	return { userId: member ?? candidates[0], role: 'member' };
}

/** The people who wrote for a run not held: their answers were not gone through, but are kept. */
function tellWriters(
	detail: StandupDetail,
	run: StandupRun,
	notesId: string,
	written: AnswerRow[]
): void {
	const { companyId } = detail.standup;
	notify(
		written.map((row) => row.userId).filter((id) => isMember(companyId, id)),
		'standup_not_held',
		{
			companyId,
			payload: { standup: detail.standup.name, date: run.date },
			link: `/${companySlug(companyId)}/documents/${notesId}`,
			dedupeKey: `standup_not_held:${run.id}`
		}
	);
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
