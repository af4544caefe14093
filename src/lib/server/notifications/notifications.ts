// The notification centre: notify() writes one row per person for an event and delivers it live
// to that person's open tabs, and only theirs. Relative imports (no $lib): the collaboration
// server, built outside SvelteKit, notifies of mentions through this module too.
import { and, count, desc, eq, gt, inArray, isNull, or, sql, type Placeholder } from 'drizzle-orm';
import { elideFrench, formatDate, formatMonth } from '../../format';
import { m } from '../../paraglide/messages';
import type { NotificationView } from '../../live-events';
import { groupBy } from '../../group-by';
import { getDb, type Executor } from '../db';
import { inJsonArray, prepared } from '../db/prepared';
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
import { channelEnabled, type ChannelChoice } from './channel-defaults';
import { pushNotifications, type PushedNotification } from './push';

export type NotifyEvent = {
	/** The company it happened in; null for what belongs to no company's space. */
	companyId: string | null;
	/**
	 * Who did it, for the kinds whose text names someone (mention, task, room invitation, room
	 * joined, knock): the text reads their name when it is shown, never a copy of it.
	 */
	actorId?: string | null;
	/** What the text needs besides who did it (titles, rooms); see notificationText. */
	payload: Record<string, string>;
	/** The path following the notification leads to. */
	link: string;
	/** Names the event: notifying the same person of the same key again does nothing. */
	dedupeKey: string;
};

type Row = typeof notifications.$inferSelect;

/** The payload key where rows written before `actor_id` (migration 0017) keep the actor's name. */
const LEGACY_ACTOR_KEY: Partial<Record<NotificationKind, string>> = {
	mention: 'actor',
	task_assigned: 'actor',
	room_invite: 'actor',
	house_room_joined: 'name',
	knock: 'actor'
};

/**
 * Who did it, as the sentence names them: their name now (`actorName`, read through the row's
 * `actor_id`); else the name an older row kept in its payload; else no one is left to name —
 * their account was deleted — "A former member".
 */
function actorLabel(
	kind: NotificationKind,
	payload: Record<string, string>,
	actorName: string | null,
	locale: Locale,
	/** The name comes inside the sentence: "a former member", not "A former member". */
	midSentence = false
): string {
	if (actorName) return actorName;
	const key = LEGACY_ACTOR_KEY[kind];
	const kept = key ? payload[key] : undefined;
	if (kept) return kept;
	return midSentence
		? m.common_former_member({}, { locale })
		: m.notifications_former_member({}, { locale });
}

/**
 * The notification's sentence in `locale`, from what was kept when it happened and the name of
 * who did it now (`actorName`: null when the row has no actor, or their account is gone).
 */
