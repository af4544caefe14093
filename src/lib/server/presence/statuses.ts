// Statuses: free text and an emoji, optionally do-not-disturb until a time; each ends with the
// day it was set on, in the person's time zone. Reads ignore ended statuses (activeStatus); a
// sweep deletes them and tells the boards, so an open board clears them too.
import { and, eq, lte } from 'drizzle-orm';
import { getDb } from '../db';
import { statuses } from '../db/schema';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { endOfDay, zonedInstant } from '../../zoned-time';
import { boardPerson } from './board';
import { publishPersonChanged } from './events';

export type StatusInput = {
	text: string;
	emoji: string;
	/** HH:MM in the person's time zone today, or null for no do-not-disturb. */
	dndUntil: string | null;
};

export type StatusResult = { ok: true } | { ok: false; reason: 'dnd_past' | 'not_member' };

/** When quiet until `time` (HH:MM) on the person's today ends. */
function dndInstant(person: { date: string; timeZone: string }, time: string): number {
	// In the hour the clocks go back, quiet lasts until the second time the clock shows the
	// time: someone who sets it during that second pass is not told their time has passed.
	return zonedInstant(person.date, time, person.timeZone, 'later');
}

/**
 * Whether "do not disturb until `time`" (HH:MM, the person's today) is already over, as
 * `setStatus` would refuse it: for a form to say so beside its other mistakes.
 */
export function dndTimePassed(
	companyId: string,
	userId: string,
	time: string,
	now = Date.now()
): boolean {
	const person = boardPerson(companyId, userId, now);
	return person !== null && dndInstant(person, time) <= now;
}

/** Whether the person's do-not-disturb is on now (their status's time not yet reached). */
export function dndOn(companyId: string, userId: string, now = Date.now()): boolean {
	const dndUntil = boardPerson(companyId, userId, now)?.status?.dndUntil;
	return dndUntil !== null && dndUntil !== undefined && dndUntil > now;
}

export function setStatus(
	companyId: string,
	userId: string,
	input: StatusInput,
	now = Date.now()
): StatusResult {
	const person = boardPerson(companyId, userId, now);
	if (!person) return { ok: false, reason: 'not_member' };
	const expiresAt = endOfDay(person.date, person.timeZone);
	let dndUntil: number | null = null;
	if (input.dndUntil) {
		dndUntil = dndInstant(person, input.dndUntil);
		if (dndUntil <= now) return { ok: false, reason: 'dnd_past' };
	}
	const values = {
		text: input.text,
		emoji: input.emoji,
		dndUntil: dndUntil === null ? null : new Date(dndUntil),
		expiresAt: new Date(expiresAt),
		updatedAt: new Date(now)
	};
	getDb()
		.insert(statuses)
		.values({ companyId, userId, ...values })
		.onConflictDoUpdate({ target: [statuses.companyId, statuses.userId], set: values })
		.run();
	publishPersonChanged(companyId, userId, now);
	return { ok: true };
}

export function clearStatus(companyId: string, userId: string, now = Date.now()): void {
	getDb()
		.delete(statuses)
		.where(and(eq(statuses.companyId, companyId), eq(statuses.userId, userId)))
		.run();
	publishPersonChanged(companyId, userId, now);
}

/** Deletes statuses whose day has ended and republishes those people's cards. */
export function sweepEndedStatuses(now = Date.now()): number {
	const ended = getDb()
		.delete(statuses)
		.where(lte(statuses.expiresAt, new Date(now)))
		.returning({ companyId: statuses.companyId, userId: statuses.userId })
		.all();
	for (const { companyId, userId } of ended) publishPersonChanged(companyId, userId, now);
	return ended.length;
}

/** Starts the once-a-minute sweep (idempotent; the timer does not keep the process alive). */
export function ensureStatusSweeper(intervalMs = 60_000): void {
	processSingleton('hameau.presence.sweeper', () =>
		setInterval(() => {
			try {
				sweepEndedStatuses();
			} catch (error) {
				logger().error({ err: error }, 'status sweep failed');
			}
		}, intervalMs).unref()
	);
}
