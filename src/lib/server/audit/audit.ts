import { desc, eq } from 'drizzle-orm';
import { getDb, type Executor } from '../db';
import { auditEvents, users, type AuditAction } from '../db/schema';

export function recordAudit(
	db: Executor,
	event: {
		companyId: string;
		actorId: string | null;
		action: AuditAction;
		subject: string;
		details?: Record<string, string | number | null>;
	}
): void {
	db.insert(auditEvents)
		.values({ ...event, details: event.details ?? null })
		.run();
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, with the actor's name (null when the actor's account is gone). */
export function listAudit(companyId: string, page = 0) {
	return getDb()
		.select({
			id: auditEvents.id,
			action: auditEvents.action,
			subject: auditEvents.subject,
			details: auditEvents.details,
			createdAt: auditEvents.createdAt,
			actorName: users.name
		})
		.from(auditEvents)
		.leftJoin(users, eq(auditEvents.actorId, users.id))
		.where(eq(auditEvents.companyId, companyId))
		.orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
		.limit(AUDIT_PAGE_SIZE + 1)
		.offset(page * AUDIT_PAGE_SIZE)
		.all();
}
