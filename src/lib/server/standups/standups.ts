// Stand-ups: their setup (who, when, questions, who runs), their runs (one per occurrence) and
// the participants' written answers. The live round's commands are in rounds.ts, blockers in
// blockers.ts.
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import { hasRole } from '../companies/companies';
import { membersWithHomeHouse } from '../companies/members';
import { getDb, type Executor } from '../db';
import { prepared } from '../db/prepared';
import {
	blockers,
	companyHouses,
	memberships,
	standupAnswers,
	standupHouses,
	standupParticipants,
	standupQuestions,
	standupRuns,
	standups,
	type Role,
	type Standup,
	type StandupAudience,
	type StandupRun,
	type StandupRunners
} from '../db/schema';
import { newId } from '../ids';
import { byName } from '../../name-order';
import { openRun, type Participant, type RunState } from '../../standups/run-machine';
import {
	currentOccurrence,
	occurrenceOn,
	upcomingOccurrences,
	type Occurrence,
	type Schedule
} from './schedule';

export type Actor = { userId: string; role: Role };

export const STANDUP_NAME_MAX = 120;
export const QUESTION_MAX = 300;
export const QUESTIONS_MAX = 10;
export const ANSWER_MAX = 4000;
/** Seconds per speaker: from 15 s to 10 min. */
export const SPEAKER_SECONDS_MIN = 15;
export const SPEAKER_SECONDS_MAX = 600;
/** The card opens from 10 minutes to 3 days before. */
export const OPENS_MINUTES_MIN = 10;
export const OPENS_MINUTES_MAX = 72 * 60;
/**
 * How long after its time a run nobody started stays the stand-up's current one, and so may still
 * be started late. After that the stand-up moves on: the run was not held (unheld.ts).
 */
const STAYS_OPEN_HOURS = 12;

/** The last instant (ms) a run due at `startsAt` may still be started. */
export function lastStartOf(startsAt: Date): number {
	return startsAt.getTime() + STAYS_OPEN_HOURS * 3600_000;
}

/** Runs due before this instant can no longer be started at `now` (lastStartOf has passed). */
export function dueTooLongAgo(now: number): Date {
	return new Date(now - STAYS_OPEN_HOURS * 3600_000);
}

export type StandupInput = {
	name: string;
	audience: StandupAudience;
	/** The houses whose people take part, when audience = houses. */
	houseIds: string[];
	/** The chosen people, when audience = people. */
	userIds: string[];
	days: number[];
	time: string;
	timeZone: string;
	questions: string[];
	speakerSeconds: number;
	runners: StandupRunners;
	opensMinutesBefore: number;
};

export type StandupDetail = {
	standup: Standup;
	questions: Array<{ id: string; text: string }>;
	houseIds: string[];
	userIds: string[];
};

export type SetupError = 'not_allowed' | 'not_found' | 'unknown_house' | 'unknown_person';
export type SetupResult = { ok: true; standup: Standup } | { ok: false; reason: SetupError };

/** Houses and people must be the company's own: anything else is refused, never stored. */
function checkAudience(db: Executor, companyId: string, input: StandupInput): SetupError | null {
	if (input.audience === 'houses') {
		const known = db
			.select({ id: companyHouses.houseId })
			.from(companyHouses)
			.where(
				and(eq(companyHouses.companyId, companyId), inArray(companyHouses.houseId, input.houseIds))
			)
			.all();
		if (known.length !== new Set(input.houseIds).size) return 'unknown_house';
	}
	if (input.audience === 'people') {
		const known = db
			.select({ id: memberships.userId })
			.from(memberships)
			.where(and(eq(memberships.companyId, companyId), inArray(memberships.userId, input.userIds)))
			.all();
		if (known.length !== new Set(input.userIds).size) return 'unknown_person';
	}
	return null;
}

