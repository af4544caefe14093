import { standupCalendar } from '$lib/server/calendar/feed';
import { config } from '$lib/server/config';
import { participantsOf } from '$lib/server/standups/standups';
import { getLocale } from '$lib/paraglide/runtime';
import { requireStandup } from '../require-standup.server';
import type { RequestHandler } from './$types';

// The stand-up as a calendar file, for people who add it once rather than subscribe to a feed.
// Members of its company only (404 for everyone else, like the page).
export const GET: RequestHandler = (event) => {
	const { access, detail } = requireStandup(event);
	const { standup } = detail;
	const body = standupCalendar(
		{
			id: standup.id,
			name: standup.name,
			days: standup.days,
			time: standup.time,
			timeZone: standup.timeZone,
			speakerSeconds: standup.speakerSeconds,
			createdAt: standup.createdAt,
			participants: participantsOf(detail).length,
			companySlug: access.company.slug,
			companyName: access.company.name
		},
		{ origin: config().origin ?? event.url.origin, now: Date.now() },
		getLocale()
	);
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'cache-control': 'private, no-store',
			'content-disposition': 'attachment; filename="standup.ics"'
		}
	});
};
