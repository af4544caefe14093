import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import {
	PUSH_ENDPOINT_COOKIE,
	parsePushSubscription,
	rememberPushEndpoint,
	subscribePush,
	unsubscribePush
} from '$lib/server/notifications/push';
import { vapidPublicKey } from '$lib/server/notifications/push-keys';
import type { RequestEvent, RequestHandler } from './$types';

// This browser's Web Push subscription, for the signed-in person: the settings page and the
// service worker (when the push service renews a subscription) post it here. JSON only: a form
// of another site cannot send that without the browser asking this origin first (CORS).

function signedIn({ locals }: RequestEvent) {
	if (!locals.user) error(401, 'Sign in to receive notifications on this device.');
	return locals.user;
}

async function jsonBody(request: Request): Promise<unknown> {
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
	if (type !== 'application/json') error(415, 'Send the subscription as application/json.');
	try {
		return await request.json();
	} catch {
		// Unreadable JSON is the sender's mistake, answered as such (not a 500).
		error(400, 'The body is not valid JSON.');
	}
}

/** The key browsers subscribe with (applicationServerKey). */
export const GET: RequestHandler = (event) => {
	signedIn(event);
	return json({ publicKey: vapidPublicKey() });
};

export const POST: RequestHandler = async (event) => {
	const user = signedIn(event);
	const parsed = parsePushSubscription(await jsonBody(event.request));
	if (!parsed.ok) error(400, parsed.message);
	subscribePush(user.id, parsed.subscription, event.request.headers.get('user-agent') ?? '');
	rememberPushEndpoint(event.cookies, event.url, parsed.subscription.endpoint);
	return json({ subscribed: true }, { status: 201 });
};

const unsubscribeSchema = v.object(
	{
		endpoint: v.pipe(v.string('The endpoint is missing.'), v.nonEmpty('The endpoint is missing.'))
	},
	'The body must name the endpoint to forget.'
);

/** Forgets one of the person's own subscriptions (someone else's is answered as unknown). */
export const DELETE: RequestHandler = async (event) => {
	const user = signedIn(event);
	const parsed = v.safeParse(unsubscribeSchema, await jsonBody(event.request));
	if (!parsed.success) error(400, parsed.issues[0].message);
	if (!unsubscribePush(user.id, parsed.output.endpoint)) error(404, 'No such subscription.');
	if (event.cookies.get(PUSH_ENDPOINT_COOKIE) === parsed.output.endpoint) {
		rememberPushEndpoint(event.cookies, event.url, null);
	}
	return new Response(null, { status: 204 });
};
