// Notifications by email, as a digest: once a minute, each person's notifications still unread
// ten minutes after they arrived go out together in one email, never one email per event. Only
// where SMTP is configured. Claiming a notification (setting emailed_at) happens in the same
// transaction as reading it, so two sweeps, in one process or two, never send it twice.
import { and, asc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import { m } from '../../paraglide/messages';
import { config } from '../config';
import { getDb } from '../db';
import { escapeHtml } from '../documents/export';
import {
	notificationKinds,
	notificationPreferences,
	notifications,
	users,
	type Locale,
	type NotificationKind
} from '../db/schema';
import { logger } from '../logger';
import { mailConfigured, sendMail } from '../mail/mailer';
import { processSingleton } from '../process-singleton';
import { channelEnabled } from './channel-defaults';
import { actorNames, doNotDisturb, notificationText, visibleTo } from './notifications';
import { companyNamesById } from '../companies/companies';

/** How long a notification stays unread before it is emailed: read in Hameau by then, no email. */
export const EMAIL_DELAY_MS = 10 * 60_000;
/**
 * Older than this, an unread notification is not emailed any more (the centre still has it):
 * a server that gets SMTP after months, or a long do-not-disturb, does not send a pile of news
 * that is no longer news. It also bounds what each sweep reads.
 */
export const EMAIL_MAX_AGE_MS = 3 * 24 * 3600_000;
/** Sending attempts for one notification before it is given up (logged), waiting 1, 2, 4… min. */
export const EMAIL_MAX_ATTEMPTS = 6;
/** An email lists this many notifications; it counts the rest and links to the centre. */
const LISTED = 20;

type DueNotification = {
	id: string;
	kind: NotificationKind;
	payload: Record<string, string>;
	actorId: string | null;
	companyId: string | null;
	createdAt: Date;
};

type Digest = {
	user: { id: string; email: string; name: string; locale: Locale | null };
	notifications: DueNotification[];
	claimedAt: Date;
};

/**
 * Failed sends waiting to be tried again, by notification id. Kept in the process only (the
 * table has no column for it): after a restart a failing notification gets its attempts again.
 */
const retries = () =>
	processSingleton(
		'hameau.notifications.email-retries',
		() => new Map<string, { failures: number; retryAt: number; createdAt: number }>()
	);

const due = (now: number) =>
	and(
		isNull(notifications.readAt),
		isNull(notifications.emailedAt),
		lte(notifications.createdAt, new Date(now - EMAIL_DELAY_MS)),
		gt(notifications.createdAt, new Date(now - EMAIL_MAX_AGE_MS))
	);

/**
 * Claims the person's due notifications for one email, or null when there is nothing to send
 * them now: email off for every kind they have, do-not-disturb (they stay due: sent after it),
 * only notifications of companies they left (the centre's own filter), or waiting for a retry.
 */
function claimDigest(userId: string, now: number): Digest | null {
	const db = getDb();
	// Immediate: the write lock is taken before reading, so another process's sweep waits and
	// then sees these claimed.
	return db.transaction(
		(tx) => {
			const user = tx
				.select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
				.from(users)
				.where(eq(users.id, userId))
				.get();
			if (!user || doNotDisturb(userId, now)) return null;
			const choices = tx
				.select()
				.from(notificationPreferences)
				.where(
					and(
						eq(notificationPreferences.userId, userId),
						eq(notificationPreferences.channel, 'email')
					)
				)
				.all();
			const kinds = notificationKinds.filter((kind) => channelEnabled(kind, 'email', choices));
			if (kinds.length === 0) return null;
			const waiting = retries();
			const ids = tx
				.select({ id: notifications.id })
				.from(notifications)
				.where(and(visibleTo(userId), due(now), inArray(notifications.kind, kinds)))
				.all()
				.map((row) => row.id)
				.filter((id) => (waiting.get(id)?.retryAt ?? 0) <= now);
			if (ids.length === 0) return null;
			const claimedAt = new Date(now);
			const claimed = tx
				.update(notifications)
				.set({ emailedAt: claimedAt })
				.where(
					and(
						inArray(notifications.id, ids),
						isNull(notifications.emailedAt),
						isNull(notifications.readAt)
					)
				)
				.returning({
					id: notifications.id,
					kind: notifications.kind,
					payload: notifications.payload,
					actorId: notifications.actorId,
					companyId: notifications.companyId,
					createdAt: notifications.createdAt
				})
				.all()
				.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
			return claimed.length > 0 ? { user, notifications: claimed, claimedAt } : null;
		},
		{ behavior: 'immediate' }
	);
}

/** Puts the notifications back to due (a failed send), unless given up after too many tries. */
function releaseDigest(digest: Digest, error: unknown, now: number): void {
	const waiting = retries();
	const release: string[] = [];
	let givenUp = 0;
	for (const notification of digest.notifications) {
		const failures = (waiting.get(notification.id)?.failures ?? 0) + 1;
		if (failures >= EMAIL_MAX_ATTEMPTS) {
			// Left claimed: emailed_at stays set, so it is never tried again.
			waiting.delete(notification.id);
			givenUp += 1;
			continue;
		}
		waiting.set(notification.id, {
			failures,
			retryAt: now + 2 ** (failures - 1) * 60_000,
			createdAt: notification.createdAt.getTime()
		});
		release.push(notification.id);
	}
	if (release.length > 0) {
		getDb()
			.update(notifications)
			.set({ emailedAt: null })
			.where(and(inArray(notifications.id, release), eq(notifications.emailedAt, digest.claimedAt)))
			.run();
	}
	logger().error(
		{ err: error, userId: digest.user.id, retried: release.length, givenUp },
		givenUp > 0 ? 'notification email not sent; given up' : 'notification email not sent; retrying'
	);
}

type Section = { company: string | null; items: Array<{ text: string; link: string }> };

/** The email of one digest, in the person's language, with absolute links to ORIGIN. */
export function composeDigest(digest: Digest, origin: string) {
	const locale = digest.user.locale ?? 'en';
	const t = { locale };
	const listed = digest.notifications.slice(0, LISTED);
	const companyIds = [...new Set(listed.flatMap((n) => (n.companyId ? [n.companyId] : [])))];
	const names = companyNamesById(companyIds);
	// Who did each one, named as they are at sending time: an account deleted since is not named.
	const actors = actorNames(listed);
	// Several companies: one section each, under its name; one company: a plain list.
	const sections: Section[] = [];
	for (const notification of listed) {
		const company =
			companyIds.length > 1 && notification.companyId
				? (names.get(notification.companyId) ?? null)
				: null;
		let section = sections.find((s) => s.company === company);
		if (!section) sections.push((section = { company, items: [] }));
		// Through the centre's own link: it marks the notification read, then goes to its place
		// (after log-in when needed).
		section.items.push({
			text: notificationText(
				notification.kind,
				notification.payload,
				locale,
				notification.actorId ? (actors.get(notification.actorId) ?? null) : null
			),
			link: `${origin}/notifications/${notification.id}`
		});
	}
	const more = digest.notifications.length - listed.length;
	const centre = `${origin}/notifications`;
	const settings = `${origin}/notifications/settings`;
	const subject = m.delivery_email_subject({ count: digest.notifications.length }, t);
	const greeting = m.delivery_email_greeting({ name: digest.user.name }, t);
	const intro = m.delivery_email_intro({}, t);
	const why = m.delivery_email_why({ minutes: EMAIL_DELAY_MS / 60_000 }, t);
	const turnOff = m.delivery_email_settings({}, t);
	const allLabel =
		more > 0 ? m.delivery_email_more({ count: more }, t) : m.delivery_email_all({}, t);

	const text = [
		greeting,
		'',
		intro,
		'',
		...sections.flatMap((section) => [
			...(section.company ? [section.company, ''] : []),
			...section.items.flatMap((item) => [`- ${item.text}`, `  ${item.link}`]),
			''
		]),
		`${allLabel} ${centre}`,
		'',
		'-- ',
		why,
		`${turnOff} ${settings}`
	].join('\n');

	const html = [
		`<p>${escapeHtml(greeting)}</p>`,
		`<p>${escapeHtml(intro)}</p>`,
		...sections.flatMap((section) => [
			...(section.company ? [`<h2 style="font-size:1em">${escapeHtml(section.company)}</h2>`] : []),
			'<ul>',
			...section.items.map(
				(item) => `<li><a href="${escapeHtml(item.link)}">${escapeHtml(item.text)}</a></li>`
			),
			'</ul>'
		]),
		`<p><a href="${escapeHtml(centre)}">${escapeHtml(allLabel)}</a></p>`,
		`<hr><p style="color:#57534e;font-size:0.9em">${escapeHtml(why)} <a href="${escapeHtml(settings)}">${escapeHtml(turnOff)}</a></p>`
	].join('\n');

	return {
		to: digest.user.email,
		subject,
		text,
		html: `<!doctype html><html lang="${locale}"><body>${html}</body></html>`,
		// Mail programs offer "Unsubscribe" from this header: it leads to the settings.
		headers: { 'List-Unsubscribe': `<${settings}>` }
	};
}

/**
 * One sweep: for each person with notifications due (unread, not emailed, older than the delay),
 * claims them and sends one email. Does nothing when SMTP is not configured. `now` is the clock
 * (tests pass their own). Returns how many emails left and how many failed (retried later).
 */
export async function sweepNotificationEmails(
	now = Date.now()
): Promise<{ sent: number; failed: number }> {
	const origin = config().origin;
	if (!mailConfigured() || !origin) return { sent: 0, failed: 0 };
	const waiting = retries();
	for (const [id, retry] of waiting) {
		if (retry.createdAt <= now - EMAIL_MAX_AGE_MS) waiting.delete(id);
	}
	const people = getDb()
		.selectDistinct({ userId: notifications.userId })
		.from(notifications)
		.where(due(now))
		.orderBy(asc(notifications.userId))
		.all();
	let sent = 0;
	let failed = 0;
	// One person at a time: claimed just before their email leaves, so a crash loses one email
	// at most, and the next person's notifications stay due for another sweep meanwhile.
	for (const { userId } of people) {
		const digest = claimDigest(userId, now);
		if (!digest) continue;
		try {
			await sendMail(composeDigest(digest, origin));
			for (const notification of digest.notifications) waiting.delete(notification.id);
			sent += 1;
		} catch (error) {
			releaseDigest(digest, error, now);
			failed += 1;
		}
	}
	return { sent, failed };
}

/**
 * Starts the once-a-minute email sweep where SMTP is configured (idempotent; never keeps the
 * process up). A sweep still sending when the next minute comes is not overlapped.
 */
export function ensureNotificationEmails(intervalMs = 60_000): void {
	if (!mailConfigured()) return;
	processSingleton('hameau.notifications.email-sweep', () => {
		let running = false;
		return setInterval(() => {
			if (running) return;
			running = true;
			sweepNotificationEmails()
				.catch((error: unknown) => {
					logger().error({ err: error }, 'notification email sweep failed');
				})
				.finally(() => {
					running = false;
				});
		}, intervalMs).unref();
	});
}
