// The live round on the server: each command reads the run's state, applies the state machine
// and writes the result in one transaction (so two runners clicking at once cannot both win, and a
// runner who drops leaves the state for whoever takes over), then pushes the new state to every
// open page of the company. Ending a run records attendance and writes the summary document.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { getDb, type Executor, type Tx } from '../db';
import {
	roomPresence,
	standupAnswers,
	standupAttendance,
	standupRuns,
	standupVisits,
	standups,
	users,
	type Locale
} from '../db/schema';
import { createDocument } from '../documents/documents';
import { applyServerUpdate } from '../documents/live';
import { publishLiveEvent } from '../live/hub';
import { logger } from '../logger';
import { notifyRoundStarted } from '../notifications/standups';
import { attendanceMarks, type Visit } from './attendance';
import { blockersOfRun } from './blockers';
import * as machine from '../../standups/run-machine';
import type { Participant, RunError, RunState } from '../../standups/run-machine';
import {
	currentRun,
	getStandup,
	lastStartOf,
	mayRun,
	participantsOf,
	pastRuns,
	runAnswers,
	runState,
	type Actor,
	type StandupDetail
} from './standups';
import { summaryBlocks, summaryTitle, summaryUpdate, type SummaryData } from './summary';

export type RoundCommand = 'join' | 'start' | 'next' | 'skip' | 'takeover' | 'end';

export type RoundError = RunError | 'not_found' | 'not_participant' | 'not_allowed' | 'too_late';

export type RoundResult = { ok: true; state: RunState } | { ok: false; error: RoundError };

/** Tells every open page of the company that the run changed. */
export function publishRun(companyId: string, standupId: string, runId: string, state: RunState) {
	publishLiveEvent(companyId, { type: 'standup', standupId, runId, state });
}

/**
 * Applies one command of `actor` to the run. Joining needs to be a participant; starting and
 * taking over need to be allowed to run the stand-up; next, skip and end need to be the runner.
 */
export function roundCommand(
	detail: StandupDetail,
	runId: string,
	actor: Actor,
	command: RoundCommand,
	now = Date.now()
): RoundResult {
	const participants = participantsOf(detail);
	const me = participants.find((p) => p.userId === actor.userId);
	let versionBefore = -1;
	const result = getDb().transaction((tx): RoundResult => {
		const run = tx.select().from(standupRuns).where(eq(standupRuns.id, runId)).get();
		if (!run || run.standupId !== detail.standup.id) return { ok: false, error: 'not_found' };
		// Closed as not held (its last start passed): its state still says open, but no command
		// may bring it back (a join from a page loaded before would reopen it, and its notes be
		// written twice when it closed again).
		if (run.status === 'not_held') return { ok: false, error: 'too_late' };
		const state = runState(run);
		versionBefore = state.version;
		let outcome: machine.RunResult;
		switch (command) {
			case 'join':
				if (!me) return { ok: false, error: 'not_participant' };
				outcome = machine.join(state, me);
				break;
			case 'start': {
				if (!mayRun(detail.standup, actor, participants))
					return { ok: false, error: 'not_allowed' };
				// The page said until when it could be started; one left open past that cannot.
				if (state.status === 'open' && now > lastStartOf(run.startsAt)) {
					return { ok: false, error: 'too_late' };
				}
				// Whoever came in before the run was due is there too: their stay counts from now on.
				syncVisits(tx, runId, detail.standup.roomId, participants, null, now);
				// Whoever is already in the stand-up's video room is there, joined or not.
				let lobby = state;
				for (const userId of peopleInRoom(tx, detail.standup.roomId)) {
					const person = participants.find((p) => p.userId === userId);
					const joined = person ? machine.join(lobby, person) : null;
					if (joined?.ok) lobby = joined.state;
				}
				outcome = machine.start(lobby, actor.userId, participants, now);
				break;
			}
			case 'takeover':
				if (!mayRun(detail.standup, actor, participants))
					return { ok: false, error: 'not_allowed' };
				outcome = machine.takeOver(state, actor.userId, now);
				break;
			case 'next':
				outcome = machine.next(state, actor.userId, now);
				break;
			case 'skip':
				outcome = machine.skip(state, actor.userId, now);
				break;
			case 'end':
				outcome = machine.end(state, actor.userId, now);
				if (outcome.ok) {
					syncVisits(tx, runId, detail.standup.roomId, participants, null, now);
					// The round is over: whoever stays in the call stays for the next run, not this one.
					tx.update(standupVisits)
						.set({ leftAt: new Date(now) })
						.where(and(eq(standupVisits.runId, runId), isNull(standupVisits.leftAt)))
						.run();
				}
				break;
		}
		if (!outcome.ok) return outcome;
		if (outcome.state === state) return outcome;
		const next = outcome.state;
		tx.update(standupRuns)
			.set({
				state: next,
				status: next.status,
				startedAt: next.startedAt === null ? null : new Date(next.startedAt),
				endedAt: next.endedAt === null ? null : new Date(next.endedAt)
			})
			.where(eq(standupRuns.id, runId))
			.run();
		if (next.status === 'ended') recordAttendance(tx, runId, next);
		return outcome;
	});
	// A join of someone already there changes nothing: only new versions are pushed.
	if (result.ok && result.state.version !== versionBefore) {
		publishRun(detail.standup.companyId, detail.standup.id, runId, result.state);
		if (command === 'start') notifyRoundStarted(detail, runId, actor.userId);
	}
	return result;
}

