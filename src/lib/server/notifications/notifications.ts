// The notification centre: notify() writes one row per person for an event and delivers it live
// to that person's open tabs, and only theirs. Relative imports (no $lib): the collaboration
// server, built outside SvelteKit, notifies of mentions through this module too.
import { and, count, desc, eq, gt, inArray, isNull, or, sql, type Placeholder } from 'drizzle-orm';
import { formatMonth } from '../../format';
import { m } from '../../paraglide/messages';
import type { NotificationView } from '../../live-events';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import {
	companies,
	memberships,
	notificationChannels,
	notificationPreferences,
	notifications,
	statuses,
	users,
	type Locale,
	type NotificationChannel,
	type NotificationKind
} from '../db/schema';
import { newId } from '../ids';
import { publishPersonalEvent } from '../live/hub';
import { channelEnabled } from './channel-defaults';
import { pushNotification } from './push';

export type NotifyEvent = {
	/** The company it happened in; null for what belongs to no company's space. */
	companyId: string | null;
	/** What the text needs; see notificationText. */
	payload: Record<string, string>;
	/** The path following the notification leads to. */
	link: string;
	/** Names the event: notifying the same person of the same key again does nothing. */
	dedupeKey: string;
};

type Row = typeof notifications.$inferSelect;

/** The notification's sentence in `locale`, from what was kept when it happened. */
export function notificationText(
	kind: NotificationKind,
	payload: Record<string, string>,
	locale: Locale
): string {
	const p = (key: string) => payload[key] ?? '';
	const t = { locale };
	switch (kind) {
		case 'mention':
			return m.notifications_kind_mention({ actor: p('actor'), title: p('title') }, t);
		case 'task_assigned':
			return m.notifications_kind_task_assigned(
				{ actor: p('actor'), task: p('task'), title: p('title') },
				t
			);
		case 'standup_open':
			return m.notifications_kind_standup_open({ standup: p('standup') }, t);
		case 'standup_live':
			return m.notifications_kind_standup_live({ standup: p('standup') }, t);
		case 'blocker_carried':
			return m.notifications_kind_blocker_carried(
				{ blocker: p('blocker'), standup: p('standup') },
				t
			);
		case 'room_invite':
			return m.notifications_kind_room_invite({ actor: p('actor'), room: p('room') }, t);
		case 'house_room_joined':
			return m.notifications_kind_house_room_joined({ name: p('name'), room: p('room') }, t);
		case 'statement_ready':
			return m.notifications_kind_statement_ready(
				{ month: formatMonth(p('month'), { locale }), house: p('house') },
				t
			);
		case 'knock':
			return m.notifications_kind_knock({ actor: p('actor') }, t);
	}
}

function view(row: Row, locale: Locale): NotificationView {
	return {
		id: row.id,
		kind: row.kind,
		text: notificationText(row.kind, row.payload, locale),
		link: row.link,
		createdAt: row.createdAt.getTime(),
		read: row.readAt !== null
	};
}

/** Channels off for a kind: turned off by the person, or off by default (channel-defaults.ts). */
export function disabledChannels(userId: string, kind: NotificationKind): Set<NotificationChannel> {
	const rows = getDb()
		.select()
		.from(notificationPreferences)
		.where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, kind)))
		.all();
	return new Set(notificationChannels.filter((channel) => !channelEnabled(kind, channel, rows)));
}

/** Has the person asked not to be disturbed, in any of their companies, right now? */
export function doNotDisturb(userId: string, now = Date.now()): boolean {
	const row = getDb()
		.select({ one: sql<number>`1` })
		.from(statuses)
		.where(
			and(
				eq(statuses.userId, userId),
				gt(statuses.dndUntil, new Date(now)),
				gt(statuses.expiresAt, new Date(now))
			)
		)
		.get();
	return row !== undefined;
}

/** The company's slug, for the links notifications carry (empty when it is gone). */
export function companySlug(companyId: string): string {
	return (
		getDb()
			.select({ slug: companies.slug })
			.from(companies)
			.where(eq(companies.id, companyId))
			.get()?.slug ?? ''
	);
}

/** A person's name as notifications quote it (empty when the account is gone). */
export function personName(userId: string | null): string {
	if (!userId) return '';
	return (
		getDb().select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? ''
	);
}

/** Only notifications of the companies they are still a member of (or of no company). */
export const visibleTo = (userId: string | Placeholder) =>
	and(
		eq(notifications.userId, userId),
		or(
			isNull(notifications.companyId),
			inArray(
				notifications.companyId,
				getDb()
					.select({ id: memberships.companyId })
					.from(memberships)
					.where(eq(memberships.userId, userId))
			)
		)
	);

/**
 * Notifies each of `userIds` of one event: a row in their centre (unless they turned the kind
 * off), delivered at once to their open tabs of that company. Returns who was notified now:
 * people already notified of the same event (`dedupeKey`) are not again.
 */