function writeAudienceAndQuestions(db: Executor, standupId: string, input: StandupInput): void {
	db.delete(standupHouses).where(eq(standupHouses.standupId, standupId)).run();
	db.delete(standupParticipants).where(eq(standupParticipants.standupId, standupId)).run();
	if (input.audience === 'houses') {
		for (const houseId of new Set(input.houseIds)) {
			db.insert(standupHouses).values({ standupId, houseId }).run();
		}
	}
	if (input.audience === 'people') {
		for (const userId of new Set(input.userIds)) {
			db.insert(standupParticipants).values({ standupId, userId }).run();
		}
	}
	writeQuestions(db, standupId, input.questions);
}

/**
 * The questions as typed, keeping the id of each question that stays: answers already written
 * for the coming run are read by question id, so a question rewritten with a new id would show
 * its answer boxes empty after any edit of the stand-up (its name, its time), and the next save
 * of a draft would store them empty. A question keeps its id when its text is unchanged, moved
 * or not. One whose text changed is a new question: nothing tells a corrected wording from
 * another question put in its place, and an answer must not show under a question it was not
 * written for. Questions no longer asked are deleted (answers keep their text).
 */
function writeQuestions(db: Executor, standupId: string, texts: readonly string[]): void {
	const before = db
		.select({ id: standupQuestions.id, text: standupQuestions.text })
		.from(standupQuestions)
		.where(eq(standupQuestions.standupId, standupId))
		.orderBy(asc(standupQuestions.position))
		.all();
	const unused = new Map(before.map((question) => [question.id, question]));
	const ids: (string | null)[] = texts.map((text) => {
		const same = [...unused.values()].find((question) => question.text === text);
		if (!same) return null;
		unused.delete(same.id);
		return same.id;
	});
	if (unused.size > 0) {
		db.delete(standupQuestions)
			.where(inArray(standupQuestions.id, [...unused.keys()]))
			.run();
	}
	texts.forEach((text, position) => {
		const id = ids[position];
		if (id === null) {
			db.insert(standupQuestions).values({ id: newId(), standupId, position, text }).run();
		} else {
			db.update(standupQuestions).set({ position }).where(eq(standupQuestions.id, id)).run();
		}
	});
}

/**
 * Runs not started yet follow a new schedule: a run is created when its card opens (up to days
 * ahead) with the start of its day, and kept that start, so a stand-up moved from 09:30 to
 * 14:00 still started, went late and was swept as not held at 09:30. A run whose day is no longer
 * one of the stand-up's is deleted when nobody wrote for it yet; with answers it stays, and is
 * closed as not held after its time, its answers kept in notes as for any run not held.
 */
function rescheduleOpenRuns(db: Executor, standup: Standup): void {
	const schedule = scheduleOf(standup);
	const open = db
		.select({ id: standupRuns.id, date: standupRuns.date, startsAt: standupRuns.startsAt })
		.from(standupRuns)
		.where(and(eq(standupRuns.standupId, standup.id), eq(standupRuns.status, 'open')))
		.all();
	for (const run of open) {
		const occurrence = occurrenceOn(schedule, run.date);
		if (occurrence) {
			if (occurrence.startsAt !== run.startsAt.getTime()) {
				db.update(standupRuns)
					.set({ startsAt: new Date(occurrence.startsAt) })
					.where(eq(standupRuns.id, run.id))
					.run();
			}
			continue;
		}
		const written = db
			.select({ one: sql<number>`1` })
			.from(standupAnswers)
			.where(eq(standupAnswers.runId, run.id))
			.get();
		// A blocker raised or resolved at the run keeps it too: deleted, the blocker would lose
		// the run it dates from and drop out of every run's list, unresolvable.
		const blocking = db
			.select({ one: sql<number>`1` })
			.from(blockers)
			.where(or(eq(blockers.raisedInRunId, run.id), eq(blockers.resolvedInRunId, run.id)))
			.get();
		if (!written && !blocking) db.delete(standupRuns).where(eq(standupRuns.id, run.id)).run();
	}
}

function fields(input: StandupInput) {
	return {
		name: input.name.trim(),
		audience: input.audience,
		days: [...new Set(input.days)].sort(),
		time: input.time,
		timeZone: input.timeZone,
		speakerSeconds: input.speakerSeconds,
		runners: input.runners,
		opensMinutesBefore: input.opensMinutesBefore
	};
}

