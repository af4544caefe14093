import { sql } from 'drizzle-orm';
import {
	blob,
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { documentKinds, placeKinds, roles, roomKinds } from '../../vocabulary';

// The enums of the columns below are the shared vocabulary the pages use too.
export {
	documentKinds,
	placeKinds,
	roles,
	roomKinds,
	type DocumentKind,
	type PlaceKind,
	type Role,
	type RoomKind
} from '../../vocabulary';
export const locales = ['en', 'fr'] as const;
export type Locale = (typeof locales)[number];

const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	/** Stored lower-cased, so uniqueness ignores case. */
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	locale: text('locale', { enum: locales }),
	createdAt: createdAt()
});

export const sessions = sqliteTable(
	'sessions',
	{
		/** SHA-256 (hex) of the token held in the cookie: a stolen database holds no usable token. */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		createdAt: createdAt(),
		lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
		userAgent: text('user_agent').notNull().default(''),
		ipAddress: text('ip_address').notNull().default('')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** One-time links that set a new password; sent by email, or handed over by an owner or the operator. */
export const passwordResets = sqliteTable(
	'password_resets',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** SHA-256 (hex) of the token in the link: the database never holds a usable link. */
		tokenHash: text('token_hash').notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** Set when the link is used; a used link is refused ever after. */
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		/** The owner who created the link for a member; null for emailed and operator links. */
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('password_resets_token_idx').on(t.tokenHash),
		index('password_resets_user_idx').on(t.userId)
	]
);

export const companies = sqliteTable('companies', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	slug: text('slug').notNull().unique(),
	createdAt: createdAt()
});

/** A house exists on its own so that several companies can share one (company_houses). */
export const houses = sqliteTable('houses', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	commune: text('commune').notNull(),
	address: text('address').notNull().default(''),
	seats: integer('seats').notNull(),
	timeZone: text('time_zone').notNull(),
	/** Running cost in euro cents per month, shared later pro rata of person-days. */
	monthlyCostCents: integer('monthly_cost_cents').notNull().default(0),
	archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
	createdAt: createdAt()
});

export const companyHouses = sqliteTable(
	'company_houses',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id, { onDelete: 'cascade' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.companyId, t.houseId] }),
		index('company_houses_house_idx').on(t.houseId)
	]
);

export const memberships = sqliteTable(
	'memberships',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: roles }).notNull(),
		homeHouseId: text('home_house_id').references(() => houses.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.companyId, t.userId] }),
		index('memberships_user_idx').on(t.userId)
	]
);

export const invitations = sqliteTable(
	'invitations',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		/** SHA-256 (hex) of the token in the link. */
		tokenHash: text('token_hash').notNull(),
		role: text('role', { enum: roles }).notNull(),
		/** When set, only a user with this (lower-cased) email may accept. */
		email: text('email'),
		/** null = any number of uses until expiry. */
		maxUses: integer('max_uses'),
		uses: integer('uses').notNull().default(0),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('invitations_token_idx').on(t.tokenHash),
		index('invitations_company_idx').on(t.companyId)
	]
);

export const auditActions = [
	'company.created',
	'member.joined',
	'member.role_changed',
	'member.removed',
	'member.left',
	'member.reset_link_created',
	'invitation.created',
	'invitation.revoked',
	'house.created',
	'house.updated',
	'house.archived',
	'house.unarchived',
	'document.created',
	'document.archived',
	'document.unarchived',
	'document.deleted',
	'document.restored',
	'standup.created',
	'standup.updated',
	'standup.archived'
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEvents = sqliteTable(
	'audit_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		action: text('action', { enum: auditActions }).notNull(),
		/** What the action was about, kept as text so the log survives deletions. */
		subject: text('subject').notNull().default(''),
		details: text('details', { mode: 'json' }).$type<Record<string, string | number | null>>(),
		createdAt: createdAt()
	},
	(t) => [index('audit_company_idx').on(t.companyId, t.createdAt)]
);

