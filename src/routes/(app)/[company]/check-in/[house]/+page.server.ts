import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { requireCompany } from '$lib/server/companies/access';
import { parseForm } from '$lib/server/forms';
import { getCompanyHouse } from '$lib/server/houses/houses';
import {
	checkIn,
	checkInRefusedMessage,
	checkInShown,
	scanCheckIn
} from '$lib/server/presence/check-in';
import { halfValue } from '$lib/server/presence/forms';
import type { Actions, PageServerLoad } from './$types';

// The link in a company's QR code for one of its houses: opened by a signed-in member, it checks
// them in for the whole day (signed-out people log in first and come back here), and the page
// offers to narrow it to this morning or this afternoon. Opened again, it changes nothing they
// chose (scanCheckIn). Opened from another site, which a QR scan
// never is (the camera app opens it with no referrer site), it asks for a click instead, so a
// foreign page cannot check people in behind their back. Scanned → method 'qr', followed from
// the app → 'click'.
export const load: PageServerLoad = (event) => {
	const access = requireCompany(event);
	const house = getCompanyHouse(access.company.id, event.params.house);
	if (!house || house.archivedAt) error(404, 'Not Found');
	const site = event.request.headers.get('sec-fetch-site');
	const shownHouse = { id: house.id, name: house.name };
	if (site === 'cross-site' || site === 'same-site') {
		return { house: shownHouse, checkedIn: null, refused: null };
	}
	const method = site === 'same-origin' ? 'click' : 'qr';
	const result = scanCheckIn(access.company.id, access.userId, house.id, Date.now(), method);
	if (!result.ok) {
		if (result.reason === 'unknown_house') error(404, 'Not Found');
		return { house: shownHouse, checkedIn: null, refused: checkInRefusedMessage(result.reason) };
	}
	return { house: shownHouse, checkedIn: checkInShown(result), refused: null };
};

const schema = v.object({ half: v.optional(halfValue, 'day') });

export const actions: Actions = {
	default: async (event) => {
		const access = requireCompany(event);
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.ok) return fail(400, { error: parsed.errors.half });
		const result = checkIn(
			access.company.id,
			access.userId,
			event.params.house,
			Date.now(),
			parsed.data.half,
			'click'
		);
		if (!result.ok) {
			return fail(result.reason === 'unknown_house' ? 404 : 400, {
				error: checkInRefusedMessage(result.reason)
			});
		}
		return { done: checkInShown(result) };
	}
};
