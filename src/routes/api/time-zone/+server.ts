import { error } from '@sveltejs/kit';
import { adoptDeviceTimeZone } from '$lib/server/auth/user';
import { publishProfileChanged } from '$lib/server/presence/events';
import { isTimeZone } from '$lib/server/time-zones';
import type { RequestHandler } from './$types';

// The device's time zone for someone who has none yet (an account made before zones were kept, or
// by an invitation link before it sent one): the root layout posts it once, so their times stop
// being read in UTC without waiting for their next log-in. Never overrides a zone already saved.
// JSON only: a form of another site cannot send that without the browser asking first (CORS).

export const POST: RequestHandler = async ({ locals, request }) => {
	if (!locals.user) error(401, 'Sign in first.');
	if (request.headers.get('content-type')?.split(';')[0].trim() !== 'application/json') {
		error(415, 'Send the time zone as application/json.');
	}
	const body = (await request.json().catch(() => null)) as { timeZone?: unknown } | null;
	const timeZone = body?.timeZone;
	if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) {
		error(400, 'Send a time zone the server knows, such as "Europe/Paris".');
	}
	const adopted = adoptDeviceTimeZone(locals.user.id, timeZone);
	// Their day on the boards of their companies is now read in that zone.
	if (adopted) publishProfileChanged(locals.user.id);
	return new Response(JSON.stringify({ adopted }), {
		headers: { 'content-type': 'application/json' }
	});
};