/**
 * A round still live this long after it started was left by its runner (the tab closed without
 * End): the minute check ends it, so the stand-up's next occurrence is not held up behind it.
 */
export const ABANDONED_ROUND_MS = 3 * 3_600_000;

/**
 * The last moment a round was seen going on: its start, a takeover, or the end of the last turn
 * given (its speaker's time).
 */
function lastSeenGoingOn(state: RunState): number {
	const turn = state.speakerSeconds * 1000;
	const turnsEnd = state.speakers.map((speaker) => (speaker.turnAt ? speaker.turnAt + turn : 0));
	const speakerEnd = state.speakerStartedAt === null ? 0 : state.speakerStartedAt + turn;
	return Math.max(
		state.startedAt ?? 0,
		speakerEnd,
		...turnsEnd,
		...state.takeovers.map((takeover) => takeover.at)
	);
}

/**
 * Ends a round left live for ABANDONED_ROUND_MS, as End would have (its stays in the room closed,
 * its attendance recorded), dated when it was last seen going on. Returns the ended state, or
 * null when the run is no longer such a round (ended meanwhile, not live).
 */
export function endAbandonedRound(
	detail: StandupDetail,
	runId: string,
	now = Date.now()
): RunState | null {
	const participants = participantsOf(detail);
	const ended = getDb().transaction((tx): RunState | null => {
		const run = tx.select().from(standupRuns).where(eq(standupRuns.id, runId)).get();
		if (!run || run.status !== 'live' || run.startedAt === null) return null;
		if (now - run.startedAt.getTime() < ABANDONED_ROUND_MS) return null;
		const state = runState(run);
		const at = Math.min(now, lastSeenGoingOn(state));
		const outcome = machine.endAbandoned(state, at);
		if (!outcome.ok) return null;
		syncVisits(tx, runId, detail.standup.roomId, participants, null, now);
		tx.update(standupVisits)
			.set({ leftAt: new Date(now) })
			.where(and(eq(standupVisits.runId, runId), isNull(standupVisits.leftAt)))
			.run();
		tx.update(standupRuns)
			.set({ state: outcome.state, status: 'ended', endedAt: new Date(at) })
			.where(eq(standupRuns.id, runId))
			.run();
		recordAttendance(tx, runId, outcome.state);
		return outcome.state;
	});
	if (ended) publishRun(detail.standup.companyId, detail.standup.id, runId, ended);
	return ended;
}

/** The identities (user ids) in the stand-up's video room right now, from LiveKit's webhooks. */
function peopleInRoom(tx: Tx, roomId: string | null): string[] {
	if (!roomId) return [];
	return tx
		.select({ identity: roomPresence.identity })
		.from(roomPresence)
		.where(eq(roomPresence.roomId, roomId))
		.all()
		.map((row) => row.identity);
}

/**
 * Copies the stand-up room's presence into the run's visits: a stay opens for each participant in
 * the room without one, and closes for each one no longer there. `only` limits it to the people a
 * webhook was about (null: everyone).
 */
