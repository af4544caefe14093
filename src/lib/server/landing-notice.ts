// A sentence said once on the page a form's redirect lands on ("Your password is changed",
// "Changes saved"). A short-lived cookie carries it across the redirect (with or without
// JavaScript), sent only to that page's path, and the page that says it deletes it, so a reload
// says nothing more. It holds no secret: only that this browser just did that.
import type { Cookies } from '@sveltejs/kit';

/** Long enough for the redirect; a landing that never came must not surprise a later visit. */
const NOTICE_SECONDS = 60;

const cookieOptions = (url: URL, path: string) =>
	({ path, httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' }) as const;

/** Notes, on the form's answer, that the page at `path` should say `name` once. */
export function noteForLanding(cookies: Cookies, url: URL, name: string, path: string): void {
	cookies.set(name, '1', { ...cookieOptions(url, path), maxAge: NOTICE_SECONDS });
}

/** Whether the page at `path` should say `name`; the note is spent by asking. */
export function takeLandingNote(cookies: Cookies, url: URL, name: string, path: string): boolean {
	if (cookies.get(name) === undefined) return false;
	cookies.delete(name, cookieOptions(url, path));
	return true;
}
