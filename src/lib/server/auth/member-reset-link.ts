// An owner's way to let a member back in when the app sends no email: a reset link the owner
// hands over. A link opens the whole account, so an owner may make one only for a person whose
// every company they own and every operator they administer: otherwise it would open companies,
// or an operator's houses, agreements and statements, the owner has no say in.
import { aliasedTable, and, eq, ne, notExists } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import { getDb } from '../db';
import { memberships, operatorMembers, users, type Role } from '../db/schema';
import { createPasswordReset } from './password-reset';

export type MemberResetLinkResult =
	| { ok: true; token: string }
	| { ok: false; reason: 'not_allowed' | 'self' | 'not_found' }
	| { ok: false; reason: 'other_company' | 'operator'; name: string };

/** A one-time reset link for `targetUserId`, a member of the company, made by one of its owners. */
export function createMemberResetLink(
	companyId: string,
	actor: { userId: string; role: Role },
	targetUserId: string
): MemberResetLinkResult {
	if (actor.role !== 'owner') return { ok: false, reason: 'not_allowed' };
	if (targetUserId === actor.userId) return { ok: false, reason: 'self' };
	return getDb().transaction((tx): MemberResetLinkResult => {
		const target = tx
			.select({ name: users.name })
			.from(memberships)
			.innerJoin(users, eq(memberships.userId, users.id))
			.where(and(eq(memberships.companyId, companyId), eq(memberships.userId, targetUserId)))
			.get();
		if (!target) return { ok: false, reason: 'not_found' };
		const actorsOwnership = aliasedTable(memberships, 'actors_ownership');
		const companyOwnedByOthers = tx
			.select({ companyId: memberships.companyId })
			.from(memberships)
			.where(
				and(
					eq(memberships.userId, targetUserId),
					ne(memberships.companyId, companyId),
					notExists(
						tx
							.select({ one: actorsOwnership.userId })
							.from(actorsOwnership)
							.where(
								and(
									eq(actorsOwnership.companyId, memberships.companyId),
									eq(actorsOwnership.userId, actor.userId),
									eq(actorsOwnership.role, 'owner')
								)
							)
					)
				)
			)
			.get();
		if (companyOwnedByOthers) return { ok: false, reason: 'other_company', name: target.name };
		const actorsAdministration = aliasedTable(operatorMembers, 'actors_administration');
		const operatorRunByOthers = tx
			.select({ operatorId: operatorMembers.operatorId })
			.from(operatorMembers)
			.where(
				and(
					eq(operatorMembers.userId, targetUserId),
					notExists(
						tx
							.select({ one: actorsAdministration.userId })
							.from(actorsAdministration)
							.where(
								and(
									eq(actorsAdministration.operatorId, operatorMembers.operatorId),
									eq(actorsAdministration.userId, actor.userId),
									eq(actorsAdministration.role, 'admin')
								)
							)
					)
				)
			)
			.get();
		if (operatorRunByOthers) return { ok: false, reason: 'operator', name: target.name };
		const token = createPasswordReset(tx, targetUserId, actor.userId);
		recordAudit(tx, {
			companyId,
			actorId: actor.userId,
			action: 'member.reset_link_created',
			subject: target.name
		});
		return { ok: true, token };
	});
}
