// People and how they prove who they are: accounts, sessions, password-reset links.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { belongsTo, createdAt, timestamp } from './columns';

export const locales = ['en', 'fr'] as const;
export type Locale = (typeof locales)[number];

export const themes = ['light', 'dark'] as const;
export type Theme = (typeof themes)[number];

export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	/** Stored lower-cased, so uniqueness ignores case. */
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	locale: text('locale', { enum: locales }),
	/**
	 * Listed in the directory of the houses they work in: the house's operator then sees their
	 * name when they are on site. Off by default: otherwise an operator sees counts only.
	 */
	houseDirectory: integer('house_directory', { mode: 'boolean' }).notNull().default(false),
	/** Light or dark pages; null follows the system (prefers-color-scheme). */
	theme: text('theme', { enum: themes }),
	/**
	 * The person's own IANA time zone, for "today" and times when no house of theirs says
	 * otherwise; null until set (the browser's zone is proposed).
	 */
	timeZone: text('time_zone'),
	createdAt: createdAt()
});

/** The person a row belongs to (`user_id`): deleting the account deletes the row. */
export const userId = () => belongsTo('user_id', () => users.id);

/** A person a row mentions (its author, say): deleting the account leaves the row, with null here. */
export const userRef = <TName extends string>(name: TName) =>
	text(name).references(() => users.id, { onDelete: 'set null' });

export const sessions = sqliteTable(
	'sessions',
	{
		/** SHA-256 (hex) of the token held in the cookie: a stolen database holds no usable token. */
		id: text('id').primaryKey(),
		userId: userId(),
		expiresAt: timestamp('expires_at').notNull(),
		createdAt: createdAt(),
		lastSeenAt: timestamp('last_seen_at').notNull(),
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
		userId: userId(),
		/** SHA-256 (hex) of the token in the link: the database never holds a usable link. */
		tokenHash: text('token_hash').notNull(),
		expiresAt: timestamp('expires_at').notNull(),
		/** Set when the link is used; a used link is refused ever after. */
		usedAt: timestamp('used_at'),
		/** The owner who created the link for a member; null for emailed and operator links. */
		createdBy: userRef('created_by'),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('password_resets_token_idx').on(t.tokenHash),
		index('password_resets_user_idx').on(t.userId)
	]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type PasswordReset = typeof passwordResets.$inferSelect;

/**
 * A person's private calendar feed (iCalendar): its URL carries a secret token, of which only the
 * SHA-256 is kept; resetting the feed replaces the row, and the old URL stops working at once.
 */
export const calendarFeeds = sqliteTable('calendar_feeds', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** SHA-256 (hex) of the token in the feed's URL. */
	tokenHash: text('token_hash').notNull().unique(),
	/** Also list the person's week plan as all-day events ("Maison Murat"). */
	includePlans: integer('include_plans', { mode: 'boolean' }).notNull().default(false),
	createdAt: createdAt()
});

export type CalendarFeed = typeof calendarFeeds.$inferSelect;
