import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from './session';

/** The signed-in user, or a redirect to log-in that comes back here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	if (!event.locals.user) {
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	return event.locals.user;
}