function syncVisits(
	tx: Tx,
	runId: string,
	roomId: string | null,
	participants: readonly Participant[],
	only: readonly string[] | null,
	now: number
): void {
	if (!roomId) return;
	const concerned = (userId: string) =>
		(only === null || only.includes(userId)) && participants.some((p) => p.userId === userId);
	const inRoom = new Map(
		tx
			.select({ userId: roomPresence.identity, joinedAt: roomPresence.joinedAt })
			.from(roomPresence)
			.where(eq(roomPresence.roomId, roomId))
			.all()
			.filter((row) => concerned(row.userId))
			.map((row) => [row.userId, row.joinedAt])
	);
	const open = tx
		.select({ userId: standupVisits.userId, joinedAt: standupVisits.joinedAt })
		.from(standupVisits)
		.where(and(eq(standupVisits.runId, runId), isNull(standupVisits.leftAt)))
		.all()
		.filter((row) => concerned(row.userId));
	for (const visit of open) {
		if (inRoom.has(visit.userId)) continue;
		tx.update(standupVisits)
			.set({ leftAt: new Date(now) })
			.where(
				and(
					eq(standupVisits.runId, runId),
					eq(standupVisits.userId, visit.userId),
					eq(standupVisits.joinedAt, visit.joinedAt)
				)
			)
			.run();
	}
	for (const [userId, joinedAt] of inRoom) {
		if (open.some((visit) => visit.userId === userId)) continue;
		tx.insert(standupVisits)
			.values({ runId, userId, joinedAt })
			.onConflictDoUpdate({
				target: [standupVisits.runId, standupVisits.userId, standupVisits.joinedAt],
				set: { leftAt: null }
			})
			.run();
	}
}

/** The run's stays in the stand-up room. */
export function runVisits(db: Executor, runId: string): Visit[] {
	return db
		.select({
			userId: standupVisits.userId,
			joinedAt: standupVisits.joinedAt,
			leftAt: standupVisits.leftAt
		})
		.from(standupVisits)
		.where(eq(standupVisits.runId, runId))
		.all()
		.map((row) => ({
			userId: row.userId,
			joinedAt: row.joinedAt.getTime(),
			leftAt: row.leftAt === null ? null : row.leftAt.getTime()
		}));
}

/** Who was expected, who was in the room during the round (and on time), who answered before it. */
function recordAttendance(tx: Tx, runId: string, state: RunState): void {
	const answered = new Map(
		tx
			.select({ userId: standupAnswers.userId, submittedAt: standupAnswers.submittedAt })
			.from(standupAnswers)
			.where(eq(standupAnswers.runId, runId))
			.all()
			.map((row) => [row.userId, row.submittedAt])
	);
	const startedAt = state.startedAt ?? Number.POSITIVE_INFINITY;
	for (const person of attendanceMarks(state, runVisits(tx, runId))) {
		const submittedAt = answered.get(person.userId);
		tx.insert(standupAttendance)
			.values({
				runId,
				userId: person.userId,
				houseId: person.houseId,
				houseName: person.houseName,
				attended: person.mark !== 'absent',
				late: person.mark === 'late',
				answeredOnTime: submittedAt != null && submittedAt.getTime() <= startedAt
			})
			.onConflictDoNothing()
			.run();
	}
}

/** What the summary of an ended run says, from the run's state, answers and blockers. */
export function summaryData(
	detail: StandupDetail,
	run: { id: string; standupId: string; date: string; state: unknown }
): SummaryData {
	const state = run.state as RunState;
	const answers = new Map(runAnswers(run.id).map((row) => [row.userId, row]));
	const people = attendanceMarks(state, runVisits(getDb(), run.id)).sort(
		machine.compareParticipants
	);
	const houses: SummaryData['houses'] = machine.groupByHouse(people).map((house) => ({
		houseName: house.houseName,
		people: house.people.map((person) => {
			const written = answers.get(person.userId);
			return {
				userId: person.userId,
				name: person.name,
				attended: person.mark !== 'absent',
				late: person.mark === 'late',
				answers: written ? written.answers.map(({ question, text }) => ({ question, text })) : null,
				draft: written !== undefined && written.submittedAt === null
			};
		})
	}));
	return {
		standupName: detail.standup.name,
		date: run.date,
		held: true,
		houses,
		blockers: summaryBlockers(run)
	};
}

/** A run's blockers as its notes list them, held or not. */
export function summaryBlockers(run: Parameters<typeof blockersOfRun>[0]): SummaryData['blockers'] {
	return blockersOfRun(run).map((blocker) => ({
		text: blocker.text,
		ownerName: blocker.ownerName,
		state: blocker.state,
		carriedOverFrom: blocker.carriedOver ? blocker.raisedOn : null
	}));
}

/**
 * The language of a stand-up's summary: the same for every run, whoever ends it or opens the page
 * that writes it. Companies have no language of their own (the schema keeps one per person only),
 * so it is the saved language of whoever set the stand-up up — they wrote its questions for the
 * team — and English, the base language, when they saved none (or their account is gone).
 */
