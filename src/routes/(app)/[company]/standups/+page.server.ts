import { hasRole } from '$lib/server/companies/companies';
import { requireCompany } from '$lib/server/companies/access';
import { getStandup, listStandups } from '$lib/server/standups/standups';
import { viewerTimeZone, standupCard } from '$lib/server/standups/views';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const access = requireCompany(event);
	const now = Date.now();
	const zone = viewerTimeZone(access.company.id, access.userId);
	return {
		canManage: hasRole(access.role, 'manager'),
		standups: listStandups(access.company.id).map((standup) =>
			standupCard(getStandup(access.company.id, standup.id)!, access.userId, zone, now)
		)
	};
};
