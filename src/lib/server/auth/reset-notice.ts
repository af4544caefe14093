// "Your password is changed", said once on the page a reset lands on (landing-notice.ts).
import type { Cookies } from '@sveltejs/kit';
import { noteForLanding, takeLandingNote } from '../landing-notice';

const RESET_NOTICE_COOKIE = 'hameau_password_reset';
/** The page a reset lands on, and the only path the cookie is sent to. */
export const RESET_LANDING = '/companies';

/** And that the reset turned the calendar feed off (calendar/feeds.ts endFeedWithSessions). */
const FEED_ENDED_COOKIE = 'hameau_password_reset_feed';

/** Notes, on the reset's answer, that the landing page should say the password is changed. */
export function noteResetDone(cookies: Cookies, url: URL, feedEnded: boolean): void {
	noteForLanding(cookies, url, RESET_NOTICE_COOKIE, RESET_LANDING);
	if (feedEnded) noteForLanding(cookies, url, FEED_ENDED_COOKIE, RESET_LANDING);
}

/** What to say on this page, if anything; the notes are spent by asking. */
export function takeResetNotice(cookies: Cookies, url: URL): { feedEnded: boolean } | null {
	const feedEnded = takeLandingNote(cookies, url, FEED_ENDED_COOKIE, RESET_LANDING);
	return takeLandingNote(cookies, url, RESET_NOTICE_COOKIE, RESET_LANDING) ? { feedEnded } : null;
}
