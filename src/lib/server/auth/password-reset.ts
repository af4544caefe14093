// One-time links that set a new password. The link carries a random token; the database holds only
// its SHA-256, like sessions, so a copy of the database opens no account. A link works once, for
// 30 minutes, and using it ends every session of the account.
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { passwordResets, users, type User } from '../db/schema';
import { hashToken, newId, randomToken } from '../ids';
import { hashPassword, passwordProblem, type PasswordProblem } from './password';
import { endFeedWithSessions } from '../calendar/feeds';
import { invalidateOtherSessions } from './session';

export const RESET_LIFETIME_MS = 30 * 60 * 1000;

/** Where a reset link points, relative to the site's origin. */
export function resetPath(token: string): string {
	return `/reset-password/${token}`;
}

/** Stores a new link for the user and returns its token (shown once, never stored). */
export function createPasswordReset(
	db: Executor,
	userId: string,
	createdBy: string | null,
	now = new Date()
): string {
	// Links past their 30 minutes are of no use to anyone; they go as new ones are made.
	db.delete(passwordResets).where(lt(passwordResets.expiresAt, now)).run();
	const token = randomToken(20);
	db.insert(passwordResets)
		.values({
			id: newId(),
			userId,
			tokenHash: hashToken(token),
			expiresAt: new Date(now.getTime() + RESET_LIFETIME_MS),
			createdBy,
			createdAt: now
		})
		.run();
	return token;
}

const usable = (tokenHash: string, now: Date) =>
	and(
		eq(passwordResets.tokenHash, tokenHash),
		isNull(passwordResets.usedAt),
		gt(passwordResets.expiresAt, now)
	);

/** The account a link would reset, or null when it is unknown, used or expired. */
export function findUsableReset(
	token: string,
	now = new Date()
): Pick<User, 'id' | 'email'> | null {
	return (
		getDb()
			.select({ id: users.id, email: users.email })
			.from(passwordResets)
			.innerJoin(users, eq(passwordResets.userId, users.id))
			.where(usable(hashToken(token), now))
			.get() ?? null
	);
}

export type PasswordResetResult =
	| {
			ok: true;
			userId: string;
			/** A calendar feed was turned off with the sessions. */ feedEnded: boolean;
	  }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'password'; problem: PasswordProblem };

/**
 * Sets the new password through the link (same rules as sign-up) and signs the account out
 * everywhere. The link is spent in the same transaction that writes the password, so two uses
 * racing each other set one password, and the account's other links are spent with it.
 */
export async function resetPassword(
	token: string,
	password: string,
	now = new Date()
): Promise<PasswordResetResult> {
	const account = findUsableReset(token, now);
	if (!account) return { ok: false, reason: 'invalid' };
	const problem = passwordProblem(password, account.email);
	if (problem) return { ok: false, reason: 'password', problem };
	const passwordHash = await hashPassword(password);
	const userId = getDb().transaction((tx) => {
		const spent = tx
			.update(passwordResets)
			.set({ usedAt: now })
			.where(usable(hashToken(token), now))
			.returning({ userId: passwordResets.userId })
			.get();
		if (!spent) return null;
		tx.update(users).set({ passwordHash }).where(eq(users.id, spent.userId)).run();
		tx.update(passwordResets)
			.set({ usedAt: now })
			.where(and(eq(passwordResets.userId, spent.userId), isNull(passwordResets.usedAt)))
			.run();
		return spent.userId;
	});
	if (!userId) return { ok: false, reason: 'invalid' };
	invalidateOtherSessions(userId);
	return { ok: true, userId, feedEnded: endFeedWithSessions(userId) };
}