/** Managers and owners create stand-ups. */
export function createStandup(companyId: string, actor: Actor, input: StandupInput): SetupResult {
	if (!hasRole(actor.role, 'manager')) return { ok: false, reason: 'not_allowed' };
	return getDb().transaction((tx): SetupResult => {
		const problem = checkAudience(tx, companyId, input);
		if (problem) return { ok: false, reason: problem };
		const standup = tx
			.insert(standups)
			.values({ id: newId(), companyId, ...fields(input), createdBy: actor.userId })
			.returning()
			.get();
		writeAudienceAndQuestions(tx, standup.id, input);
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'standup.created',
			subject: standup.name
		});
		return { ok: true, standup };
	});
}

export function updateStandup(
	companyId: string,
	actor: Actor,
	standupId: string,
	input: StandupInput
): SetupResult {
	if (!hasRole(actor.role, 'manager')) return { ok: false, reason: 'not_allowed' };
	return getDb().transaction((tx): SetupResult => {
		const existing = companyStandup(tx, companyId, standupId);
		if (!existing) return { ok: false, reason: 'not_found' };
		const problem = checkAudience(tx, companyId, input);
		if (problem) return { ok: false, reason: problem };
		const standup = tx
			.update(standups)
			.set(fields(input))
			.where(eq(standups.id, standupId))
			.returning()
			.get();
		writeAudienceAndQuestions(tx, standupId, input);
		rescheduleOpenRuns(tx, standup);
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'standup.updated',
			subject: standup.name
		});
		return { ok: true, standup };
	});
}

export function archiveStandup(companyId: string, actor: Actor, standupId: string): boolean {
	if (!hasRole(actor.role, 'manager')) return false;
	return getDb().transaction((tx) => {
		const existing = companyStandup(tx, companyId, standupId);
		if (!existing) return false;
		tx.update(standups).set({ archivedAt: new Date() }).where(eq(standups.id, standupId)).run();
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'standup.archived',
			subject: existing.name
		});
		return true;
	});
}

function companyStandup(db: Executor, companyId: string, standupId: string): Standup | undefined {
	return db
		.select()
		.from(standups)
		.where(and(eq(standups.companyId, companyId), eq(standups.id, standupId)))
		.get();
}

/** The company's active stand-ups, by name. */
export function listStandups(companyId: string): Standup[] {
	// The board asks on every load.
	return prepared(getDb(), 'standups-of-company', (db) =>
		db
			.select()
			.from(standups)
			.where(and(eq(standups.companyId, sql.placeholder('companyId')), isNull(standups.archivedAt)))
			.prepare()
	)
		.all({ companyId })
		.sort(byName);
}

/** One stand-up of the company (archived ones included) with its questions and audience. */
export function getStandup(companyId: string, standupId: string): StandupDetail | undefined {
	// Every page of a stand-up and every board with its card asks: prepared once.
	const db = getDb();
	const standup = prepared(db, 'standup-of-company', (db) =>
		db
			.select()
			.from(standups)
			.where(
				and(
					eq(standups.companyId, sql.placeholder('companyId')),
					eq(standups.id, sql.placeholder('standupId'))
				)
			)
			.prepare()
	).get({ companyId, standupId });
	if (!standup) return undefined;
	const byStandup = { standupId };
	return {
		standup,
		questions: prepared(db, 'standup-questions', (db) =>
			db
				.select({ id: standupQuestions.id, text: standupQuestions.text })
				.from(standupQuestions)
				.where(eq(standupQuestions.standupId, sql.placeholder('standupId')))
				.orderBy(asc(standupQuestions.position))
				.prepare()
		).all(byStandup),
		houseIds: prepared(db, 'standup-house-ids', (db) =>
			db
				.select({ id: standupHouses.houseId })
				.from(standupHouses)
				.where(eq(standupHouses.standupId, sql.placeholder('standupId')))
				.prepare()
		)
			.all(byStandup)
			.map((row) => row.id),
		userIds: prepared(db, 'standup-user-ids', (db) =>
			db
				.select({ id: standupParticipants.userId })
				.from(standupParticipants)
				.where(eq(standupParticipants.standupId, sql.placeholder('standupId')))
				.prepare()
		)
			.all(byStandup)
			.map((row) => row.id)
	};
}

