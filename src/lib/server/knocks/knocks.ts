// Knocking on a colleague's door: a knock rings at the other side for a minute (unless they asked
// not to be disturbed: then it waits in their notifications), and accepting it opens a call for
// the two of them in a short-lived meeting room. Every change is told to its two people only, on
// their company's live channel. Not audited: a knock is between two colleagues, not an admin act.
import { and, desc, eq, lte, or, sql } from 'drizzle-orm';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { knocks, type KnockStatus } from '../db/schema';
import { newId } from '../ids';
import { isMember } from '../companies/members';
import { liveHub, publishPersonalEvent } from '../live/hub';
import { knockNotificationAnswered, notifyKnock } from '../notifications/knocks';
import {
	companySlug,
	disabledChannels,
	doNotDisturb,
	personName
} from '../notifications/notifications';
import { createMeetingRoom } from '../video/rooms';
import { knockRoomName } from './room-names';
import type { KnockView } from '../../live-events';

/** How long a knock rings before it counts as missed. */
export const KNOCK_RING_MS = 60_000;
/** One knock per minute from one person to another (a ringing one counts, and so does the last). */
export const KNOCK_INTERVAL_MS = 60_000;
/**
 * A knock that stopped ringing (missed, or "not now") can still be accepted from the centre for
 * this long, while the knocker has Hameau open: they are still around to be called.
 */
export const KNOCK_LATE_ACCEPT_MS = 10 * 60_000;
/** The call's room is short-lived: archived by the sweep once empty after this long. */
export const KNOCK_ROOM_MS = 2 * 60 * 60_000;

type Knock = typeof knocks.$inferSelect;

export type KnockRefusal = 'not_member' | 'self' | 'ringing' | 'too_soon';
export type AnswerRefusal = 'not_found' | 'expired' | 'cancelled';
type Answer = { ok: true; knock: KnockView } | { ok: false; reason: AnswerRefusal };

function view(row: Knock, now: number): KnockView {
	return {
		id: row.id,
		status: row.status,
		fromUserId: row.fromUserId,
		fromName: personName(row.fromUserId),
		toUserId: row.toUserId,
		toName: personName(row.toUserId),
		// The prompt is the knock's on-screen ring: do-not-disturb, or the person's own choice not
		// to have knocks on screen, keeps it waiting in their centre instead.
		quiet:
			doNotDisturb(row.toUserId, now) || disabledChannels(row.toUserId, 'knock').has('browser'),
		roomLink: row.roomId ? `/${companySlug(row.companyId)}/rooms/${row.roomId}` : null
	};
}

/** Tells the knock's two people (and nobody else) where it stands. */
function publish(row: Knock, now: number): KnockView {
	const knock = view(row, now);
	for (const userId of [row.fromUserId, row.toUserId]) {
		publishPersonalEvent(row.companyId, userId, { type: 'knock', knock });
	}
	return knock;
}

/** Moves a knock on from `from` (only if it is still there), in one statement: no double move. */
function move(id: string, from: KnockStatus, set: Partial<Knock>): Knock | undefined {
	return getDb()
		.update(knocks)
		.set(set)
		.where(and(eq(knocks.id, id), eq(knocks.status, from)))
		.returning()
		.get();
}

/**
 * Knocks that rang for a minute unanswered become missed (their notification stays in the
 * centre); each one's two people are told. Run by each knock's own timer and by the reads (first,
 * or once they meet one past its minute), so a restart or a late timer never leaves one ringing.
 */
export function missUnansweredKnocks(now = Date.now()): number {
	const missed = getDb()
		.update(knocks)
		.set({ status: 'missed' })
		.where(and(eq(knocks.status, 'ringing'), lte(knocks.createdAt, new Date(now - KNOCK_RING_MS))))
		.returning()
		.all();
	for (const row of missed) publish(row, now);
	return missed.length;
}

/**
 * `fromUserId` (a member, checked by the route) knocks on `toUserId`'s door. Refused when that
 * person is not a member of the company, is themselves, already has a ringing knock from them,
 * or was knocked on by them less than a minute ago.
 */
