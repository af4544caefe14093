// "The company is deleted", said once on the companies page its only member lands on after
// deleting it (landing-notice.ts).
import type { Cookies } from '@sveltejs/kit';
import { noteForLanding, takeLandingNote } from '../landing-notice';

const DELETED_NOTICE_COOKIE = 'hameau_company_deleted';
const LANDING = '/companies';

export function noteCompanyDeleted(cookies: Cookies, url: URL): void {
	noteForLanding(cookies, url, DELETED_NOTICE_COOKIE, LANDING);
}

/** Whether to say so on this page; the note is spent by asking. */
export function takeCompanyDeletedNotice(cookies: Cookies, url: URL): boolean {
	return takeLandingNote(cookies, url, DELETED_NOTICE_COOKIE, LANDING);
}
