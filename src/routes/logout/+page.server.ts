import { redirect } from '@sveltejs/kit';
import { safeReturnPath } from '$lib/safe-url';
import { deleteSessionCookie } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/session';
import { unsubscribeThisBrowser } from '$lib/server/notifications/push';
import type { Actions, PageServerLoad } from './$types';

// Logging out changes state, so it is a POST; a GET just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url, request, setHeaders }) => {
		// A page may ask to be shown again once signed out: an invitation opened by the wrong
		// account, to sign in or up as the invited address. Only a path of this site, as at login.
		const next = safeReturnPath((await request.formData()).get('next')?.toString(), '/login');
		if (locals.user) unsubscribeThisBrowser(cookies, url, locals.user.id);
		if (locals.session) invalidateSession(locals.session.id);
		deleteSessionCookie(cookies, url);
		// Nothing of the account stays in this browser, a house's shared computer say: the
		// documents' offline copies (IndexedDB), what localStorage holds, and the app worker with
		// its cache (registered again by the next page). The session cookie went above; the
		// language cookie stays. Browsers honour it on https and on localhost.
		setHeaders({ 'clear-site-data': '"storage"' });
		redirect(303, next);
	}
};
