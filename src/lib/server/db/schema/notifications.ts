// Notifications: what the centre (the bell) lists for one person, and which channels they want
// for each kind.
import { sql } from 'drizzle-orm';
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { userId, userRef } from './accounts';
import { createdAt, timestamp } from './columns';
import { companies } from './companies';

export const notificationKinds = [
	'mention',
	'task_assigned',
	'standup_open',
	'standup_live',
	'blocker_carried',
	'standup_not_held',
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
		/**
		 * Who did it (mentioned, invited, knocked, joined the room); null when no one did, or when
		 * their account is gone. The text reads their name from here when it is shown, so a deleted
		 * account's name leaves every colleague's notifications with it ("A former member").
		 */
		actorId: userRef('actor_id'),
		/**
		 * What the text needs besides who did it (titles, rooms), kept as they were when it
		 * happened. Rows written before `actor_id` (migration 0017) may still hold a name here.
		 */
		payload: text('payload', { mode: 'json' }).$type<Record<string, string>>().notNull(),
		/** Where following it leads (a path in the app). */
		link: text('link').notNull(),
		/** Names the event: the same event never notifies the same person twice. */
		dedupeKey: text('dedupe_key').notNull(),
		createdAt: createdAt(),
		readAt: timestamp('read_at'),
		/** When it went out by email (still unread then); null while it has not. */
		emailedAt: timestamp('emailed_at')
	},
	(t) => [
		index('notifications_user_idx').on(t.userId, t.createdAt),
		uniqueIndex('notifications_dedupe_idx').on(t.userId, t.dedupeKey),
		// The email sweep reads the notifications still unread and not yet emailed, oldest first.
		index('notifications_email_due_idx')
			.on(t.createdAt)
			.where(sql`${t.readAt} IS NULL AND ${t.emailedAt} IS NULL`)
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

/**
 * A browser's Web Push subscription (one per browser profile and person): where the push service
 * accepts messages for it and the keys its payloads are encrypted with (RFC 8291).
 */
export const pushSubscriptions = sqliteTable(
	'push_subscriptions',
	{
		id: text('id').primaryKey(),
		userId: userId(),
		/** The push service URL the browser gave; unique, a browser re-subscribing replaces it. */
		endpoint: text('endpoint').notNull(),
		/** The browser's P-256 public key and auth secret, base64url as the browser gave them. */
		p256dh: text('p256dh').notNull(),
		auth: text('auth').notNull(),
		/** The browser as the person would recognise it in their list ("Chrome on Android"). */
		userAgent: text('user_agent').notNull().default(''),
		createdAt: createdAt(),
		lastSuccessAt: timestamp('last_success_at'),
		/** Deliveries failed in a row; the subscription is dropped past a few (or at once on 404/410). */
		failures: integer('failures').notNull().default(0)
	},
	(t) => [
		uniqueIndex('push_subscriptions_endpoint_idx').on(t.endpoint),
		index('push_subscriptions_user_idx').on(t.userId)
	]
);