export function knock(
	companyId: string,
	fromUserId: string,
	toUserId: string,
	now = Date.now()
): { ok: true; knock: KnockView } | { ok: false; reason: KnockRefusal; name?: string } {
	if (toUserId === fromUserId) return { ok: false, reason: 'self' };
	if (!isMember(companyId, toUserId)) return { ok: false, reason: 'not_member' };
	missUnansweredKnocks(now);
	const last = getDb()
		.select()
		.from(knocks)
		.where(
			and(
				eq(knocks.companyId, companyId),
				eq(knocks.fromUserId, fromUserId),
				eq(knocks.toUserId, toUserId)
			)
		)
		.orderBy(desc(knocks.createdAt))
		.limit(1)
		.get();
	// The name for a refusal's message only: a knock made reads it with its view.
	if (last?.status === 'ringing') {
		return { ok: false, reason: 'ringing', name: personName(toUserId) };
	}
	if (last && last.createdAt.getTime() > now - KNOCK_INTERVAL_MS) {
		return { ok: false, reason: 'too_soon', name: personName(toUserId) };
	}
	const row = getDb()
		.insert(knocks)
		.values({ id: newId(), companyId, fromUserId, toUserId, createdAt: new Date(now) })
		.returning()
		.get();
	const knock = publish(row, now);
	notifyKnock({ id: row.id, companyId, fromUserId: row.fromUserId, toUserId });
	// Its own clock: missed a minute later, told at once to both sides. unref: it never keeps
	// the process up (the sweep above catches it after a restart).
	setTimeout(() => missUnansweredKnocks(), KNOCK_RING_MS).unref?.();
	return { ok: true, knock };
}

/**
 * At start-up: the timers of the knocks ringing when the process stopped are gone, and nothing
 * else tells their two people's pages that they stopped ringing (a page reloaded after the
 * restart shows them ringing, and the reads only miss a knock once its minute is past). Those
 * past their minute are missed now, the others when theirs is over.
 */
export function resumeKnockTimers(now = Date.now()): void {
	missUnansweredKnocks(now);
	const ringing = getDb()
		.select({ createdAt: knocks.createdAt })
		.from(knocks)
		.where(eq(knocks.status, 'ringing'))
		.all();
	for (const { createdAt } of ringing) {
		const left = createdAt.getTime() + KNOCK_RING_MS - now;
		setTimeout(() => missUnansweredKnocks(), Math.max(0, left)).unref?.();
	}
}

/** Still ringing past its minute: its timer is late, or was lost to a restart. */
const overdue = (row: Knock, now: number) =>
	row.status === 'ringing' && row.createdAt.getTime() <= now - KNOCK_RING_MS;

/**
 * The knocks ringing now that involve this person (made or received), oldest first. Every company
 * page's layout asks: a plain read, which sweeps (a write over every knock) only when it meets one
 * of theirs past its minute.
 */
export function ringingKnocks(companyId: string, userId: string, now = Date.now()): KnockView[] {
	// Prepared once: every company page's layout reads it.
	const rows = prepared(getDb(), 'knocks-ringing', (db) =>
		db
			.select()
			.from(knocks)
			.where(
				and(
					eq(knocks.companyId, sql.placeholder('companyId')),
					eq(knocks.status, 'ringing'),
					or(
						eq(knocks.fromUserId, sql.placeholder('userId')),
						eq(knocks.toUserId, sql.placeholder('userId'))
					)
				)
			)
			.orderBy(knocks.createdAt)
			.prepare()
	).all({ companyId, userId });
	if (rows.some((row) => overdue(row, now))) missUnansweredKnocks(now);
	return rows.filter((row) => !overdue(row, now)).map((row) => view(row, now));
}

/** One knock this person made or received, or undefined (unknown, foreign and others' alike). */
export function knockFor(
	companyId: string,
	userId: string,
	knockId: string,
	now = Date.now()
): (KnockView & { createdAt: number; canAccept: boolean }) | undefined {
	const row = ownKnock(companyId, knockId, userId, 'either', now);
	if (!row) return undefined;
	return {
		...view(row, now),
		createdAt: row.createdAt.getTime(),
		canAccept: row.toUserId === userId && acceptable(row, now)
	};
}

