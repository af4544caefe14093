import { error } from '@sveltejs/kit';
import { operatorChannel } from '$lib/server/live/hub';
import { liveEventsResponse, operatorStaffStillAllowed } from '$lib/server/live/sse';
import { operatorAccess } from '$lib/server/operators/operators';
import type { RequestHandler } from './$types';

// The operator's live-events stream (SSE, as a company's): what changes at its houses, so that
// its pages (the network, a house's today, the desk, occupancy) follow without a reload. No
// session → 401; not on the operator's staff or no such operator → 404, like its pages.
// `?check`: only those answers (204 when allowed), as a company's stream.
export const GET: RequestHandler = ({ locals, params, request, url }) => {
	if (!locals.user || !locals.session) error(401, 'Unauthorized');
	const access = operatorAccess(params.operator, locals.user.id);
	if (!access) error(404, 'Not Found');
	if (url.searchParams.has('check')) return new Response(null, { status: 204 });
	const operatorId = access.operator.id;
	const userId = locals.user.id;
	const sessionId = locals.session.id;
	const lastEventId = request.headers.get('last-event-id') ?? url.searchParams.get('after');
	return liveEventsResponse({
		channel: operatorChannel(operatorId),
		userId,
		sessionId,
		lastEventId: lastEventId || null,
		stillAllowed: () => operatorStaffStillAllowed(sessionId, operatorId, userId),
		presence: false
	});
};