export const documents = sqliteTable(
	'documents',
	{
		id: text('id').primaryKey(),
		/**
		 * A small integer naming the document in document_updates, whose rows must stay lean (one
		 * row per keystroke batch). Set on insert; nullable only because SQLite cannot add a NOT NULL
		 * column to a table with rows, and recreating `documents` would cascade-delete its children.
		 */
		logKey: integer('log_key').unique(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		kind: text('kind', { enum: documentKinds }).notNull(),
		/** Archived documents are served read-only. */
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		/** Last time content changed (not the title), for "sort by last edit". */
		editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
		lastEditorId: text('last_editor_id').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('documents_company_idx').on(t.companyId, t.editedAt)]
);

/**
 * Append-only Yjs updates since the document's snapshot: one row per update, so each row holds
 * only what replaying needs (an integer document key and the bytes; ~10 bytes of overhead on a
 * ~30-byte keystroke). No index on document_key: the table only ever holds the uncompacted tail
 * of loaded documents (each is compacted every few hundred updates, when it unloads, and at
 * start-up after a crash), and every read is a rowid range scan from the snapshot's
 * up_to_update_id. A new update must never get an id at or below its document's
 * up_to_update_id, even when compaction has deleted the rows with the highest ids: the store
 * gives it an id above both (see storeChanges). Not AUTOINCREMENT, which would do the same for
 * every document at once but writes its sqlite_sequence page in every commit, and this commit
 * sits on every update's way to the other clients.
 */
export const documentUpdates = sqliteTable('document_updates', {
	id: integer('id').primaryKey(),
	documentKey: integer('document_key')
		.notNull()
		.references(() => documents.logKey, { onDelete: 'cascade' }),
	update: blob('update', { mode: 'buffer' }).notNull()
});

/** The compacted state: every update with id <= upToUpdateId is merged into `state`. */
export const documentSnapshots = sqliteTable('document_snapshots', {
	documentId: text('document_id')
		.primaryKey()
		.references(() => documents.id, { onDelete: 'cascade' }),
	state: blob('state', { mode: 'buffer' }).notNull(),
	upToUpdateId: integer('up_to_update_id').notNull(),
	createdAt: createdAt()
});

export const documentVersionKinds = ['auto', 'named'] as const;

export const documentVersions = sqliteTable(
	'document_versions',
	{
		id: text('id').primaryKey(),
		documentId: text('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: documentVersionKinds }).notNull(),
		/** null for automatic versions. */
		name: text('name'),
		/** Full Yjs state (Y.encodeStateAsUpdate) at that moment. */
		state: blob('state', { mode: 'buffer' }).notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('document_versions_doc_idx').on(t.documentId, t.createdAt)]
);

export const roomAccesses = ['everyone', 'invited'] as const;
export type RoomAccess = (typeof roomAccesses)[number];

/** A video room of a company; its LiveKit name is derived from ids, never from free text. */
export const rooms = sqliteTable(
	'rooms',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: roomKinds }).notNull(),
		/** The house of a house room. */
		houseId: text('house_id').references(() => houses.id, { onDelete: 'cascade' }),
		/** Permanent rooms ('all_hands', 'house:<id>') exist once per company; null for meetings. */
		slot: text('slot'),
		/** Meeting rooms only: house rooms take their house's name, the all-hands room its label. */
		name: text('name').notNull().default(''),
		description: text('description').notNull().default(''),
		access: text('access', { enum: roomAccesses }).notNull().default('everyone'),
		livekitName: text('livekit_name').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('rooms_livekit_name_idx').on(t.livekitName),
		uniqueIndex('rooms_slot_idx').on(t.companyId, t.slot),
		index('rooms_company_idx').on(t.companyId)
	]
);

/** Who may enter a meeting room open to chosen people (its creator always may). */
export const roomInvitees = sqliteTable(
	'room_invitees',
	{
		roomId: text('room_id')
			.notNull()
			.references(() => rooms.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.roomId, t.userId] })]
);

/** Who is in which room right now, from LiveKit webhooks, reconciled with the media server. */
export const roomPresence = sqliteTable(
	'room_presence',
	{
		roomId: text('room_id')
			.notNull()
			.references(() => rooms.id, { onDelete: 'cascade' }),
		/** LiveKit identity = user id (no foreign key: a webhook may name a user since deleted). */
		identity: text('identity').notNull(),
		participantSid: text('participant_sid').notNull(),
		name: text('name').notNull(),
		houseId: text('house_id'),
		/** This participant is a house's room device (carries the room's camera and microphone). */
		roomDevice: integer('room_device', { mode: 'boolean' }).notNull().default(false),
		joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.roomId, t.identity] })]
);

