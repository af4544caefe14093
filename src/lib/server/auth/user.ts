import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../db';
import { users, type Locale, type Theme, type User } from '../db/schema';
import { newId } from '../ids';
import { hashPassword, verifyPassword } from './password';

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

export function getUserByEmail(email: string): User | undefined {
	return getDb()
		.select()
		.from(users)
		.where(eq(users.email, normalizeEmail(email)))
		.get();
}

export function getUserById(id: string): User | undefined {
	return getDb().select().from(users).where(eq(users.id, id)).get();
}

export class EmailTakenError extends Error {
	constructor() {
		super('email already registered');
	}
}

/** Creates a user; throws EmailTakenError when the email is already registered. */
export async function createUser(input: {
	email: string;
	name: string;
	password: string;
	locale?: Locale | null;
	timeZone?: string | null;
}): Promise<User> {
	const passwordHash = await hashPassword(input.password);
	const user: User = {
		id: newId(),
		email: normalizeEmail(input.email),
		name: input.name.trim(),
		passwordHash,
		locale: input.locale ?? null,
		houseDirectory: false,
		theme: null,
		timeZone: input.timeZone ?? null,
		createdAt: new Date()
	};
	try {
		getDb().insert(users).values(user).run();
	} catch (error) {
		// The unique index is the source of truth: a concurrent sign-up can pass any earlier check.
		if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
			throw new EmailTakenError();
		}
		throw error;
	}
	return user;
}

/** The user when email and password match, else null (same answer for both failures). */
export async function authenticate(email: string, password: string): Promise<User | null> {
	const user = getUserByEmail(email);
	if (!user) {
		// Spend the same time as a real check so response times do not reveal registered emails.
		await verifyPassword(DUMMY_HASH, password);
		return null;
	}
	return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

const DUMMY_HASH =
	'$argon2id$v=19$m=19456,t=2,p=1$mfswadl5dQvvlHCKJ7uUrw$XPwIkJetw8S1E3JiTXEBQxQuh0cAg5u9dJHRX2XxPsY';

export function updateProfile(
	userId: string,
	changes: { name?: string; locale?: Locale | null; timeZone?: string | null }
) {
	getDb().update(users).set(changes).where(eq(users.id, userId)).run();
}

/**
 * Gives someone who has no time zone yet the one of their device; false when they have one (set
 * meanwhile, or chosen on their profile: a device never overrides a choice).
 */
export function adoptDeviceTimeZone(userId: string, timeZone: string): boolean {
	return (
		getDb()
			.update(users)
			.set({ timeZone })
			.where(and(eq(users.id, userId), isNull(users.timeZone)))
			.run().changes > 0
	);
}

/** Light, dark, or null to follow each device's setting. */
export function setTheme(userId: string, theme: Theme | null): void {
	getDb().update(users).set({ theme }).where(eq(users.id, userId)).run();
}

export async function setPassword(userId: string, password: string): Promise<void> {
	const passwordHash = await hashPassword(password);
	getDb().update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}
