// "Your company's monthly house statement is ready": told to each billed company's owners and
// managers (who may read statements) when the operator closes the month.
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '../db';
import { memberships } from '../db/schema';
import { companySlug, notify } from './notifications';

export function notifyStatementsReady(
	house: { id: string; name: string },
	month: string,
	companyIds: string[]
): number {
	let notified = 0;
	for (const companyId of new Set(companyIds)) {
		const slug = companySlug(companyId);
		if (!slug) continue;
		const readers = getDb()
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(
				and(eq(memberships.companyId, companyId), inArray(memberships.role, ['owner', 'manager']))
			)
			.all()
			.map((row) => row.userId);
		notified += notify(readers, 'statement_ready', {
			companyId,
			payload: { month, house: house.name },
			link: `/${slug}/houses/${house.id}/statements/${month}`,
			// One per company: someone who owns or manages two companies billed by the house is
			// told of each statement (keyed by house and month alone, the second was dropped).
			dedupeKey: `statement_ready:${house.id}:${month}:${companyId}`
		}).length;
	}
	return notified;
}
