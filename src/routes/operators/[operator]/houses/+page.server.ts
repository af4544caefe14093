import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { housePhotoUrls } from '$lib/server/houses/photos';
import { requireOperator } from '$lib/server/operators/access';
import { createOperatorHouse, listOperatorHouses } from '$lib/server/operators/houses';
import { asksForAllTimeZones, timeZoneGroups } from '$lib/server/time-zones';
import { DEFAULT_TIME_ZONE, houseTimeZones, parseOperatedHouse } from './house-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { operator, role } = requireOperator(event);
	const canManage = role === 'admin';
	const operated = listOperatorHouses(operator.id);
	const photos = housePhotoUrls(operated.map((house) => house.id));
	const houses = operated.map((house) => ({
		id: house.id,
		name: house.name,
		commune: house.commune,
		seats: house.seats,
		openingDays: house.openingDays,
		opensAt: house.opensAt,
		closesAt: house.closesAt,
		listed: house.listed,
		archived: house.archivedAt !== null,
		photoUrl: photos.get(house.id) ?? null
	}));
	return {
		canManage,
		houses: houses.filter((house) => !house.archived),
		archivedHouses: houses.filter((house) => house.archived),
		suggestedTimeZones: canManage ? houseTimeZones(operated) : [],
		defaultTimeZone: DEFAULT_TIME_ZONE
	};
};

export const actions: Actions = {
	create: async (event) => {
		const access = requireOperator(event, 'admin');
		const form = await event.request.formData();
		const parsed = parseOperatedHouse(form);
		if (asksForAllTimeZones(form)) return { values: parsed.values, timeZoneGroups };
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const house = createOperatorHouse(access.operator.id, access, parsed.input);
		if (!house) error(403, m.operators_error_forbidden_text());
		return { created: { id: house.id, name: house.name } };
	}
};