/** LiveKit webhook events already applied, so a retried or replayed event changes nothing. */
export const livekitWebhookEvents = sqliteTable(
	'livekit_webhook_events',
	{
		id: text('id').primaryKey(),
		event: text('event').notNull(),
		/** The participant it was about: a late "joined" after its "left" is not applied. */
		participantSid: text('participant_sid'),
		/** When LiveKit says the event happened. */
		eventAt: integer('event_at', { mode: 'timestamp_ms' }).notNull(),
		receivedAt: integer('received_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`)
	},
	(t) => [
		index('livekit_webhook_events_received_idx').on(t.receivedAt),
		index('livekit_webhook_events_participant_idx').on(t.participantSid, t.event)
	]
);

/** A room's chat, sent over LiveKit data messages and saved by the sender through the app. */
export const roomChatMessages = sqliteTable(
	'room_chat_messages',
	{
		id: text('id').primaryKey(),
		roomId: text('room_id')
			.notNull()
			.references(() => rooms.id, { onDelete: 'cascade' }),
		userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
		/** The sender's id for the message, shared with the data message, so a retry saves it once. */
		clientId: text('client_id').notNull(),
		body: text('body').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('room_chat_client_idx').on(t.roomId, t.clientId),
		index('room_chat_room_idx').on(t.roomId, t.createdAt)
	]
);

export const standupAudiences = ['everyone', 'houses', 'people'] as const;
export type StandupAudience = (typeof standupAudiences)[number];
export const standupRunners = ['managers', 'participants'] as const;
export type StandupRunners = (typeof standupRunners)[number];

/** A recurring stand-up: who takes part, when (days + time in a time zone) and who runs it. */
export const standups = sqliteTable(
	'standups',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
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
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [index('standups_company_idx').on(t.companyId)]
);

/** The houses of an `audience = 'houses'` stand-up: their home members take part. */
export const standupHouses = sqliteTable(
	'standup_houses',
	{
		standupId: text('standup_id')
			.notNull()
			.references(() => standups.id, { onDelete: 'cascade' }),
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.standupId, t.houseId] })]
);

/** The chosen people of an `audience = 'people'` stand-up. */
export const standupParticipants = sqliteTable(
	'standup_participants',
	{
		standupId: text('standup_id')
			.notNull()
			.references(() => standups.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.standupId, t.userId] })]
);

export const standupQuestions = sqliteTable(
	'standup_questions',
	{
		id: text('id').primaryKey(),
		standupId: text('standup_id')
			.notNull()
			.references(() => standups.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		text: text('text').notNull()
	},
	(t) => [index('standup_questions_standup_idx').on(t.standupId, t.position)]
);

export const standupRunStatuses = ['open', 'live', 'ended'] as const;

/**
 * One occurrence of a stand-up (its date in the stand-up's time zone): answers collect against it,
 * then its live round runs. `state` is the whole round (speaking order, current speaker, runner),
 * rewritten in one transaction per command, so whoever takes over finds it as it was.
 */
export const standupRuns = sqliteTable(
	'standup_runs',
	{
		id: text('id').primaryKey(),
		standupId: text('standup_id')
			.notNull()
			.references(() => standups.id, { onDelete: 'cascade' }),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		date: text('date').notNull(),
		/** The scheduled start. */
		startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
		status: text('status', { enum: standupRunStatuses }).notNull(),
		state: text('state', { mode: 'json' }).notNull(),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }),
		endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
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
		runId: text('run_id')
			.notNull()
			.references(() => standupRuns.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The question's text is kept with the answer, so later edits of the questions change nothing. */
		answers: text('answers', { mode: 'json' })
			.$type<Array<{ questionId: string; question: string; text: string }>>()
			.notNull(),
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.runId, t.userId] })]
);

