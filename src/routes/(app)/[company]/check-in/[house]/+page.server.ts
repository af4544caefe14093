import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import { getCompanyHouse } from '$lib/server/houses/houses';
import { checkIn } from '$lib/server/presence/check-in';
import type { Actions, PageServerLoad } from './$types';

// The link in a house's QR code: opened by a signed-in member, it sets today's place to the house
// (signed-out people log in first and come back here). Opened from another site, which a QR scan
// never is (the camera app opens it with no referrer site), it asks for a click instead, so a
// foreign page cannot check people in behind their back.
export const load: PageServerLoad = (event) => {
	const access = requireCompany(event);
	const house = getCompanyHouse(access.company.id, event.params.house);
	if (!house || house.archivedAt) error(404, 'Not Found');
	const site = event.request.headers.get('sec-fetch-site');
	if (site === 'cross-site' || site === 'same-site') {
		return { house: { id: house.id, name: house.name }, checkedIn: false };
	}
	const result = checkIn(access.company.id, access.userId, house.id);
	if (!result.ok) error(404, 'Not Found');
	return { house: { id: house.id, name: house.name }, checkedIn: true };
};

export const actions: Actions = {
	default: (event) => {
		const access = requireCompany(event);
		const result = checkIn(access.company.id, access.userId, event.params.house);
		if (!result.ok) return fail(404, { error: m.presence_check_in_unknown_house() });
		return { done: true };
	}
};
