// The operator's own audit log: who did what to its houses, agreements, costs and months.
import { desc, eq } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { operatorAuditEvents, users, type OperatorAuditAction } from '../db/schema';

export function recordOperatorAudit(
	db: Executor,
	event: {
		operatorId: string;
		actorId: string | null;
		action: OperatorAuditAction;
		subject: string;
		details?: Record<string, string | number | null>;
	}
): void {
	db.insert(operatorAuditEvents)
		.values({ ...event, details: event.details ?? null })
		.run();
}

export const OPERATOR_AUDIT_PAGE_SIZE = 50;

/** Newest first, with the actor's name (null when the actor's account is gone). */
export function listOperatorAudit(operatorId: string, page = 0) {
	return getDb()
		.select({
			id: operatorAuditEvents.id,
			action: operatorAuditEvents.action,
			subject: operatorAuditEvents.subject,
			details: operatorAuditEvents.details,
			createdAt: operatorAuditEvents.createdAt,
			actorName: users.name
		})
		.from(operatorAuditEvents)
		.leftJoin(users, eq(operatorAuditEvents.actorId, users.id))
		.where(eq(operatorAuditEvents.operatorId, operatorId))
		.orderBy(desc(operatorAuditEvents.createdAt), desc(operatorAuditEvents.id))
		.limit(OPERATOR_AUDIT_PAGE_SIZE + 1)
		.offset(page * OPERATOR_AUDIT_PAGE_SIZE)
		.all();
}
