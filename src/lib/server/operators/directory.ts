// The house directory: a person's own choice to let the operators of the houses they work in see
// their name when they are on site. Off by default; without it an operator sees counts only.
import { eq } from 'drizzle-orm';
import { getDb } from '../db';
import { users } from '../db/schema';

export function setHouseDirectory(userId: string, listed: boolean): void {
	getDb().update(users).set({ houseDirectory: listed }).where(eq(users.id, userId)).run();
}

/** Whether the person is listed (false for an unknown id). */
export function isInHouseDirectory(userId: string): boolean {
	return (
		getDb().select({ listed: users.houseDirectory }).from(users).where(eq(users.id, userId)).get()
			?.listed ?? false
	);
}
