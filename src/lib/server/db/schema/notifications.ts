// Notifications: what the centre (the bell) lists for one person, and which channels they want
// for each kind.
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { userId } from './accounts';
import { createdAt, timestamp } from './columns';
import { companies } from './companies';

export const notificationKinds = [
	'mention',
	'task_assigned',
	'standup_open',
	'standup_live',
	'blocker_carried',
	'room_invite',
	'house_room_joined',
	'statement_ready',
	'knock'
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationChannels = ['in_app', 'browser', 'push', 'email'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export const notifications = sqliteTable(
	'notifications',
	{
		id: text('id').primaryKey(),
		userId: userId(),
		/** The company it is about; null for kinds that belong to no company's space. */
		companyId: text('company_id').references(() => companies.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: notificationKinds }).notNull(),
		/** What the text needs (names, titles), kept as they were when it happened. */
		payload: text('payload', { mode: 'json' }).$type<Record<string, string>>().notNull(),
		/** Where following it leads (a path in the app). */
		link: text('link').notNull(),
		/** Names the event: the same event never notifies the same person twice. */
		dedupeKey: text('dedupe_key').notNull(),
		createdAt: createdAt(),
		readAt: timestamp('read_at')
	},
	(t) => [
		index('notifications_user_idx').on(t.userId, t.createdAt),
		uniqueIndex('notifications_dedupe_idx').on(t.userId, t.dedupeKey)
	]
);

/** A person's choice for one kind on one channel; no row means the default (on). */
export const notificationPreferences = sqliteTable(
	'notification_preferences',
	{
		userId: userId(),
		kind: text('kind', { enum: notificationKinds }).notNull(),
		channel: text('channel', { enum: notificationChannels }).notNull(),
		enabled: integer('enabled', { mode: 'boolean' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] })]
);
