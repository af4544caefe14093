// Sessions as the Lucia guide describes them: the cookie holds a random token, the database
// holds its SHA-256, and the expiry slides forward while the session is used.
import { eq, and, ne, desc, gt, sql } from 'drizzle-orm';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { sessions, users, type Session, type User } from '../db/schema';
import { hashToken, randomToken } from '../ids';
import { announceAccessEnded } from './access-ended';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
/** A session used with less than this left is extended back to the full lifetime. */
export const SESSION_RENEW_WITHIN = 15 * DAY;
export const SESSION_COOKIE = 'hameau_session';

export type SessionUser = Pick<User, 'id' | 'email' | 'name' | 'locale' | 'theme' | 'timeZone'>;
export type SessionValidation =
	| { session: Session; user: SessionUser; fresh: boolean }
	| { session: null; user: null; fresh: false };

export function generateSessionToken(): string {
	return randomToken(20);
}

export function createSession(
	token: string,
	userId: string,
	client: { userAgent?: string; ipAddress?: string } = {},
	now = new Date()
): Session {
	const session: Session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME),
		createdAt: now,
		lastSeenAt: now,
		userAgent: (client.userAgent ?? '').slice(0, 300),
		ipAddress: client.ipAddress ?? ''
	};
	getDb().insert(sessions).values(session).run();
	return session;
}

/**
 * Is the session still valid, and still this person's? For connections that outlive the request
 * that opened them (the live-events stream, the collaboration sockets): they check again, since a
 * session can end by expiring, which nothing announces.
 */
export function sessionStillValid(sessionId: string, userId: string, now = Date.now()): boolean {
	const row = prepared(getDb(), 'session-still-valid', (db) =>
		db
			.select({ one: sql<number>`1` })
			.from(sessions)
			.where(
				and(
					eq(sessions.id, sql.placeholder('sessionId')),
					eq(sessions.userId, sql.placeholder('userId')),
					gt(sessions.expiresAt, sql.placeholder('now'))
				)
			)
			.prepare()
	).get({ sessionId, userId, now });
	return row !== undefined;
}

/**
 * Looks the token up; deletes it when expired; renews it when under half its life remains.
 * `fresh` tells the caller to send the cookie again with the new expiry.
 */
export function validateSessionToken(token: string, now = new Date()): SessionValidation {
	const db = getDb();
	const id = hashToken(token);
	const row = prepared(db, 'session-with-user', (db) =>
		db
			.select({
				session: sessions,
				user: {
					id: users.id,
					email: users.email,
					name: users.name,
					locale: users.locale,
					theme: users.theme,
					timeZone: users.timeZone
				}
			})
			.from(sessions)
			.innerJoin(users, eq(sessions.userId, users.id))
			.where(eq(sessions.id, sql.placeholder('id')))
			.prepare()
	).get({ id });
	if (!row) return { session: null, user: null, fresh: false };
	const { session, user } = row;
	if (now.getTime() >= session.expiresAt.getTime()) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		announceEnded(session.userId, new Set([id]));
		return { session: null, user: null, fresh: false };
	}
	let fresh = false;
	const update: Partial<Session> = {};
	if (session.expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN) {
		update.expiresAt = session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME);
		fresh = true;
	}
	// "Last active" in the sessions list needs no more precision than a minute.
	if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
		update.lastSeenAt = session.lastSeenAt = now;
	}
	if (Object.keys(update).length > 0) {
		db.update(sessions).set(update).where(eq(sessions.id, id)).run();
	}
	return { session, user, fresh };
}

// Ending a session also ends, at once, every connection opened with it (live-event streams,
// collaboration sockets, calls): see access-ended.ts.

function announceEnded(userId: string, sessionIds: Set<string>): void {
	if (sessionIds.size > 0) announceAccessEnded({ kind: 'sessions', userId, sessionIds });
}

export function invalidateSession(sessionId: string): void {
	const ended = getDb()
		.delete(sessions)
		.where(eq(sessions.id, sessionId))
		.returning({ userId: sessions.userId })
		.get();
	if (ended) announceEnded(ended.userId, new Set([sessionId]));
}

/** Ends one of the user's sessions; a session id of another user is left alone. */
export function invalidateUserSession(userId: string, sessionId: string): boolean {
	const result = getDb()
		.delete(sessions)
		.where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
		.run();
	if (result.changes > 0) announceEnded(userId, new Set([sessionId]));
	return result.changes > 0;
}

/** Ends every session of the user except `keepSessionId` (when given). */
export function invalidateOtherSessions(userId: string, keepSessionId?: string): number {
	const where = keepSessionId
		? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
		: eq(sessions.userId, userId);
	const now = Date.now();
	const deleted = getDb()
		.delete(sessions)
		.where(where)
		.returning({ id: sessions.id, expiresAt: sessions.expiresAt })
		.all();
	announceEnded(userId, new Set(deleted.map((row) => row.id)));
	// Expired ones go too, but were no signed-in device: not counted as signed out.
	return deleted.filter((row) => row.expiresAt.getTime() > now).length;
}

/**
 * The user's sessions still valid, most recently used first. An expired one stays stored until
 * its device comes back (validation deletes it then): it is no signed-in device any more.
 */
export function listUserSessions(userId: string, now = new Date()): Session[] {
	return getDb()
		.select()
		.from(sessions)
		.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
		.orderBy(desc(sessions.lastSeenAt))
		.all();
}
