import { error, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '$lib/server/db/schema';
import { requireCompany } from '$lib/server/companies/access';
import { getStandup } from '$lib/server/standups/standups';

/** The company access and the stand-up, for members of its company; 404 for everyone else. */
export function requireStandup(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>,
	minimum: Role = 'member'
) {
	const access = requireCompany(event, minimum);
	const standupId = (event.params as { standup?: string }).standup ?? '';
	const detail = getStandup(access.company.id, standupId);
	if (!detail || detail.standup.archivedAt !== null) error(404, 'Not Found');
	return { access, detail };
}
