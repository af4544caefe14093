import { error, json } from '@sveltejs/kit';
import { timeZoneGroups } from '$lib/server/time-zones';
import type { RequestHandler } from './$types';

// Every zone by region, for a zone picker asked to show them all in place (TimeZoneSelect): ~4 kB
// fetched once by the few who need a far zone, instead of ~25 kB in every form page. The list is
// the runtime's and changes only with a new release, so a browser may keep it a day.
export const GET: RequestHandler = ({ locals }) => {
	// Nothing private in it, but only the app's own pages ask for it.
	if (!locals.user) error(401, 'Sign in first.');
	return json(timeZoneGroups, { headers: { 'cache-control': 'private, max-age=86400' } });
};