export function notify(
	userIds: Iterable<string>,
	kind: NotificationKind,
	event: NotifyEvent
): string[] {
	const db = getDb();
	const written: Array<{ row: Row; off: Set<NotificationChannel> }> = [];
	db.transaction((tx) => {
		for (const userId of new Set(userIds)) {
			// Read once per person: delivery needs the same choices for push and the ring.
			const off = disabledChannels(userId, kind);
			if (off.has('in_app')) continue;
			const row = tx
				.insert(notifications)
				.values({
					id: newId(),
					userId,
					companyId: event.companyId,
					kind,
					payload: event.payload,
					link: event.link,
					dedupeKey: event.dedupeKey
				})
				.onConflictDoNothing()
				.returning()
				.get();
			if (row) written.push({ row, off });
		}
	});
	for (const { row, off } of written) deliver(row, off);
	return written.map(({ row }) => row.userId);
}

/**
 * Sends a new notification to the person's open tabs (their company's stream, them only) and
 * their devices. `off` is the person's disabledChannels for its kind.
 */
function deliver(row: Row, off: ReadonlySet<NotificationChannel>): void {
	const locale =
		getDb().select({ locale: users.locale }).from(users).where(eq(users.id, row.userId)).get()
			?.locale ?? 'en';
	const shown = view(row, locale);
	// Neither push nor the ring (a browser notification) when they turned it off or asked not to
	// be disturbed: the notification still waits in the centre.
	const quiet = doNotDisturb(row.userId);
	// Web Push to their devices when no tab of theirs rings (never waits, never throws).
	if (!off.has('push') && !quiet) pushNotification(row, shown.text);
	if (row.companyId === null) return;
	publishPersonalEvent(row.companyId, row.userId, {
		type: 'notification',
		notification: shown,
		unread: unreadCount(row.userId),
		ring: !off.has('browser') && !quiet
	});
}

export function unreadCount(userId: string): number {
	// Every page's layout asks: built once (see prepared.ts).
	const statement = prepared(getDb(), 'notifications-unread-count', (db) =>
		db
			.select({ n: count() })
			.from(notifications)
			.where(and(visibleTo(sql.placeholder('userId')), isNull(notifications.readAt)))
			.prepare()
	);
	return statement.get({ userId })?.n ?? 0;
}

/** The person's latest notifications, newest first, in their language. */
export function listNotifications(userId: string, locale: Locale, limit = 50): NotificationView[] {
	return (
		getDb()
			.select()
			.from(notifications)
			.where(visibleTo(userId))
			// Ids are random: two in the same millisecond keep the order they were written in.
			.orderBy(desc(notifications.createdAt), desc(sql`${notifications}.rowid`))
			.limit(limit)
			.all()
			.map((row) => view(row, locale))
	);
}

/** Marks one of the person's notifications read; false when it is not theirs. */
export function markRead(userId: string, id: string, now = Date.now()): boolean {
	const result = getDb()
		.update(notifications)
		.set({ readAt: new Date(now) })
		.where(
			and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt))
		)
		.run();
	return result.changes > 0;
}

export function markAllRead(userId: string, now = Date.now()): number {
	return getDb()
		.update(notifications)
		.set({ readAt: new Date(now) })
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
		.run().changes;
}

/** The person's saved choices (kind × channel); what has no row follows channel-defaults.ts. */
export function notificationPreferencesOf(userId: string) {
	return getDb()
		.select()
		.from(notificationPreferences)
		.where(eq(notificationPreferences.userId, userId))
		.all();
}

/** Saves the person's choices (kind × channel), all in one transaction. */
export function saveNotificationPreferences(
	userId: string,
	choices: Array<{ kind: NotificationKind; channel: NotificationChannel; enabled: boolean }>
): void {
	getDb().transaction((tx) => {
		for (const { kind, channel, enabled } of choices) {
			tx.insert(notificationPreferences)
				.values({ userId, kind, channel, enabled })
				.onConflictDoUpdate({
					target: [
						notificationPreferences.userId,
						notificationPreferences.kind,
						notificationPreferences.channel
					],
					set: { enabled }
				})
				.run();
		}
	});
}

export function setNotificationPreference(
	userId: string,
	kind: NotificationKind,
	channel: NotificationChannel,
	enabled: boolean
): void {
	saveNotificationPreferences(userId, [{ kind, channel, enabled }]);
}

/**
 * Marks one of the person's notifications read and returns where it leads, or null when it is
 * not theirs. Links are paths the server wrote; anything else leads home.
 */
export function openNotification(userId: string, id: string, now = Date.now()): string | null {
	const row = getDb()
		.select({ link: notifications.link, readAt: notifications.readAt })
		.from(notifications)
		.where(and(eq(notifications.id, id), visibleTo(userId)))
		.get();
	if (!row) return null;
	if (row.readAt === null) markRead(userId, id, now);
	return row.link.startsWith('/') && !row.link.startsWith('//') ? row.link : '/';
}
