import { error } from '@sveltejs/kit';
import { companyAccess } from '$lib/server/companies/companies';
import { liveEventsResponse } from '$lib/server/live/sse';
import type { RequestHandler } from './$types';

// The company's live-events stream (SSE; see $lib/server/live/sse.ts for why not a WebSocket).
// No session → 401 (an EventSource does not follow a redirect to the log-in page usefully);
// not a member or no such company → 404, like every company page. `?check`: only those answers
// (204 when allowed), which the client asks for when its EventSource gives up, since an
// EventSource cannot read the status that made it give up.
export const GET: RequestHandler = ({ locals, params, request, url }) => {
	if (!locals.user || !locals.session) error(401, 'Unauthorized');
	const access = companyAccess(params.company, locals.user.id);
	if (!access) error(404, 'Not Found');
	if (url.searchParams.has('check')) return new Response(null, { status: 204 });
	// EventSource sends Last-Event-ID when it reconnects by itself; our client passes it in the
	// query when it opens a fresh EventSource (after an error or a sleep).
	const lastEventId = request.headers.get('last-event-id') ?? url.searchParams.get('after');
	return liveEventsResponse({
		channel: access.company.id,
		userId: locals.user.id,
		sessionId: locals.session.id,
		lastEventId: lastEventId || null
	});
};
