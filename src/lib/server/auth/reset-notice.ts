// "Your password is changed", said once on the page a reset lands on. A short-lived cookie carries
// it across the redirect (with or without JavaScript), and the page that says it deletes it, so a
// reload says nothing more. It holds no secret: only that this browser just reset a password.
import type { Cookies } from '@sveltejs/kit';

const RESET_NOTICE_COOKIE = 'hameau_password_reset';
/** The page a reset lands on, and the only path the cookie is sent to. */
export const RESET_LANDING = '/companies';
/** Long enough for the redirect; a landing that never came must not surprise a later visit. */
const NOTICE_SECONDS = 60;

const cookieOptions = (url: URL) =>
	({
		path: RESET_LANDING,
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	}) as const;

/** Notes, on the reset's answer, that the landing page should say the password is changed. */
export function noteResetDone(cookies: Cookies, url: URL): void {
	cookies.set(RESET_NOTICE_COOKIE, '1', { ...cookieOptions(url), maxAge: NOTICE_SECONDS });
}

/** Whether to say so on this page; the note is spent by asking. */
export function takeResetNotice(cookies: Cookies, url: URL): boolean {
	if (cookies.get(RESET_NOTICE_COOKIE) === undefined) return false;
	cookies.delete(RESET_NOTICE_COOKIE, cookieOptions(url));
	return true;
}
