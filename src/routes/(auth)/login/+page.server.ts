import { fail, redirect } from '@sveltejs/kit';
import { safeReturnPath } from '$lib/safe-url';
import { logIn, loginSchema } from '$lib/server/auth/account-forms';
import { parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeReturnPath(url.searchParams.get('next')));
	return {
		next: safeReturnPath(url.searchParams.get('next'), ''),
		// Where the profile sends a person whose account it just deleted. Anyone may type the
		// address; it only says a sentence, and nothing here depends on it.
		accountDeleted: url.searchParams.get('account') === 'deleted'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const next = safeReturnPath(form.get('next')?.toString());
		const parsed = parseForm(loginSchema, form);
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const result = await logIn(event, parsed.data);
		if (!result.ok) return fail(result.status, { values: parsed.values, errors: result.errors });
		redirect(303, next);
	}
};