/** Who was expected at an ended run, from which house, whether they came and answered in time. */
export const standupAttendance = sqliteTable(
	'standup_attendance',
	{
		runId: text('run_id')
			.notNull()
			.references(() => standupRuns.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
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
		runId: text('run_id')
			.notNull()
			.references(() => standupRuns.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
		/** null while they are still there. */
		leftAt: integer('left_at', { mode: 'timestamp_ms' })
	},
	(t) => [primaryKey({ columns: [t.runId, t.userId, t.joinedAt] })]
);

export const blockerStates = ['open', 'resolved'] as const;

/** Something in someone's way, raised at a run and carried over to the next runs until resolved. */
export const blockers = sqliteTable(
	'blockers',
	{
		id: text('id').primaryKey(),
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		standupId: text('standup_id')
			.notNull()
			.references(() => standups.id, { onDelete: 'cascade' }),
		raisedInRunId: text('raised_in_run_id').references(() => standupRuns.id, {
			onDelete: 'set null'
		}),
		text: text('text').notNull(),
		ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
		state: text('state', { enum: blockerStates }).notNull(),
		resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
		resolvedInRunId: text('resolved_in_run_id').references(() => standupRuns.id, {
			onDelete: 'set null'
		}),
		resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('blockers_standup_idx').on(t.standupId, t.state)]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type PasswordReset = typeof passwordResets.$inferSelect;
export type Company = typeof companies.$inferSelect;
export type House = typeof houses.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type Document = typeof documents.$inferSelect;
export type DocumentVersion = typeof documentVersions.$inferSelect;
export type Standup = typeof standups.$inferSelect;
export type StandupRun = typeof standupRuns.$inferSelect;
export type Blocker = typeof blockers.$inferSelect;
export type Room = typeof rooms.$inferSelect;
export type RoomPresence = typeof roomPresence.$inferSelect;
export type RoomChatMessage = typeof roomChatMessages.$inferSelect;

// ── Presence: where people work, day by day ─────────────────────────────────────────────────

/** `day` covers the whole day; a day is either one `day` row or `am` and/or `pm` rows. */
export const dayHalves = ['day', 'am', 'pm'] as const;
export type DayHalf = (typeof dayHalves)[number];

/**
 * One member's explicit plan (or check-in) for a date, overriding their recurring pattern. The
 * house and the company are both kept: a shared house's running cost is split between companies
 * pro rata of their person-days, which is a sum over (house_id, date) across companies.
 */
export const dayPlans = sqliteTable(
	'day_plans',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Calendar date (YYYY-MM-DD) in the time zone of the person's house that day. */
		date: text('date').notNull(),
		half: text('half', { enum: dayHalves }).notNull(),
		kind: text('kind', { enum: placeKinds }).notNull(),
		/** Set when kind = house. A house that gets deleted turns the plan into "not set". */
		houseId: text('house_id').references(() => houses.id, { onDelete: 'cascade' }),
		note: text('note').notNull().default(''),
		/** When the person checked in there (QR code or "I'm here"), null for a mere plan. */
		checkedInAt: integer('checked_in_at', { mode: 'timestamp_ms' }),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.companyId, t.userId, t.date, t.half] }),
		index('day_plans_company_date_idx').on(t.companyId, t.date),
		index('day_plans_house_date_idx').on(t.houseId, t.date)
	]
);

/**
 * A recurring weekly pattern ("Mon–Tue at the Murat house"): the row with the latest valid_from
 * on or before a date applies to that weekday, so a change affects the weeks from valid_from on
 * and leaves earlier weeks (and the reports on them) as they were. kind = null clears the day.
 */
export const planPatterns = sqliteTable(
	'plan_patterns',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** ISO weekday, 1 = Monday … 7 = Sunday. */
		weekday: integer('weekday').notNull(),
		/** First date (YYYY-MM-DD, a Monday) this row applies to. */
		validFrom: text('valid_from').notNull(),
		kind: text('kind', { enum: placeKinds }),
		houseId: text('house_id').references(() => houses.id, { onDelete: 'cascade' }),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.companyId, t.userId, t.weekday, t.validFrom] })]
);

/** A person's status in a company: text and emoji, do-not-disturb, gone at the end of their day. */
export const statuses = sqliteTable(
	'statuses',
	{
		companyId: text('company_id')
			.notNull()
			.references(() => companies.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		text: text('text').notNull().default(''),
		emoji: text('emoji').notNull().default(''),
		dndUntil: integer('dnd_until', { mode: 'timestamp_ms' }),
		/** End of the day it was set on, in the person's time zone; ignored (and swept) after. */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.companyId, t.userId] }),
		index('statuses_expiry_idx').on(t.expiresAt)
	]
);

export type DayPlan = typeof dayPlans.$inferSelect;
export type PlanPattern = typeof planPatterns.$inferSelect;
export type Status = typeof statuses.$inferSelect;
