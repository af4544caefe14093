import { error, fail } from '@sveltejs/kit';
import { OPERATOR_LIVE } from '$lib/operator-live';
import { m } from '$lib/paraglide/messages';
import { houseSeatsError } from '$lib/server/agreements/seats';
import { housePhotoActions } from '$lib/server/houses/photo-actions';
import { housePhotoUrls } from '$lib/server/houses/photos';
import {
	listOperatorHouses,
	requireOperatorHouse,
	setOperatorHouseArchived,
	updateOperatorHouse
} from '$lib/server/operators/houses';
import { houseToday } from '$lib/server/operators/network';
import { asksForAllTimeZones, timeZoneGroups } from '$lib/server/time-zones';
import type { FieldErrors } from '$lib/server/forms';
import { houseTimeZones, parseOperatedHouse } from '../house-form.server';
import { houseFormValues } from '../house-values';
import type { Actions, PageServerLoad } from './$types';
import { scheduleLinkBudgets } from '$lib/server/video/link-budget';

// The house's overview: counts per company, the opted-in names, links to what the others build.
export const load: PageServerLoad = (event) => {
	const { house, role, operator } = requireOperatorHouse(event);
	// Today's counts follow check-ins live (the operator layout's stream).
	event.depends(OPERATOR_LIVE);
	const today = houseToday(house);
	return {
		house: {
			id: house.id,
			name: house.name,
			commune: house.commune,
			address: house.address,
			seats: house.seats,
			timeZone: house.timeZone,
			openingDays: house.openingDays,
			opensAt: house.opensAt,
			closesAt: house.closesAt,
			listed: house.listed,
			uplinkKbps: house.uplinkKbps,
			downlinkKbps: house.downlinkKbps,
			archived: house.archivedAt !== null
		},
		photoUrl: housePhotoUrls([house.id]).get(house.id) ?? null,
		formValues: houseFormValues(house),
		today: today.today,
		onSiteToday: today.onSiteToday,
		companies: today.companies,
		directory: today.directory.map(({ name }) => name),
		canManage: role === 'admin',
		suggestedTimeZones: role === 'admin' ? houseTimeZones(listOperatorHouses(operator.id)) : []
	};
};

export const actions: Actions = {
	// The photo is the house's, so it is changed by those who edit the house: the admins.
	...housePhotoActions((event) => {
		const access = requireOperatorHouse(event, 'admin');
		const { operator, userId, role } = access;
		return { editor: { operatorId: operator.id, userId, role }, houseId: access.house.id };
	}),

	update: async (event) => {
		const access = requireOperatorHouse(event, 'admin');
		const form = await event.request.formData();
		const parsed = parseOperatedHouse(form);
		if (asksForAllTimeZones(form)) {
			return { action: 'update', values: parsed.values, timeZoneGroups };
		}
		if (!parsed.ok) {
			return fail(400, { action: 'update', values: parsed.values, errors: parsed.errors });
		}
		const result = updateOperatorHouse(access.operator.id, access, access.house.id, parsed.input);
		if (!result.ok && result.reason === 'seats') {
			const errors: FieldErrors = {
				seats: houseSeatsError(parsed.input.seats, result.needed) ?? ''
			};
			return fail(400, { action: 'update', values: parsed.values, errors });
		}
		if (!result.ok) error(404, 'Not Found');
		// The house's calls share the declared link: their budgets follow the new figures.
		scheduleLinkBudgets();
		return { action: 'update', success: m.operators_house_saved() };
	},

	archive: (event) => setArchived(event, true),
	unarchive: (event) => setArchived(event, false)
};

function setArchived(event: Parameters<Actions[string]>[0], archived: boolean) {
	const access = requireOperatorHouse(event, 'admin');
	if (!setOperatorHouseArchived(access.operator.id, access, access.house.id, archived)) {
		error(404, 'Not Found');
	}
	return { action: archived ? 'archive' : 'unarchive' };
}