/** The company's members with their home house, as stand-up participants. */
export function companyPeople(companyId: string): Array<Participant & { role: Role }> {
	return membersWithHomeHouse(companyId).map(
		({ userId, name, role, homeHouseId, homeHouseName }) => ({
			userId,
			name,
			role,
			houseId: homeHouseId,
			houseName: homeHouseName
		})
	);
}

/**
 * Who takes part now: everyone, the people of some houses, or the chosen people. `people`: the
 * company's, when the caller has read them already (a board with several stand-up cards).
 */
export function participantsOf(
	detail: StandupDetail,
	people: ReturnType<typeof companyPeople> = companyPeople(detail.standup.companyId)
): Participant[] {
	const chosen =
		detail.standup.audience === 'everyone'
			? people
			: detail.standup.audience === 'houses'
				? people.filter((p) => p.houseId !== null && detail.houseIds.includes(p.houseId))
				: people.filter((p) => detail.userIds.includes(p.userId));
	return chosen.map(({ userId, name, houseId, houseName }) => ({
		userId,
		name,
		houseId,
		houseName
	}));
}

/** Managers always may run a stand-up; participants too when the stand-up says so. */
export function mayRun(
	standup: Pick<Standup, 'runners'>,
	actor: Actor,
	participants: readonly Participant[]
): boolean {
	if (hasRole(actor.role, 'manager')) return true;
	return standup.runners === 'participants' && participants.some((p) => p.userId === actor.userId);
}

export function scheduleOf(standup: Standup): Schedule {
	return { days: standup.days, time: standup.time, timeZone: standup.timeZone };
}

export function runState(run: StandupRun): RunState {
	return run.state as RunState;
}

/** The run of one occurrence, created the first time someone needs it. */
export function runForOccurrence(standup: Standup, occurrence: Occurrence): StandupRun {
	const db = getDb();
	const find = () =>
		prepared(db, 'standup-run-of-date', (db) =>
			db
				.select()
				.from(standupRuns)
				.where(
					and(
						eq(standupRuns.standupId, sql.placeholder('standupId')),
						eq(standupRuns.date, sql.placeholder('date'))
					)
				)
				.prepare()
		).get({ standupId: standup.id, date: occurrence.date });
	// Read first: every view of the stand-up asks for its run, and only the first one writes.
	const existing = find();
	if (existing) return existing;
	db.insert(standupRuns)
		.values({
			id: newId(),
			standupId: standup.id,
			companyId: standup.companyId,
			date: occurrence.date,
			startsAt: new Date(occurrence.startsAt),
			status: 'open',
			state: openRun(standup.speakerSeconds)
		})
		.onConflictDoNothing()
		.run();
	return find()!;
}

/**
 * The run participants see now: a round in progress, else the latest occurrence not yet held
 * (for `STAYS_OPEN_HOURS` after its time), else the next one once its card has opened. null when
 * none is due; ended runs give way to the next occurrence as soon as its card opens.
 */
export function currentRun(standup: Standup, now: number): StandupRun | null {
	const live = prepared(getDb(), 'standup-live-run', (db) =>
		db
			.select()
			.from(standupRuns)
			.where(
				and(eq(standupRuns.standupId, sql.placeholder('standupId')), eq(standupRuns.status, 'live'))
			)
			.orderBy(desc(standupRuns.startsAt))
			.prepare()
	).get({ standupId: standup.id });
	if (live) return live;
	const schedule = scheduleOf(standup);
	const window = {
		opensMinutesBefore: standup.opensMinutesBefore,
		staysOpenHours: STAYS_OPEN_HOURS
	};
	const occurrence = currentOccurrence(schedule, now, window);
	if (!occurrence) return null;
	const run = runForOccurrence(standup, occurrence);
	if (run.status !== 'ended') return run;
	// Held already (perhaps early): the next occurrence, once its card is open.
	const [after] = upcomingOccurrences(schedule, occurrence.startsAt + 1, 1);
	if (!after || after.startsAt - standup.opensMinutesBefore * 60_000 > now) return run;
	return runForOccurrence(standup, after);
}

