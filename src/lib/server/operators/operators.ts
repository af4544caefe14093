// Operators as spaces: creating one, who belongs to it, and with which role. Mirrors companies
// (companies/companies.ts), in its own tables and URL space (/operators/<slug>).
import { and, eq, like, or, sql } from 'drizzle-orm';
import { getDb } from '../db';
import { prepared } from '../db/prepared';
import {
	operatorMembers,
	operators,
	type Operator,
	type OperatorMember,
	type OperatorRole
} from '../db/schema';
import { newId } from '../ids';
import { slugify } from '../companies/slug';
import { recordOperatorAudit } from './audit';
import { byName } from '../../name-order';

export type OperatorAccess = { operator: Operator; member: OperatorMember };

/** Creates an operator with its creator as admin; the slug is made unique by a numeric suffix. */
export function createOperator(adminId: string, name: string): Operator {
	return getDb().transaction((tx) => {
		const base = slugify(name);
		const taken = new Set(
			tx
				.select({ slug: operators.slug })
				.from(operators)
				.where(or(eq(operators.slug, base), like(operators.slug, `${base}-%`)))
				.all()
				.map((row) => row.slug)
		);
		let slug = base;
		for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
		const operator: Operator = { id: newId(), name: name.trim(), slug, createdAt: new Date() };
		tx.insert(operators).values(operator).run();
		tx.insert(operatorMembers)
			.values({ operatorId: operator.id, userId: adminId, role: 'admin' })
			.run();
		recordOperatorAudit(tx, {
			operatorId: operator.id,
			actorId: adminId,
			action: 'operator.created',
			subject: operator.name
		});
		return operator;
	});
}

/** The operator and the user's membership, or null when it does not exist or they are not in it. */
export function operatorAccess(slug: string, userId: string): OperatorAccess | null {
	const row = prepared(getDb(), 'operator-access', (db) =>
		db
			.select({ operator: operators, member: operatorMembers })
			.from(operators)
			.innerJoin(
				operatorMembers,
				and(
					eq(operatorMembers.operatorId, operators.id),
					eq(operatorMembers.userId, sql.placeholder('userId'))
				)
			)
			.where(eq(operators.slug, sql.placeholder('slug')))
			.prepare()
	).get({ slug, userId });
	return row ?? null;
}

/** The operators a user belongs to, for the switcher beside their companies. */
export function operatorsOfUser(userId: string): Array<Operator & { role: OperatorRole }> {
	return prepared(getDb(), 'operators-of-user', (db) =>
		db
			.select({
				id: operators.id,
				name: operators.name,
				slug: operators.slug,
				createdAt: operators.createdAt,
				role: operatorMembers.role
			})
			.from(operatorMembers)
			.innerJoin(operators, eq(operatorMembers.operatorId, operators.id))
			.where(eq(operatorMembers.userId, sql.placeholder('userId')))
			.prepare()
	)
		.all({ userId })
		.sort(byName);
}

const rank: Record<OperatorRole, number> = { staff: 0, admin: 1 };

/** true when `role` is at least `minimum` in admin > staff. */
export function hasOperatorRole(role: OperatorRole, minimum: OperatorRole): boolean {
	return rank[role] >= rank[minimum];
}
