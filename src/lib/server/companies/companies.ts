import { and, eq, inArray, like, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import { companies, memberships, type Company, type Membership, type Role } from '../db/schema';
import { newId } from '../ids';
import { slugify } from './slug';
import { byName } from '../../name-order';

export type CompanyAccess = { company: Company; membership: Membership };

/** Creates a company with its creator as owner; the slug is made unique by a numeric suffix. */
export function createCompany(ownerId: string, name: string): Company {
	const db = getDb();
	return db.transaction((tx) => {
		const base = slugify(name);
		const taken = new Set(
			tx
				.select({ slug: companies.slug })
				.from(companies)
				.where(or(eq(companies.slug, base), like(companies.slug, `${base}-%`)))
				.all()
				.map((row) => row.slug)
		);
		let slug = base;
		for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
		const company: Company = { id: newId(), name: name.trim(), slug, createdAt: new Date() };
		tx.insert(companies).values(company).run();
		tx.insert(memberships).values({ companyId: company.id, userId: ownerId, role: 'owner' }).run();
		recordAudit(tx, {
			companyId: company.id,
			actorId: ownerId,
			action: 'company.created',
			subject: company.name
		});
		return company;
	});
}

/** The company and the user's membership, or null when it does not exist or they are not in it. */
export function companyAccess(slug: string, userId: string): CompanyAccess | null {
	const row = prepared(getDb(), 'company-access', (db) =>
		db
			.select({ company: companies, membership: memberships })
			.from(companies)
			.innerJoin(
				memberships,
				and(
					eq(memberships.companyId, companies.id),
					eq(memberships.userId, sql.placeholder('userId'))
				)
			)
			.where(eq(companies.slug, sql.placeholder('slug')))
			.prepare()
	).get({ slug, userId });
	return row ?? null;
}

export function companiesOfUser(userId: string): Array<Company & { role: Role }> {
	return prepared(getDb(), 'companies-of-user', (db) =>
		db
			.select({
				id: companies.id,
				name: companies.name,
				slug: companies.slug,
				createdAt: companies.createdAt,
				role: memberships.role
			})
			.from(memberships)
			.innerJoin(companies, eq(memberships.companyId, companies.id))
			.where(eq(memberships.userId, sql.placeholder('userId')))
			.prepare()
	)
		.all({ userId })
		.sort(byName);
}

const rank: Record<Role, number> = { member: 0, manager: 1, owner: 2 };

/** true when `role` is at least `minimum` in owner > manager > member. */
export function hasRole(role: Role, minimum: Role): boolean {
	return rank[role] >= rank[minimum];
}

/** These companies' names, by id (a notification's e-mail sections, a push's title). */
export function companyNamesById(ids: readonly string[]): Map<string, string> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return new Map();
	return new Map(
		getDb()
			.select({ id: companies.id, name: companies.name })
			.from(companies)
			.where(inArray(companies.id, unique))
			.all()
			.map((row) => [row.id, row.name])
	);
}
