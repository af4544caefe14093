// Stand-ups: the recurring meeting, each of its runs, the answers and attendance of a run, and
// the blockers carried from run to run.
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { userId, userRef } from './accounts';
import { belongsTo, createdAt, timestamp } from './columns';
import { companyId } from './companies';
import { documents } from './documents';
import { houses } from './houses';

export const standupAudiences = ['everyone', 'houses', 'people'] as const;
export type StandupAudience = (typeof standupAudiences)[number];
export const standupRunners = ['managers', 'participants'] as const;
export type StandupRunners = (typeof standupRunners)[number];

/** A recurring stand-up: who takes part, when (days + time in a time zone) and who runs it. */
export const standups = sqliteTable(
	'standups',
	{
		id: text('id').primaryKey(),
		companyId: companyId(),
		name: text('name').notNull(),
		/** everyone in the company, the people whose home is one of standup_houses, or standup_participants. */
		audience: text('audience', { enum: standupAudiences }).notNull(),
		/** ISO weekdays it is held (1 = Monday). */
		days: text('days', { mode: 'json' }).$type<number[]>().notNull(),
		/** Wall-clock `HH:MM` in `time_zone`. */
		time: text('time').notNull(),
		timeZone: text('time_zone').notNull(),
		speakerSeconds: integer('speaker_seconds').notNull(),
		/** Who may start and run the live round besides managers. */
		runners: text('runners', { enum: standupRunners }).notNull(),
		/** How long before the start participants see the card and answer. */
		opensMinutesBefore: integer('opens_minutes_before').notNull(),
		/** The stand-up's video room (rooms.id) once the video rooms exist. */
		roomId: text('room_id'),
		createdBy: userRef('created_by'),
		archivedAt: timestamp('archived_at'),
		createdAt: createdAt()
	},
	(t) => [index('standups_company_idx').on(t.companyId)]
);

/** The houses of an `audience = 'houses'` stand-up: their home members take part. */
export const standupHouses = sqliteTable(
	'standup_houses',
	{
		standupId: belongsTo('standup_id', () => standups.id),
		houseId: belongsTo('house_id', () => houses.id)
	},
	(t) => [primaryKey({ columns: [t.standupId, t.houseId] })]
);

/** The chosen people of an `audience = 'people'` stand-up. */
export const standupParticipants = sqliteTable(
	'standup_participants',
	{
		standupId: belongsTo('standup_id', () => standups.id),
		userId: userId()
	},
	(t) => [primaryKey({ columns: [t.standupId, t.userId] })]
);

export const standupQuestions = sqliteTable(
	'standup_questions',
	{
		id: text('id').primaryKey(),
		standupId: belongsTo('standup_id', () => standups.id),
		position: integer('position').notNull(),
		text: text('text').notNull()
	},
	(t) => [index('standup_questions_standup_idx').on(t.standupId, t.position)]
);

/** not_held: nobody started it before its last start (its written answers are kept in notes). */
export const standupRunStatuses = ['open', 'live', 'ended', 'not_held'] as const;

/**
 * One occurrence of a stand-up (its date in the stand-up's time zone): answers collect against it,
 * then its live round runs. `state` is the whole round (speaking order, current speaker, runner),
 * rewritten in one transaction per command, so whoever takes over finds it as it was.
 */
export const standupRuns = sqliteTable(
	'standup_runs',
	{
		id: text('id').primaryKey(),
		standupId: belongsTo('standup_id', () => standups.id),
		companyId: companyId(),
		date: text('date').notNull(),
		/** The scheduled start. */
		startsAt: timestamp('starts_at').notNull(),
		status: text('status', { enum: standupRunStatuses }).notNull(),
		state: text('state', { mode: 'json' }).notNull(),
		startedAt: timestamp('started_at'),
		endedAt: timestamp('ended_at'),
		summaryDocumentId: text('summary_document_id').references(() => documents.id, {
			onDelete: 'set null'
		}),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('standup_runs_date_idx').on(t.standupId, t.date)]
);

/** A participant's written answers for one run: a draft until submitted, editable until the start. */
export const standupAnswers = sqliteTable(
	'standup_answers',
	{
		runId: belongsTo('run_id', () => standupRuns.id),
		userId: userId(),
		/** The question's text is kept with the answer, so later edits of the questions change nothing. */
		answers: text('answers', { mode: 'json' })
			.$type<Array<{ questionId: string; question: string; text: string }>>()
			.notNull(),
		submittedAt: timestamp('submitted_at'),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.runId, t.userId] })]
);

/** Who was expected at an ended run, from which house, whether they came and answered in time. */
export const standupAttendance = sqliteTable(
	'standup_attendance',
	{
		runId: belongsTo('run_id', () => standupRuns.id),
		userId: userId(),
		/** Their house at the time (no foreign key: history outlives an archived or deleted house). */
		houseId: text('house_id'),
		houseName: text('house_name'),
		/** Was in the stand-up's video room during the live round (from start to end). */
		attended: integer('attended', { mode: 'boolean' }).notNull(),
		/** Attended, but first came after their turn in the speaking order had come. */
		late: integer('late', { mode: 'boolean' }).notNull().default(false),
		answeredOnTime: integer('answered_on_time', { mode: 'boolean' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.runId, t.userId] })]
);

/**
 * Each stay of a person in a stand-up's video room while one of its runs was due, copied from
 * room_presence as the LiveKit webhooks move it (room_presence only knows who is there now):
 * attendance is read from these, between the start and the end of the round.
 */
export const standupVisits = sqliteTable(
	'standup_visits',
	{
		runId: belongsTo('run_id', () => standupRuns.id),
		userId: userId(),
		joinedAt: timestamp('joined_at').notNull(),
		/** null while they are still there. */
		leftAt: timestamp('left_at')
	},
	(t) => [primaryKey({ columns: [t.runId, t.userId, t.joinedAt] })]
);

export const blockerStates = ['open', 'resolved'] as const;

/** Something in someone's way, raised at a run and carried over to the next runs until resolved. */
export const blockers = sqliteTable(
	'blockers',
	{
		id: text('id').primaryKey(),
		companyId: companyId(),
		standupId: belongsTo('standup_id', () => standups.id),
		raisedInRunId: text('raised_in_run_id').references(() => standupRuns.id, {
			onDelete: 'set null'
		}),
		text: text('text').notNull(),
		ownerId: userRef('owner_id'),
		state: text('state', { enum: blockerStates }).notNull(),
		resolvedAt: timestamp('resolved_at'),
		resolvedInRunId: text('resolved_in_run_id').references(() => standupRuns.id, {
			onDelete: 'set null'
		}),
		resolvedBy: userRef('resolved_by'),
		createdBy: userRef('created_by'),
		createdAt: createdAt()
	},
	(t) => [index('blockers_standup_idx').on(t.standupId, t.state)]
);

export type Standup = typeof standups.$inferSelect;
export type StandupRun = typeof standupRuns.$inferSelect;
export type Blocker = typeof blockers.$inferSelect;
