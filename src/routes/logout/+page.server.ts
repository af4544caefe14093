import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/session';
import { unsubscribeThisBrowser } from '$lib/server/notifications/push';
import type { Actions, PageServerLoad } from './$types';

// Logging out changes state, so it is a POST; a GET just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: ({ locals, cookies, url }) => {
		if (locals.user) unsubscribeThisBrowser(cookies, url, locals.user.id);
		if (locals.session) invalidateSession(locals.session.id);
		deleteSessionCookie(cookies, url);
		redirect(303, '/login');
	}
};