/** One knock of this person's, on that side of it, once unanswered knocks were swept. */
function ownKnock(
	companyId: string,
	knockId: string,
	userId: string,
	side: 'from' | 'to' | 'either',
	now: number
): Knock | undefined {
	missUnansweredKnocks(now);
	const who =
		side === 'from'
			? eq(knocks.fromUserId, userId)
			: side === 'to'
				? eq(knocks.toUserId, userId)
				: or(eq(knocks.fromUserId, userId), eq(knocks.toUserId, userId));
	return getDb()
		.select()
		.from(knocks)
		.where(and(eq(knocks.id, knockId), eq(knocks.companyId, companyId), who))
		.get();
}

/**
 * Can the knocked person still accept? While it rings and the knocker is still a member (removed
 * within the minute, they would not be in the call: the other would wait alone in it); after it
 * stopped ringing unanswered or with "not now", for ten minutes while the knocker has Hameau
 * open and is still a member.
 */
function acceptable(row: Knock, now: number): boolean {
	if (row.status === 'ringing') return isMember(row.companyId, row.fromUserId);
	if (row.status !== 'missed' && row.status !== 'declined') return false;
	return (
		row.createdAt.getTime() > now - KNOCK_LATE_ACCEPT_MS &&
		liveHub().isOnline(row.companyId, row.fromUserId) &&
		isMember(row.companyId, row.fromUserId)
	);
}

/**
 * The knocked person accepts: a short-lived meeting room for the two of them ("Marc & Anna"),
 * both invited, and both are told where it is (the knocker's tabs go there). Accepting again
 * returns the same room.
 */
export function acceptKnock(
	companyId: string,
	userId: string,
	knockId: string,
	now = Date.now()
): Answer {
	const row = ownKnock(companyId, knockId, userId, 'to', now);
	if (!row) return { ok: false, reason: 'not_found' };
	if (row.status === 'accepted') {
		return row.roomId ? { ok: true, knock: view(row, now) } : { ok: false, reason: 'expired' };
	}
	if (row.status === 'cancelled') return { ok: false, reason: 'cancelled' };
	if (!acceptable(row, now)) return { ok: false, reason: 'expired' };
	const accepted = getDb().transaction(() => {
		const fromName = personName(row.fromUserId);
		const toName = personName(row.toUserId);
		// The room is made only by the one accept that moves the knock on.
		const moved = move(row.id, row.status, { status: 'accepted', answeredAt: new Date(now) });
		if (!moved) return undefined;
		const room = createMeetingRoom(
			companyId,
			// The rooms module reads no role to create a meeting room; any member may.
			{ userId, role: 'member' },
			{
				name: knockRoomName(fromName, toName),
				description: '',
				access: 'invited',
				invitees: [row.fromUserId, row.toUserId],
				expiresAt: new Date(now + KNOCK_ROOM_MS),
				// Both are taken there: an invitation notification would say it twice.
				notifyInvitees: false
			}
		);
		return move(row.id, 'accepted', { roomId: room.id });
	});
	// Moved on between the read and the move (only another connection can: the read, the checks
	// and the move are one synchronous run here): answer as it stands now. A knock only moves
	// forward, to accepted or cancelled at the latest, so this ends within two more calls.
	if (!accepted) return acceptKnock(companyId, userId, knockId, now);
	knockNotificationAnswered(userId, knockId, now);
	return { ok: true, knock: publish(accepted, now) };
}

/**
 * A ringing knock stops with this answer and its two people are told. Already answered, missed or
 * cancelled: nothing changes and nobody is told again.
 */
function stopRinging(row: Knock, status: 'declined' | 'cancelled', now: number): Answer {
	const stopped = move(row.id, 'ringing', { status, answeredAt: new Date(now) });
	return { ok: true, knock: stopped ? publish(stopped, now) : view(row, now) };
}

/** "Not now": the knocker is told; the knock stops ringing. */
export function declineKnock(
	companyId: string,
	userId: string,
	knockId: string,
	now = Date.now()
): Answer {
	const row = ownKnock(companyId, knockId, userId, 'to', now);
	if (!row) return { ok: false, reason: 'not_found' };
	knockNotificationAnswered(userId, knockId, now);
	return stopRinging(row, 'declined', now);
}

/** The knocker takes it back: the prompt disappears at the other side. */
export function cancelKnock(
	companyId: string,
	userId: string,
	knockId: string,
	now = Date.now()
): Answer {
	const row = ownKnock(companyId, knockId, userId, 'from', now);
	if (!row) return { ok: false, reason: 'not_found' };
	return stopRinging(row, 'cancelled', now);
}
