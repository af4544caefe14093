// People, companies and houses made over HTTP through the real pages of a spawned server, for the
// tests that drive the app as a browser would (the in-process factories are in factories.ts).
// A person carries the client that holds their session, and what they signed up with, so a test
// can log them in again elsewhere.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { HttpClient, explain, strongPassword, uniqueEmail } from './client';
import type { ServerDb } from './read-db';
import { companies, houses, users } from '../../src/lib/server/db/schema';

export type Person = {
	client: HttpClient;
	id: string;
	name: string;
	email: string;
	password: string;
};

/** Signs a new person up through the real form and finds their id in the database. */
export async function signUp(baseUrl: string, db: ServerDb, name: string): Promise<Person> {
	const client = new HttpClient(baseUrl);
	const tag = name.toLowerCase().replace(/\W+/g, '-');
	const email = uniqueEmail(tag);
	const password = strongPassword(tag);
	await client.signUp(name, email, password);
	const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
	expect(row).toBeDefined();
	return { client, id: row!.id, name, email, password };
}

/** Creates an invitation through the invitations page and returns the token of the link it shows. */
export async function createInvitationToken(
	by: Pick<Person, 'client'>,
	slug: string,
	fields: { role: string; email?: string; uses?: 'single' | 'multi' }
): Promise<string> {
	const response = await by.client.postForm(`/${slug}/invitations?/create`, {
		role: fields.role,
		email: fields.email ?? '',
		expiresInDays: '7',
		uses: fields.uses ?? 'single'
	});
	const html = await response.text();
	expect(response.status, html.slice(0, 300)).toBe(200);
	const token = /\/invite\/([a-z0-9]+)/.exec(html)?.[1];
	expect(token).toBeDefined();
	return token!;
}

/** Invites `who` with `role` through the invitations page and accepts the link. */
export async function join(
	owner: Pick<Person, 'client'>,
	slug: string,
	who: Pick<Person, 'client'>,
	role: string
): Promise<void> {
	const token = await createInvitationToken(owner, slug, { role });
	const accepted = await who.client.postForm(`/invite/${token}?/accept`);
	expect(accepted.status, await explain(accepted)).toBe(303);
}

/** The fields of the house form; every test names its house, the rest has defaults. */
export type HouseFields = {
	commune: string;
	address: string;
	seats: string;
	timeZone: string;
	monthlyCost: string;
};

/** Creates a house through the houses page and returns its id. */
export async function createHouse(
	owner: Pick<Person, 'client'>,
	db: ServerDb,
	slug: string,
	name: string,
	fields: Partial<HouseFields> = {}
): Promise<string> {
	const response = await owner.client.postForm(`/${slug}/houses?/create`, {
		name,
		commune: 'Marvejols',
		address: '',
		seats: '8',
		timeZone: 'Europe/Paris',
		monthlyCost: '0',
		...fields
	});
	expect(response.status, await explain(response)).toBe(200);
	const row = db.select({ id: houses.id }).from(houses).where(eq(houses.name, name)).get();
	expect(row).toBeDefined();
	return row!.id;
}

export function companyIdOf(db: ServerDb, slug: string): string {
	return db.select({ id: companies.id }).from(companies).where(eq(companies.slug, slug)).get()!.id;
}

/** A company made through the pages, with the people of each role who joined it by invitation. */
export type HttpTeam = {
	slug: string;
	companyId: string;
	owner: Person;
	managers: Person[];
	members: Person[];
};

/**
 * Signs up an owner, who creates `company` and invites the named managers and members, each
 * signed up first. People are made in the order owner, managers, members.
 */
export async function signUpTeam(
	baseUrl: string,
	db: ServerDb,
	team: { owner: string; company: string; managers?: string[]; members?: string[] }
): Promise<HttpTeam> {
	const owner = await signUp(baseUrl, db, team.owner);
	const managers: Person[] = [];
	for (const name of team.managers ?? []) managers.push(await signUp(baseUrl, db, name));
	const members: Person[] = [];
	for (const name of team.members ?? []) members.push(await signUp(baseUrl, db, name));
	const slug = await owner.client.createCompany(team.company);
	for (const manager of managers) await join(owner, slug, manager, 'manager');
	for (const member of members) await join(owner, slug, member, 'member');
	return { slug, companyId: companyIdOf(db, slug), owner, managers, members };
}
