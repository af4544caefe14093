// A person's private calendar feed: a secret URL that calendar apps fetch without a session, so
// the token in it is the credential. Only its SHA-256 is kept (as for sessions and invitations):
// the URL is shown once, when created or reset, and a reset makes the old one answer 404 at once.
import { eq } from 'drizzle-orm';
import { getDb } from '../db';
import { calendarFeeds, type CalendarFeed } from '../db/schema';
import { hashToken, randomToken } from '../ids';

/** The feed's settings, or null when the person has none. */
export function feedOf(userId: string): Pick<CalendarFeed, 'includePlans' | 'createdAt'> | null {
	const row = getDb()
		.select({ includePlans: calendarFeeds.includePlans, createdAt: calendarFeeds.createdAt })
		.from(calendarFeeds)
		.where(eq(calendarFeeds.userId, userId))
		.get();
	return row ?? null;
}

/**
 * Creates the person's feed, or replaces its token (a reset): returns the new token, the only
 * time it is known. The "week plan" choice is kept across a reset.
 */
export function issueFeedToken(userId: string): string {
	const token = randomToken(20);
	const tokenHash = hashToken(token);
	getDb()
		.insert(calendarFeeds)
		.values({ userId, tokenHash })
		.onConflictDoUpdate({
			target: calendarFeeds.userId,
			set: { tokenHash, createdAt: new Date() }
		})
		.run();
	return token;
}

/** Shows or hides the week plan in the feed; false when the person has no feed. */
export function setFeedIncludesPlans(userId: string, includePlans: boolean): boolean {
	const result = getDb()
		.update(calendarFeeds)
		.set({ includePlans })
		.where(eq(calendarFeeds.userId, userId))
		.run();
	return result.changes > 0;
}

/** Deletes the feed: its URL answers 404 from now on. */
export function deleteFeed(userId: string): void {
	getDb().delete(calendarFeeds).where(eq(calendarFeeds.userId, userId)).run();
}

/**
 * Turns the feed off when the account's other sessions are ended for safety (a password changed
 * or reset, "Sign out everywhere else"): a device signed in until then could have copied its
 * address, which, unlike a session, would go on working. Whether there was one to turn off.
 */
export function endFeedWithSessions(userId: string): boolean {
	return getDb().delete(calendarFeeds).where(eq(calendarFeeds.userId, userId)).run().changes > 0;
}

/** Whose feed a token opens, or null: unknown, reset and malformed tokens alike. */
export function feedForToken(token: string): { userId: string; includePlans: boolean } | null {
	// Our tokens are base32 (lower case, 32 characters): anything else is not worth a lookup.
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const row = getDb()
		.select({ userId: calendarFeeds.userId, includePlans: calendarFeeds.includePlans })
		.from(calendarFeeds)
		.where(eq(calendarFeeds.tokenHash, hashToken(token)))
		.get();
	return row ?? null;
}
