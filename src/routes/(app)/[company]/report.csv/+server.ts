import { error } from '@sveltejs/kit';
import { requireCompany } from '$lib/server/companies/access';
import { occupancyCsv, occupancyReport } from '$lib/server/presence/report';
import { reportParams } from '$lib/server/presence/report-params';
import { todayIn } from '$lib/zoned-time';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	const access = requireCompany(event, 'manager');
	const { house, month, monthValid } = reportParams(access.company.id, event.url);
	// Only a hand-made address gets here (the report's form sends a valid month): said as the form says it.
	if (!monthValid) error(400, m.presence_report_month_invalid());
	if (!house) error(404, 'Not Found');
	const csv = occupancyCsv(
		occupancyReport(access.company.id, house, month, todayIn(house.timeZone)),
		getLocale()
	);
	const name = `occupancy-${house.name.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}-${month}.csv`;
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${encodeURIComponent(name)}"`
		}
	});
};
