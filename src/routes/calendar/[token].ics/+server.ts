import { error } from '@sveltejs/kit';
import { feedCalendar } from '$lib/server/calendar/feed';
import { feedForToken } from '$lib/server/calendar/feeds';
import { feedFetchWait } from '$lib/server/calendar/throttle';
import { config } from '$lib/server/config';
import type { RequestHandler } from './$types';

// A calendar app fetches this without a session: the token in the URL is the credential, so an
// unknown, reset or malformed one is a plain 404, like a page that does not exist.
export const GET: RequestHandler = (event) => {
	const feed = feedForToken(event.params.token);
	if (!feed) error(404, 'Not Found');
	const wait = feedFetchWait(feed.userId);
	if (wait > 0) {
		return new Response('Too Many Requests', {
			status: 429,
			headers: { 'retry-after': String(Math.ceil(wait / 1000)) }
		});
	}
	const body = feedCalendar(feed.userId, feed.includePlans, {
		origin: config().origin ?? event.url.origin,
		now: Date.now()
	});
	if (body === null) error(404, 'Not Found');
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			// One person's events: no shared cache may keep them, the app itself may for a while.
			'cache-control': 'private, max-age=300',
			'content-disposition': 'inline; filename="hameau.ics"'
		}
	});
};
