import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guard';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import {
	checkIn,
	checkInRefusedMessage,
	checkInShown,
	doorCheckIn,
	ownHouseCheckInPath
} from '$lib/server/presence/check-in';
import { halfValue } from '$lib/server/presence/forms';
import type { Actions, PageServerLoad } from './$types';

// The QR code on an operated house's door, the same for every company: a signed-in person checks
// in for their company whose agreement covers the house today (choosing when they have several).
// Opening it changes nothing; the check-in is the click on "this morning / afternoon / all day".
// A company's own house has its company link instead, where this address sends its members.
export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const door = doorCheckIn(event.params.house, user.id);
	if (!door) {
		const own = ownHouseCheckInPath(event.params.house, user.id);
		if (own) redirect(303, own);
		error(404, 'Not Found');
	}
	return {
		house: { id: door.house.id, name: door.house.name, commune: door.house.commune },
		companies: door.companies
	};
};

const schema = v.object({ company: v.pipe(v.string(), v.maxLength(100)), half: halfValue });

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const door = doorCheckIn(event.params.house, user.id);
		if (!door) error(404, 'Not Found');
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const company = door.companies.find((row) => row.id === parsed.data.company);
		if (!company)
			return fail(400, { errors: { company: m.presence_door_company_invalid() } as FieldErrors });
		const result = checkIn(company.id, user.id, door.house.id, Date.now(), parsed.data.half, 'qr');
		if (!result.ok) {
			return fail(400, {
				errors: { company: checkInRefusedMessage(result.reason) } as FieldErrors
			});
		}
		return {
			done: {
				company: { name: company.name, slug: company.slug },
				...checkInShown(result)
			}
		};
	}
};
