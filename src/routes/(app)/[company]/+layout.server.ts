import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { companyAccess } from '$lib/server/companies/companies';
import { LAST_COMPANY_COOKIE } from '$lib/server/companies/last-company';
import { ringingKnocks } from '$lib/server/knocks/knocks';
import { liveHub } from '$lib/server/live/hub';
import type { LayoutServerLoad } from './$types';

// Every company page sits below this layout: not a member (or no such company) → 404, so a
// company's existence never leaks.
export const load: LayoutServerLoad = (event) => {
	const user = requireUser(event);
	const access = companyAccess(event.params.company, user.id);
	if (!access) error(404, 'Not Found');
	event.cookies.set(LAST_COMPANY_COOKIE, access.company.slug, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		maxAge: 400 * 24 * 3600
	});
	return {
		company: { id: access.company.id, name: access.company.name, slug: access.company.slug },
		role: access.membership.role,
		/** Where the page's live-events channel starts (pages' own data is at least this fresh). */
		liveCursor: liveHub().cursor(access.company.id),
		/** Knocks ringing now at their door or at a colleague's by them (the prompt). */
		knocks: ringingKnocks(access.company.id, user.id)
	};
};
