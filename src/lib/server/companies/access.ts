import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '../auth/guard';
import type { Role } from '../db/schema';
import { companyAccess, hasRole, type CompanyAccess } from './companies';

/**
 * For actions and endpoints under /[company]: a layout load does not guard form actions, so each
 * action checks again. Non-members get 404; members without the role get 403.
 */
export function requireCompany(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>,
	minimum: Role = 'member'
): CompanyAccess & { userId: string; role: Role } {
	const user = requireUser(event);
	const slug = (event.params as { company?: string }).company ?? '';
	const access = companyAccess(slug, user.id);
	if (!access) error(404, 'Not Found');
	if (!hasRole(access.membership.role, minimum)) error(403, m.error_forbidden_text());
	return { ...access, userId: user.id, role: access.membership.role };
}
