import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { requireCompany } from '$lib/server/companies/access';
import { companyAgreements, unlinkEndedAgreements } from '$lib/server/agreements/agreements';
import { hasRole } from '$lib/server/companies/companies';
import { compareNames } from '$lib/name-order';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { createHouse, getCompanyHouse, listHouses, setHomeHouse } from '$lib/server/houses/houses';
import { ownTimeZone } from '$lib/server/houses/person-time-zone';
import { housePhotoUrls } from '$lib/server/houses/photos';
import { asksForAllTimeZones, timeZoneGroups } from '$lib/server/time-zones';
import {
	DEFAULT_TIME_ZONE,
	houseSchema,
	houseTimeZones,
	parseHouseForm,
	toHouseInput
} from './house-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const access = requireCompany(event);
	const canManage = hasRole(access.role, 'manager');
	// An agreement ended in advance takes effect when its last day comes: before listing houses.
	unlinkEndedAgreements({ companyId: access.company.id });
	// Members never receive archived houses at all, not merely hidden ones.
	const listed = listHouses(access.company.id, { includeArchived: canManage });
	const photos = housePhotoUrls(listed.map((house) => house.id));
	const houses = listed.map((house) => ({
		id: house.id,
		name: house.name,
		commune: house.commune,
		address: house.address,
		seats: house.seats,
		timeZone: house.timeZone,
		monthlyCostCents: house.monthlyCostCents,
		openingDays: house.openingDays,
		opensAt: house.opensAt,
		closesAt: house.closesAt,
		archived: house.archivedAt !== null,
		operated: house.operatorId !== null,
		photoUrl: photos.get(house.id) ?? null,
		members: house.members
	}));
	const companysAgreements = companyAgreements(access.company.id);
	const agreements = companysAgreements.map((agreement) => ({
		houseId: agreement.houseId,
		operatorName: agreement.operatorName,
		endDate: agreement.endDate,
		// Terms are for those who act for the company: owners and managers.
		current: canManage ? agreement.current : null
	}));
	// Houses the company worked at under an agreement and no longer does (the agreement ended and
	// the house left its list): their agreement and statements stay readable, the last month's
	// statement usually closed after the company left.
	const listedIds = new Set(houses.map((house) => house.id));
	const formerHouses = canManage
		? companysAgreements
				.filter((agreement) => !listedIds.has(agreement.houseId))
				.map((agreement) => ({
					houseId: agreement.houseId,
					houseName: agreement.houseName,
					operatorName: agreement.operatorName,
					endDate: agreement.endDate
				}))
				.sort((a, b) => compareNames(a.houseName, b.houseName))
		: [];
	const homeId = access.membership.homeHouseId;
	// The home house may have been archived since it was chosen; the member still sees its name.
	const home = homeId ? getCompanyHouse(access.company.id, homeId) : undefined;
	return {
		canManage,
		houses: houses.filter((house) => !house.archived),
		archivedHouses: houses.filter((house) => house.archived),
		homeHouse: home ? { id: home.id, name: home.name, archived: home.archivedAt !== null } : null,
		agreements,
		formerHouses,
		suggestedTimeZones: canManage
			? houseTimeZones(listed, ownTimeZone(access.company.id, access.userId)?.timeZone)
			: [],
		defaultTimeZone: DEFAULT_TIME_ZONE
	};
};

// An empty houseId means "no home house"; a missing one is as unusable as an unknown one.
const homeSchema = v.object(
	{
		houseId: v.pipe(
			v.string(),
			v.maxLength(100, () => m.houses_home_invalid())
		)
	},
	() => m.houses_home_invalid()
);

export const actions: Actions = {
	create: async (event) => {
		const access = requireCompany(event, 'manager');
		const form = await event.request.formData();
		const parsed = parseHouseForm(houseSchema, form);
		if (asksForAllTimeZones(form)) {
			return { action: 'create' as const, values: parsed.values, timeZoneGroups };
		}
		if (!parsed.ok) {
			return fail(400, { action: 'create' as const, values: parsed.values, errors: parsed.errors });
		}
		const house = createHouse(access.company.id, access, toHouseInput(parsed.data));
		if (!house) error(403, m.error_forbidden_text());
		return { action: 'create' as const, success: true, house: { id: house.id, name: house.name } };
	},

	setHome: async (event) => {
		const access = requireCompany(event);
		const parsed = parseForm(homeSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, {
				action: 'setHome' as const,
				values: parsed.values,
				errors: parsed.errors
			});
		}
		const houseId = parsed.data.houseId === '' ? null : parsed.data.houseId;
		if (!setHomeHouse(access.company.id, access.userId, houseId)) {
			const errors: FieldErrors = { houseId: m.houses_home_invalid() };
			return fail(400, { action: 'setHome' as const, values: parsed.values, errors });
		}
		return { action: 'setHome' as const, success: true };
	}
};
