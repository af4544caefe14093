// A house invitation still waiting for an answer is superseded once the company it names works at
// the house under an agreement it could not start another beside (startRefusal's already_joined
// or overlap): that company accepted another invitation, or its request was answered. It no longer
// waits: the operator reads it as closed, it holds no seats, and nobody may accept it — not that
// company (refused anyway), nor another one holding the link, which the operator never meant.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { agreements, companies, houseInvitations } from '../db/schema';

/** Company names as the operator types them: "Atelier Dupont" and "atelier dupont " are one. */
export const sameName = (name: string) => name.trim().toLocaleLowerCase();

/** The agreement that closes an invitation, and its company. */
export type Superseding = {
	agreementId: string;
	companyId: string;
	companyName: string;
	companySlug: string;
	startDate: string;
	endDate: string | null;
};

/** What an invitation is told apart by: the company it names and the day it would start. */
type Addressed = { companyName: string; startDate: string };

/**
 * For the house, a function telling which agreement supersedes an invitation, or null. A company
 * goes by its own name and by the names of the invitations it accepted at the house (the operator
 * may have typed it otherwise); its agreement supersedes an invitation under one of those names
 * when it has no end, or ends on or after the invitation's start (they would overlap).
 */
export function supersedingAt(
	db: Executor,
	houseId: string
): (invitation: Addressed) => Superseding | null {
	const rows = db
		.select({
			agreementId: agreements.id,
			companyId: agreements.companyId,
			companyName: companies.name,
			companySlug: companies.slug,
			startDate: agreements.startDate,
			endDate: agreements.endDate
		})
		.from(agreements)
		.innerJoin(companies, eq(agreements.companyId, companies.id))
		.where(eq(agreements.houseId, houseId))
		.all();
	if (rows.length === 0) return () => null;
	const names = new Map<string, Set<string>>();
	for (const row of rows) names.set(row.companyId, new Set([sameName(row.companyName)]));
	const accepted = db
		.select({ companyId: houseInvitations.acceptedCompanyId, name: houseInvitations.companyName })
		.from(houseInvitations)
		.where(
			and(eq(houseInvitations.houseId, houseId), isNotNull(houseInvitations.acceptedCompanyId))
		)
		.all();
	for (const { companyId, name } of accepted) {
		if (companyId) names.get(companyId)?.add(sameName(name));
	}
	return ({ companyName, startDate }) =>
		rows.find(
			(row) =>
				names.get(row.companyId)!.has(sameName(companyName)) &&
				(row.endDate === null || row.endDate >= startDate)
		) ?? null;
}