export function summaryLocale(standup: Pick<StandupDetail['standup'], 'createdBy'>): Locale {
	if (!standup.createdBy) return SUMMARY_FALLBACK_LOCALE;
	const creator = getDb()
		.select({ locale: users.locale })
		.from(users)
		.where(eq(users.id, standup.createdBy))
		.get();
	return creator?.locale ?? SUMMARY_FALLBACK_LOCALE;
}

const SUMMARY_FALLBACK_LOCALE: Locale = 'en';

/**
 * Writes the summary of an ended run into a new document of the company's documents (once: a
 * run that has its document keeps it), in the stand-up's summary language. Returns its id.
 */
export async function writeSummary(
	detail: StandupDetail,
	runId: string,
	actor: Actor
): Promise<string | null> {
	const db = getDb();
	const locale = summaryLocale(detail.standup);
	const run = db.select().from(standupRuns).where(eq(standupRuns.id, runId)).get();
	if (!run || run.status !== 'ended') return null;
	if (run.summaryDocumentId) return run.summaryDocumentId;
	const documentId = await writeNotes(detail, runId, actor, summaryData(detail, run), locale);
	publishRun(detail.standup.companyId, detail.standup.id, runId, runState(run));
	return documentId;
}

/**
 * Writes a run's notes into a new document of the company's documents and links it to the run.
 * The link is made before the content is written (an await), so a second caller finds it.
 */
export async function writeNotes(
	detail: StandupDetail,
	runId: string,
	actor: Actor,
	data: SummaryData,
	locale: Locale
): Promise<string> {
	const document = createDocument(detail.standup.companyId, actor, {
		title: summaryTitle(data, locale),
		kind: 'standup_notes'
	});
	getDb()
		.update(standupRuns)
		.set({ summaryDocumentId: document.id })
		.where(eq(standupRuns.id, runId))
		.run();
	try {
		await applyServerUpdate(document.id, summaryUpdate(summaryBlocks(data, locale)), null);
	} catch (error) {
		// The document exists (and is linked); its content can be written again by hand.
		logger().error({ err: error, documentId: document.id, runId }, 'stand-up notes not written');
	}
	return document.id;
}

/**
 * The stand-up's last held run, with its summary. The runner's request writes the summary when the
 * round ends; should that request have died on the way, whoever reads the stand-up next writes it,
 * so a held run never stays without notes. This is why a page's load calls it although it writes:
 * it writes at most once per run (a linked summary is returned as it is), and moving it to an
 * action would leave the notes missing until someone thought to ask for them.
 */
export async function lastHeldRun(detail: StandupDetail, actor: Actor) {
	const [last] = pastRuns(detail.standup.id, 1);
	if (last && !last.summaryDocumentId) {
		last.summaryDocumentId = await writeSummary(detail, last.id, actor);
	}
	return last;
}

/**
 * Called when people entered or left video rooms of the company (LiveKit webhooks): a participant
 * now in a stand-up's room joins its run, so entering the call is enough to be counted (and, once
 * the round is on, to be slotted in as a late joiner).
 */
export function joinFromStandupRooms(companyId: string, userIds: string[], now = Date.now()): void {
	if (userIds.length === 0) return;
	const db = getDb();
	const inRooms = db
		.select({ standupId: standups.id, userId: roomPresence.identity })
		.from(roomPresence)
		.innerJoin(standups, eq(standups.roomId, roomPresence.roomId))
		.where(and(eq(standups.companyId, companyId), inArray(roomPresence.identity, userIds)))
		.all();
	// Stand-ups someone just left: their stay there ends.
	const left = db
		.selectDistinct({ standupId: standupRuns.standupId })
		.from(standupVisits)
		.innerJoin(standupRuns, eq(standupRuns.id, standupVisits.runId))
		.where(
			and(
				eq(standupRuns.companyId, companyId),
				isNull(standupVisits.leftAt),
				inArray(standupVisits.userId, userIds)
			)
		)
		.all();
	const standupIds = new Set([...inRooms, ...left].map((row) => row.standupId));
	for (const standupId of standupIds) {
		const detail = getStandup(companyId, standupId);
		if (!detail || detail.standup.archivedAt !== null) continue;
		const run = currentRun(detail.standup, now);
		if (!run || run.status === 'ended') continue;
		const participants = participantsOf(detail);
		db.transaction((tx) =>
			syncVisits(tx, run.id, detail.standup.roomId, participants, userIds, now)
		);
		for (const row of inRooms) {
			if (row.standupId !== standupId) continue;
			// Joining needs no role; someone not taking part is simply not slotted in.
			roundCommand(detail, run.id, { userId: row.userId, role: 'member' }, 'join', now);
		}
	}
}