export function notificationText(
	kind: NotificationKind,
	payload: Record<string, string>,
	locale: Locale,
	actorName: string | null = null
): string {
	const p = (key: string) => payload[key] ?? '';
	const actor = () => actorLabel(kind, payload, actorName, locale);
	const t = { locale };
	switch (kind) {
		case 'mention':
			return m.notifications_kind_mention({ actor: actor(), title: p('title') }, t);
		case 'task_assigned':
			return m.notifications_kind_task_assigned(
				{ actor: actor(), task: p('task'), title: p('title') },
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
		case 'standup_not_held':
			return m.notifications_kind_standup_not_held(
				{ standup: p('standup'), date: formatDate(p('date'), 'full', { locale }) },
				t
			);
		case 'room_invite': {
			// French says "Invitation de Léo" (or "d’Inès"): "Léo vous a invité" took every reader
			// for a man.
			const ofActor = elideFrench('de', actorLabel(kind, payload, actorName, locale, true));
			return m.notifications_kind_room_invite({ actor: actor(), ofActor, room: p('room') }, t);
		}
		case 'house_room_joined':
			return m.notifications_kind_house_room_joined({ name: actor(), room: p('room') }, t);
		case 'statement_ready':
			return m.notifications_kind_statement_ready(
				{ month: formatMonth(p('month'), { locale }), house: p('house') },
				t
			);
		case 'knock':
			return m.notifications_kind_knock({ actor: actor() }, t);
	}
}

/**
 * Who did each of these notifications, by actor id, as they are named now: an id with no
 * account (deleted meanwhile) is left out, and the text says "A former member".
 */
export function actorNames(rows: ReadonlyArray<{ actorId: string | null }>): Map<string, string> {
	const ids = [...new Set(rows.flatMap((row) => (row.actorId ? [row.actorId] : [])))];
	if (ids.length === 0) return new Map();
	const found = prepared(getDb(), 'notification-actor-names', (db) =>
		db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(inJsonArray(users.id, 'ids'))
			.prepare()
	).all({ ids: JSON.stringify(ids) });
	return new Map(found.map((row) => [row.id, row.name]));
}

function view(row: Row, locale: Locale, actorName: string | null): NotificationView {
	return {
		id: row.id,
		kind: row.kind,
		text: notificationText(row.kind, row.payload, locale, actorName),
		link: row.link,
		createdAt: row.createdAt.getTime(),
		read: row.readAt !== null
	};
}

/** Channels off for a kind: turned off by the person, or off by default (channel-defaults.ts). */
export function disabledChannels(userId: string, kind: NotificationKind): Set<NotificationChannel> {
	return offChannels(choicesOf([userId]).get(userId) ?? [], kind);
}

function offChannels(
	choices: readonly ChannelChoice[],
	kind: NotificationKind
): Set<NotificationChannel> {
	return new Set(notificationChannels.filter((channel) => !channelEnabled(kind, channel, choices)));
}

/** The saved choices of each of these people (none: the defaults), in one query. */
function choicesOf(userIds: readonly string[]): Map<string, ChannelChoice[]> {
	const rows = prepared(getDb(), 'notification-choices-of', (db) =>
		db
			.select()
			.from(notificationPreferences)
			.where(inJsonArray(notificationPreferences.userId, 'userIds'))
			.prepare()
	).all({ userIds: JSON.stringify(userIds) });
	return groupBy(rows, (row) => row.userId);
}

/** Has the person asked not to be disturbed, in any of their companies, right now? */
export function doNotDisturb(userId: string, now = Date.now()): boolean {
	return inDoNotDisturb([userId], now).has(userId);
}

/** Those of these people who asked not to be disturbed, in any of their companies, at `now`. */
function inDoNotDisturb(userIds: readonly string[], now: number): Set<string> {
	const rows = prepared(getDb(), 'notification-do-not-disturb', (db) =>
		db
			.selectDistinct({ userId: statuses.userId })
			.from(statuses)
			.where(
				and(
					inJsonArray(statuses.userId, 'userIds'),
					gt(statuses.dndUntil, sql.placeholder('now')),
					gt(statuses.expiresAt, sql.placeholder('now'))
				)
			)
			.prepare()
	).all({ userIds: JSON.stringify(userIds), now });
	return new Set(rows.map((row) => row.userId));
}

/** Each of these people's language (English when they chose none, or their account is gone). */
function localesOf(userIds: readonly string[]): Map<string, Locale> {
	const rows = prepared(getDb(), 'notification-locales-of', (db) =>
		db
			.select({ id: users.id, locale: users.locale })
			.from(users)
			.where(inJsonArray(users.id, 'userIds'))
			.prepare()
	).all({ userIds: JSON.stringify(userIds) });
	return new Map(rows.map((row) => [row.id, row.locale ?? 'en']));
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

/** A person's name, as a knock shows it (empty when the account is gone). */
export function personName(userId: string | null): string {
	if (!userId) return '';
	return (
		getDb().select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? ''
	);
}

/** The kinds whose text names who did it, and the payload key older rows kept that name in. */
const ACTOR_KINDS = Object.keys(LEGACY_ACTOR_KEY) as NotificationKind[];

/**
 * Rows written before `actor_id` (migration 0017) whose actor the migration could not tell still
 * quote a name in their payload. Deleting that person's account takes the name out of such rows
 * in their companies, as the reference does for newer ones ("A former member"). A namesake's
 * older row there loses its name too: the lesser harm.
 */
export function forgetQuotedName(tx: Executor, companyIds: readonly string[], name: string): void {
	if (companyIds.length === 0 || name === '') return;
	for (const kind of ACTOR_KINDS) {
		const path = `$.${LEGACY_ACTOR_KEY[kind]}`;
		tx.update(notifications)
			.set({ payload: sql`json_remove(${notifications.payload}, ${path})` })
			.where(
				and(
					isNull(notifications.actorId),
					eq(notifications.kind, kind),
					inArray(notifications.companyId, [...companyIds]),
					sql`json_extract(${notifications.payload}, ${path}) = ${name}`
				)
			)
			.run();
	}
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

/** One event to tell some people of: what notifyAll takes, one or several at once. */
export type Notice = {
	userIds: Iterable<string>;
	kind: NotificationKind;
	event: NotifyEvent;
};

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
	return notifyAll([{ userIds, kind, event }]);
}

/** Rows written by one INSERT at most: SQLite binds at most 32 766 values per statement. */
const ROWS_PER_INSERT = 500;

/**
 * notify() for several events at once (a mention of some people and a task given to others, the
 * blockers carried into a run), each person as notify() would have it, for a handful of queries
 * whatever the number of people: each kind of data is read for all of them at once, and the
 * rows written in one transaction. Returns who was notified now, in the notices' order.
 */
export function notifyAll(notices: readonly Notice[]): string[] {
	const wanted = notices.flatMap(({ userIds, kind, event }) =>
		[...new Set(userIds)].map((userId) => ({ userId, kind, event }))
	);
	if (wanted.length === 0) return [];
	// Read once per person and kind: delivery needs the same choices for push and the ring.
	const off = new Map<string, Set<NotificationChannel>>();
	let choices = new Map<string, ChannelChoice[]>();
	const offFor = (userId: string, kind: NotificationKind) => {
		const key = `${userId}\n${kind}`;
		let channels = off.get(key);
		if (!channels) off.set(key, (channels = offChannels(choices.get(userId) ?? [], kind)));
		return channels;
	};
	const values: Array<typeof notifications.$inferInsert & { id: string }> = [];
	const written: Row[] = [];
	getDb().transaction((tx) => {
		// The choices in the same transaction as the rows they decide.
		choices = choicesOf([...new Set(wanted.map((w) => w.userId))]);
		for (const { userId, kind, event } of wanted) {
			if (offFor(userId, kind).has('in_app')) continue;
			values.push({
				id: newId(),
				userId,
				companyId: event.companyId,
				actorId: event.actorId ?? null,
				kind,
				payload: event.payload,
				link: event.link,
				dedupeKey: event.dedupeKey
			});
		}
		for (let start = 0; start < values.length; start += ROWS_PER_INSERT) {
			const rows = tx
				.insert(notifications)
				.values(values.slice(start, start + ROWS_PER_INSERT))
				.onConflictDoNothing()
				.returning()
				.all();
			written.push(...rows);
		}
	});
	// RETURNING's order is not promised: the notices' order is the ids'.
	const byId = new Map(written.map((row) => [row.id, row]));
	const rows = values.flatMap((value) => byId.get(value.id) ?? []);
	deliver(rows, (row) => offFor(row.userId, row.kind));
	return rows.map((row) => row.userId);
}

/**
 * Sends new notifications to each person's open tabs (their company's stream, them only) and
 * their devices. `off` gives the person's disabledChannels for the row's kind.
 */
function deliver(rows: readonly Row[], off: (row: Row) => ReadonlySet<NotificationChannel>): void {
	if (rows.length === 0) return;
	const people = [...new Set(rows.map((row) => row.userId))];
	const locales = localesOf(people);
	const actors = actorNames(rows);
	// Neither push nor the ring (a browser notification) when they turned it off or asked not to
	// be disturbed: the notification still waits in the centre.
	const quiet = inDoNotDisturb(people, Date.now());
	// Only the notifications of a company reach a tab (and carry the bell's count).
	const unread = unreadCounts([
		...new Set(rows.flatMap((row) => (row.companyId === null ? [] : [row.userId])))
	]);
	const pushed: PushedNotification[] = [];
	for (const row of rows) {
		const shown = view(
			row,
			locales.get(row.userId) ?? 'en',
			row.actorId ? (actors.get(row.actorId) ?? null) : null
		);
		const silent = quiet.has(row.userId);
		// Web Push to their devices when no tab of theirs rings (never waits, never throws).
		if (!off(row).has('push') && !silent) pushed.push({ row, text: shown.text });
		if (row.companyId === null) continue;
		publishPersonalEvent(row.companyId, row.userId, {
			type: 'notification',
			notification: shown,
			// Everything unread once all are written: a second one for the same person counts both.
			unread: unread.get(row.userId) ?? 0,
			ring: !off(row).has('browser') && !silent
		});
	}
	pushNotifications(pushed);
}

/** Each of these people's unread notifications, as the bell counts them, in one query. */
function unreadCounts(userIds: readonly string[]): Map<string, number> {
	if (userIds.length === 0) return new Map();
	const rows = prepared(getDb(), 'notifications-unread-counts', (db) =>
		db
			.select({ userId: notifications.userId, n: count() })
			.from(notifications)
			.where(
				and(
					inJsonArray(notifications.userId, 'userIds'),
					isNull(notifications.readAt),
					// visibleTo() for each row's own person.
					or(
						isNull(notifications.companyId),
						sql`exists (select 1 from ${memberships} where ${memberships.userId} = ${notifications.userId} and ${memberships.companyId} = ${notifications.companyId})`
					)
				)
			)
			.groupBy(notifications.userId)
			.prepare()
	).all({ userIds: JSON.stringify(userIds) });
	return new Map(rows.map((row) => [row.userId, row.n]));
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
			.select({ row: notifications, actorName: users.name })
			.from(notifications)
			.leftJoin(users, eq(users.id, notifications.actorId))
			.where(visibleTo(userId))
			// Ids are random: two in the same millisecond keep the order they were written in.
			.orderBy(desc(notifications.createdAt), desc(sql`${notifications}.rowid`))
			.limit(limit)
			.all()
			.map(({ row, actorName }) => view(row, locale, actorName))
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
