import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { passwordMessage, startSession } from '$lib/server/auth/account-forms';
import { findUsableReset, resetPassword } from '$lib/server/auth/password-reset';
import { noteResetDone, RESET_LANDING } from '$lib/server/auth/reset-notice';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const resetSchema = v.object({
	password: v.pipe(
		v.string(() => m.error_required()),
		v.nonEmpty(() => m.error_required())
	)
});

export const load: PageServerLoad = ({ params, setHeaders }) => {
	// The token is in the address: the page must not sit in a cache. (Referer headers carry it
	// nowhere: the site's Referrer-Policy is same-origin.) Load also runs after the action.
	setHeaders({ 'cache-control': 'no-store' });
	return { email: findUsableReset(params.token)?.email ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(resetSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const result = await resetPassword(event.params.token, parsed.data.password);
		if (!result.ok) {
			const errors: FieldErrors =
				result.reason === 'invalid'
					? { form: m.trust_auth_reset_invalid() }
					: { password: passwordMessage(result.problem) };
			return fail(result.reason === 'invalid' ? 410 : 400, { errors });
		}
		// Every session ended with the reset; the person who just proved the link is signed in here.
		startSession(event, result.userId);
		noteResetDone(event.cookies, event.url, result.feedEnded);
		redirect(303, RESET_LANDING);
	}
};
