import { companiesOfUser } from '$lib/server/companies/companies';
import { unreadCount } from '$lib/server/notifications/notifications';
import { operatorsOfUser } from '$lib/server/operators/operators';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? {
				id: locals.user.id,
				name: locals.user.name,
				email: locals.user.email,
				/** Their profile's zone: the clock the page's times are read on (reader-zone.ts). */
				timeZone: locals.user.timeZone
			}
		: null,
	companies: locals.user
		? companiesOfUser(locals.user.id).map(({ name, slug, role }) => ({ name, slug, role }))
		: [],
	/** Light, dark or null (the device's): the <html> class after a change, the toolbar colour. */
	theme: locals.user?.theme ?? null,
	/** The operators they help run, listed apart in the switcher ("Houses you run"). */
	operators: locals.user
		? operatorsOfUser(locals.user.id).map(({ name, slug }) => ({ name, slug }))
		: [],
	/** The bell's count (kept current live on company pages) and when it was read. */
	notifications: { unread: locals.user ? unreadCount(locals.user.id) : 0, at: Date.now() }
});
