import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeUser } from '../helpers/factories';
import {
	createSession,
	generateSessionToken,
	invalidateOtherSessions,
	invalidateUserSession,
	listUserSessions,
	SESSION_LIFETIME,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { sessions } from '../../src/lib/server/db/schema';
import { hashToken } from '../../src/lib/server/ids';

const { db } = useTempDatabase();
const DAY = 24 * 60 * 60 * 1000;

function storedSession(id: string) {
	return db().select().from(sessions).where(eq(sessions.id, id)).get();
}

describe('sessions', () => {
	it('creates a session that validates to its user', async () => {
		const user = await makeUser('Alice');
		const token = generateSessionToken();
		const now = new Date('2026-03-01T09:00:00Z');
		const session = createSession(
			token,
			user.id,
			{ userAgent: 'test', ipAddress: '10.0.0.1' },
			now
		);

		expect(session.expiresAt.getTime()).toBe(now.getTime() + SESSION_LIFETIME);
		const result = validateSessionToken(token, new Date(now.getTime() + 60_000));
		expect(result.user?.id).toBe(user.id);
		expect(result.user?.email).toBe(user.email);
		expect(result.session?.id).toBe(session.id);
		expect(result.fresh).toBe(false);
	});

	it('stores only the SHA-256 of the token, never the token itself', async () => {
		const user = await makeUser('Bob');
		const token = generateSessionToken();
		createSession(token, user.id);

		const rows = db().select().from(sessions).where(eq(sessions.userId, user.id)).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].id).not.toBe(token);
		expect(rows[0].id).toBe(hashToken(token));
		expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
		// Knowing the stored id is useless: it is not accepted as a token.
		expect(validateSessionToken(rows[0].id).session).toBeNull();
	});

	it('refuses an unknown token', () => {
		expect(validateSessionToken(generateSessionToken())).toEqual({
			session: null,
			user: null,
			fresh: false
		});
	});

	it('deletes an expired session when it is validated', async () => {
		const user = await makeUser('Carol');
		const token = generateSessionToken();
		const now = new Date('2026-03-01T09:00:00Z');
		const session = createSession(token, user.id, {}, now);

		const result = validateSessionToken(token, new Date(session.expiresAt.getTime() + 1));
		expect(result.session).toBeNull();
		expect(result.user).toBeNull();
		expect(storedSession(session.id)).toBeUndefined();
	});

	it('renews a session used with under 15 days left, and says so', async () => {
		const user = await makeUser('Dan');
		const token = generateSessionToken();
		const now = new Date('2026-03-01T09:00:00Z');
		const session = createSession(token, user.id, {}, now);

		const later = new Date(now.getTime() + 16 * DAY);
		const result = validateSessionToken(token, later);
		expect(result.fresh).toBe(true);
		expect(result.session?.expiresAt.getTime()).toBe(later.getTime() + 30 * DAY);
		expect(storedSession(session.id)?.expiresAt.getTime()).toBe(later.getTime() + 30 * DAY);
		expect(storedSession(session.id)?.lastSeenAt.getTime()).toBe(later.getTime());
	});

	it('does not renew a session that still has most of its life', async () => {
		const user = await makeUser('Eve');
		const token = generateSessionToken();
		const now = new Date('2026-03-01T09:00:00Z');
		const session = createSession(token, user.id, {}, now);

		const result = validateSessionToken(token, new Date(now.getTime() + DAY));
		expect(result.fresh).toBe(false);
		expect(result.session?.expiresAt.getTime()).toBe(now.getTime() + 30 * DAY);
		expect(storedSession(session.id)?.expiresAt.getTime()).toBe(now.getTime() + 30 * DAY);
	});

	it('ends the other sessions of a user but keeps the current one and other users’', async () => {
		const user = await makeUser('Fay');
		const other = await makeUser('Gus');
		const current = generateSessionToken();
		const laptop = generateSessionToken();
		const phone = generateSessionToken();
		const othersToken = generateSessionToken();
		const kept = createSession(current, user.id);
		createSession(laptop, user.id);
		createSession(phone, user.id);
		createSession(othersToken, other.id);

		expect(invalidateOtherSessions(user.id, kept.id)).toBe(2);
		expect(validateSessionToken(current).user?.id).toBe(user.id);
		expect(validateSessionToken(laptop).session).toBeNull();
		expect(validateSessionToken(phone).session).toBeNull();
		expect(validateSessionToken(othersToken).user?.id).toBe(other.id);
		expect(listUserSessions(user.id).map((s) => s.id)).toEqual([kept.id]);
	});

	it('lists and counts only sessions still valid: an expired one is no signed-in device', async () => {
		const user = await makeUser('Iris');
		const kept = createSession(generateSessionToken(), user.id);
		const old = createSession(
			generateSessionToken(),
			user.id,
			{},
			new Date(Date.now() - SESSION_LIFETIME - DAY)
		);
		const phone = createSession(generateSessionToken(), user.id);
		expect(
			listUserSessions(user.id)
				.map((s) => s.id)
				.sort()
		).toEqual([kept.id, phone.id].sort());
		// "Signed out of 1 other device", not 2; the expired row goes too.
		expect(invalidateOtherSessions(user.id, kept.id)).toBe(1);
		expect(storedSession(old.id)).toBeUndefined();
	});

	it('lets a user end only their own sessions by id', async () => {
		const user = await makeUser('Hal');
		const other = await makeUser('Ida');
		const othersToken = generateSessionToken();
		const othersSession = createSession(othersToken, other.id);

		expect(invalidateUserSession(user.id, othersSession.id)).toBe(false);
		expect(validateSessionToken(othersToken).user?.id).toBe(other.id);
		expect(invalidateUserSession(other.id, othersSession.id)).toBe(true);
		expect(validateSessionToken(othersToken).session).toBeNull();
	});
});
