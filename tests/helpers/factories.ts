// Test data built through the real domain functions, so every row is one the app could write.
import { createUser } from '../../src/lib/server/auth/user';
import { createCompany } from '../../src/lib/server/companies/companies';
import type { Company, House, Role, User } from '../../src/lib/server/db/schema';
import { acceptInvitation, createInvitation } from '../../src/lib/server/companies/invitations';
import { createHouse, type HouseInput } from '../../src/lib/server/houses/houses';
import type { StandupInput } from '../../src/lib/server/standups/standups';
import { getDb } from '../../src/lib/server/db';
import { statuses } from '../../src/lib/server/db/schema';

let counter = 0;

/** argon2 costs ~50 ms a hash; fine for the handful of users a test file needs. */
export async function makeUser(name = 'Person'): Promise<User> {
	counter += 1;
	return createUser({
		name: `${name} ${counter}`,
		email: `${name.toLowerCase().replace(/\W+/g, '-')}-${counter}-${Date.now().toString(36)}@example.org`,
		password: 'une-longue-phrase-de-passe'
	});
}

/** A company owned by `owner`. */
export function makeCompany(owner: User, name = `Company ${++counter}`): Company {
	return createCompany(owner.id, name);
}

/** Adds `user` to the company with `role`, the way the app does it: through an invitation. */
export function addMember(company: Company, owner: User, user: User, role: Role): void {
	const created = createInvitation(
		company.id,
		{ userId: owner.id, role: 'owner' },
		{ role, email: null, expiresInDays: 1, maxUses: 1 }
	);
	if (!created) throw new Error('owner could not create an invitation');
	const accepted = acceptInvitation(created.token, user);
	if (!accepted.ok) throw new Error(`invitation not accepted: ${accepted.reason}`);
}

export function houseInput(overrides: Partial<HouseInput> = {}): HouseInput {
	counter += 1;
	return {
		name: `Maison ${counter}`,
		commune: 'Saint-Flour',
		address: '1 rue du Lavoir',
		seats: 6,
		timeZone: 'Europe/Paris',
		monthlyCostCents: 45_000,
		uplinkKbps: null,
		downlinkKbps: null,
		...overrides
	};
}

/** A stand-up every weekday at 09:30 in Paris, for everyone, run by managers. */
export function standupInput(overrides: Partial<StandupInput> = {}): StandupInput {
	return {
		name: 'Daily',
		audience: 'everyone',
		houseIds: [],
		userIds: [],
		days: [1, 2, 3, 4, 5],
		time: '09:30',
		timeZone: 'Europe/Paris',
		questions: ['Today?'],
		speakerSeconds: 60,
		runners: 'managers',
		opensMinutesBefore: 120,
		...overrides
	};
}

/** A house of the company, created by an owner. */
export function makeHouse(
	company: Company,
	owner: User,
	overrides: Partial<HouseInput> = {}
): House {
	const house = createHouse(company.id, { userId: owner.id, role: 'owner' }, houseInput(overrides));
	if (!house) throw new Error('owner could not create a house');
	return house;
}

/** Who performs an action, as the domain functions take it. */
export type Actor = { userId: string; role: Role };

/** `user` acting with `role` (whatever their membership says: tests check both). */
export function actingAs(user: User, role: Role): Actor {
	return { userId: user.id, role };
}

/** A company and its owner, who acts as owner. */
export async function createOwnedCompany(): Promise<{
	owner: User;
	company: Company;
	asOwner: Actor;
}> {
	const owner = await makeUser('Owner');
	const company = makeCompany(owner);
	return { owner, company, asOwner: actingAs(owner, 'owner') };
}

/** A company with one person of each role, each joined by invitation, and how each acts. */
export type Team = {
	company: Company;
	owner: User;
	manager: User;
	member: User;
	asOwner: Actor;
	asManager: Actor;
	asMember: Actor;
};

/** Makes a `Team`: the owner, then a manager and a member invited by the owner. */
export async function createTeam(): Promise<Team> {
	const owner = await makeUser('Owner');
	const manager = await makeUser('Manager');
	const member = await makeUser('Member');
	const company = makeCompany(owner);
	addMember(company, owner, manager, 'manager');
	addMember(company, owner, member, 'member');
	return {
		company,
		owner,
		manager,
		member,
		asOwner: actingAs(owner, 'owner'),
		asManager: actingAs(manager, 'manager'),
		asMember: actingAs(member, 'member')
	};
}

/**
 * A do-not-disturb status ending at `until` (ms), for a clock of the test's: the app's setStatus
 * takes a wall-clock time of today, which a test running near midnight could not give.
 */
export function setQuietUntil(companyId: string, userId: string, until: number): void {
	const now = Date.now();
	getDb()
		.insert(statuses)
		.values({
			companyId,
			userId,
			dndUntil: new Date(until),
			expiresAt: new Date(Math.max(until, now) + 3600_000),
			updatedAt: new Date(now)
		})
		.run();
}
