import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '../auth/guard';
import type { OperatorRole } from '../db/schema';
import { hasOperatorRole, operatorAccess, type OperatorAccess } from './operators';

/**
 * For every load, action and endpoint under /operators/[operator]: a layout load does not guard
 * form actions, so each checks again. Non-members get 404 (an operator's existence never leaks);
 * staff asking for an admin's action get 403.
 */
export function requireOperator(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>,
	minimum: OperatorRole = 'staff'
): OperatorAccess & { userId: string; role: OperatorRole } {
	const user = requireUser(event);
	const slug = (event.params as { operator?: string }).operator ?? '';
	const access = operatorAccess(slug, user.id);
	if (!access) error(404, 'Not Found');
	if (!hasOperatorRole(access.member.role, minimum)) error(403, m.operators_error_forbidden_text());
	return { ...access, userId: user.id, role: access.member.role };
}