/** The start of the occurrence on `date`, when the stand-up is held that day. */
export function occurrenceOfDate(standup: Standup, date: string): Occurrence | null {
	return occurrenceOn(scheduleOf(standup), date);
}

export function getRun(companyId: string, runId: string): StandupRun | undefined {
	return getDb()
		.select()
		.from(standupRuns)
		.where(and(eq(standupRuns.companyId, companyId), eq(standupRuns.id, runId)))
		.get();
}

/** Ended runs of a stand-up, newest first. */
export function pastRuns(standupId: string, limit = 100): StandupRun[] {
	return prepared(getDb(), 'standup-past-runs', (db) =>
		db
			.select()
			.from(standupRuns)
			.where(
				and(
					eq(standupRuns.standupId, sql.placeholder('standupId')),
					eq(standupRuns.status, 'ended')
				)
			)
			.orderBy(desc(standupRuns.startsAt))
			.limit(sql.placeholder('limit'))
			.prepare()
	).all({ standupId, limit });
}

export type AnswerRow = {
	userId: string;
	answers: Array<{ questionId: string; question: string; text: string }>;
	submittedAt: Date | null;
	updatedAt: Date;
};

export function runAnswers(runId: string): AnswerRow[] {
	return prepared(getDb(), 'standup-run-answers', (db) =>
		db
			.select({
				userId: standupAnswers.userId,
				answers: standupAnswers.answers,
				submittedAt: standupAnswers.submittedAt,
				updatedAt: standupAnswers.updatedAt
			})
			.from(standupAnswers)
			.where(eq(standupAnswers.runId, sql.placeholder('runId')))
			.prepare()
	).all({ runId });
}

export type SaveAnswersResult =
	{ ok: true } | { ok: false; reason: 'locked' | 'not_participant' | 'empty' };

/**
 * Saves a participant's answers as a draft, or submitted with `submit`. Editable until the live
 * round starts; people who will miss the meeting answer the same way. Answers that count as
 * submitted must say something: every answer empty is refused (`empty`), so "who has answered"
 * only counts people who did.
 */
export function saveAnswers(
	detail: StandupDetail,
	runId: string,
	userId: string,
	texts: Record<string, string>,
	submit: boolean,
	now = Date.now()
): SaveAnswersResult {
	if (!participantsOf(detail).some((p) => p.userId === userId)) {
		return { ok: false, reason: 'not_participant' };
	}
	return getDb().transaction((tx): SaveAnswersResult => {
		const run = tx
			.select({ status: standupRuns.status })
			.from(standupRuns)
			.where(and(eq(standupRuns.id, runId), eq(standupRuns.standupId, detail.standup.id)))
			.get();
		if (!run || run.status !== 'open') return { ok: false, reason: 'locked' };
		const previous = tx
			.select({ submittedAt: standupAnswers.submittedAt })
			.from(standupAnswers)
			.where(and(eq(standupAnswers.runId, runId), eq(standupAnswers.userId, userId)))
			.get();
		const answers = detail.questions.map((question) => ({
			questionId: question.id,
			question: question.text,
			text: (texts[question.id] ?? '').trim()
		}));
		// Saving a draft over submitted answers keeps them counted as answered.
		const submittedAt = submit ? new Date(now) : (previous?.submittedAt ?? null);
		// An empty draft is harmless (nothing is counted), but answers counted as given are not empty,
		// be they sent now or emptied after being sent.
		if (submittedAt !== null && answers.every((answer) => answer.text === '')) {
			return { ok: false, reason: 'empty' };
		}
		tx.insert(standupAnswers)
			.values({ runId, userId, answers, submittedAt, updatedAt: new Date(now) })
			.onConflictDoUpdate({
				target: [standupAnswers.runId, standupAnswers.userId],
				set: { answers, submittedAt, updatedAt: new Date(now) }
			})
			.run();
		return { ok: true };
	});
}
