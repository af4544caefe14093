import { error } from '@sveltejs/kit';
import { requireCompany } from '$lib/server/companies/access';
import { boardHouses } from '$lib/server/presence/board';
import { occupancyReport } from '$lib/server/presence/report';
import { reportParams } from '$lib/server/presence/report-params';
import { todayIn } from '$lib/zoned-time';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const access = requireCompany(event, 'manager');
	const { house, month, monthValid } = reportParams(access.company.id, event.url);
	if (event.url.searchParams.has('house') && !house) error(404, 'Not Found');
	return {
		houses: boardHouses(access.company.id).map(({ id, name }) => ({ id, name })),
		month,
		monthValid,
		report: house ? occupancyReport(access.company.id, house, month, todayIn(house.timeZone)) : null
	};
};
