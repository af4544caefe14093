import { error, redirect } from '@sveltejs/kit';
import { cookieName, isLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { safeReturnPath } from '$lib/safe-url';
import { updateProfile } from '$lib/server/auth/user';
import type { RequestHandler } from './$types';

/** The language switcher: a plain form POST, so it works without JavaScript. */
export const POST: RequestHandler = async ({ request, cookies, locals }) => {
	const form = await request.formData();
	const locale = form.get('locale')?.toString();
	if (!locale || !isLocale(locale)) error(400, m.common_language_unknown());
	cookies.set(cookieName, locale, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		maxAge: 400 * 24 * 3600
	});
	if (locals.user) updateProfile(locals.user.id, { locale });
	redirect(303, safeReturnPath(form.get('redirectTo')?.toString()));
};
