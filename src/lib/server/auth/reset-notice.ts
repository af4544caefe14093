// "Your password is changed", said once on the page a reset lands on (landing-notice.ts).
import type { Cookies } from '@sveltejs/kit';
import { noteForLanding, takeLandingNote } from '../landing-notice';

const RESET_NOTICE_COOKIE = 'hameau_password_reset';
/** The page a reset lands on, and the only path the cookie is sent to. */
export const RESET_LANDING = '/companies';

/** Notes, on the reset's answer, that the landing page should say the password is changed. */
export function noteResetDone(cookies: Cookies, url: URL): void {
	noteForLanding(cookies, url, RESET_NOTICE_COOKIE, RESET_LANDING);
}

/** Whether to say so on this page; the note is spent by asking. */
export function takeResetNotice(cookies: Cookies, url: URL): boolean {
	return takeLandingNote(cookies, url, RESET_NOTICE_COOKIE, RESET_LANDING);
}
