import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { emailField } from '$lib/server/auth/account-forms';
import { resetRequestWait } from '$lib/server/auth/attempts';
import { mailResetLink } from '$lib/server/auth/reset-mail';
import { parseForm, type FieldErrors, type FormValues } from '$lib/server/forms';
import { mailConfigured } from '$lib/server/mail/mailer';
import type { Actions, PageServerLoad } from './$types';

const forgotSchema = v.object({ email: emailField() });

export const load: PageServerLoad = () => ({ byEmail: mailConfigured() });

export const actions: Actions = {
	default: async (event) => {
		// Without SMTP the page offers no form; a post anyway is told the same as the page.
		if (!mailConfigured()) {
			const errors: FieldErrors = { form: m.trust_auth_forgot_no_mail() };
			const values: FormValues = {};
			return fail(404, { values, errors });
		}
		const parsed = parseForm(forgotSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const wait = resetRequestWait(event.getClientAddress());
		if (wait > 0) {
			const errors: FieldErrors = { form: m.auth_rate_limited({ minutes: wait }) };
			return fail(429, { values: parsed.values, errors });
		}
		mailResetLink(parsed.data.email, getLocale());
		return { sent: parsed.data.email };
	}
};
