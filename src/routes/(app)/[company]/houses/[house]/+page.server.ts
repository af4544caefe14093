import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { requireCompany } from '$lib/server/companies/access';
import { hasRole } from '$lib/server/companies/companies';
import { listMembers } from '$lib/server/companies/members';
import {
	getCompanyHouse,
	listHouses,
	setHouseArchived,
	updateHouse
} from '$lib/server/houses/houses';
import { ownTimeZone } from '$lib/server/houses/person-time-zone';
import { housePhotoActions } from '$lib/server/houses/photo-actions';
import { housePhotoUrls } from '$lib/server/houses/photos';
import { asksForAllTimeZones, timeZoneGroups } from '$lib/server/time-zones';
import { scheduleLinkBudgets } from '$lib/server/video/link-budget';
import { houseSchema, houseTimeZones, parseHouseForm, toHouseInput } from '../house-form.server';
import type { Actions, PageServerLoad } from './$types';

type HouseEvent = Pick<
	RequestEvent<{ company: string; house: string }>,
	'locals' | 'url' | 'params'
>;

/** The company access and the house, or 404 when the house is not one of the company's. */
function requireHouse(event: HouseEvent, minimum: 'member' | 'manager') {
	const access = requireCompany(event, minimum);
	const house = getCompanyHouse(access.company.id, event.params.house);
	if (!house) error(404, 'Not Found');
	return { access, house };
}

export const load: PageServerLoad = (event) => {
	const { access, house } = requireHouse(event, 'member');
	// An operated house is changed by its operator, not by the companies working in it.
	const canManage = hasRole(access.role, 'manager') && house.operatorId === null;
	const members = listMembers(access.company.id)
		.filter((member) => member.homeHouseId === house.id)
		.map(({ userId, name, role }) => ({ userId, name, role }));
	return {
		house: {
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
			uplinkKbps: house.uplinkKbps,
			downlinkKbps: house.downlinkKbps,
			archived: house.archivedAt !== null
		},
		photoUrl: housePhotoUrls([house.id]).get(house.id) ?? null,
		members,
		canManage,
		suggestedTimeZones: canManage
			? houseTimeZones(
					listHouses(access.company.id),
					ownTimeZone(access.company.id, access.userId)?.timeZone
				)
			: []
	};
};

// The role and the link were checked just before, so a refusal below means the house was unlinked
// in between: the same answer as for any house that is not the company's.
function setArchived(event: HouseEvent, archived: boolean) {
	const { access, house } = requireHouse(event, 'manager');
	if (!setHouseArchived(access.company.id, access, house.id, archived)) error(404, 'Not Found');
}

export const actions: Actions = {
	// Whoever edits the private house changes its photo; an operated house's is its operator's
	// (the photo module refuses it, and the page offers no field).
	...housePhotoActions((event) => {
		const { access, house } = requireHouse(event as HouseEvent, 'manager');
		const { company, userId, role } = access;
		return { editor: { companyId: company.id, userId, role }, houseId: house.id };
	}),

	update: async (event) => {
		const { access, house } = requireHouse(event, 'manager');
		const form = await event.request.formData();
		const parsed = parseHouseForm(houseSchema, form);
		if (asksForAllTimeZones(form)) {
			return { action: 'update' as const, values: parsed.values, timeZoneGroups };
		}
		if (!parsed.ok) {
			return fail(400, { action: 'update' as const, values: parsed.values, errors: parsed.errors });
		}
		if (!updateHouse(access.company.id, access, house.id, toHouseInput(parsed.data))) {
			error(404, 'Not Found');
		}
		// The house's calls share the declared link: their budgets follow the new figures.
		scheduleLinkBudgets();
		return { action: 'update' as const, success: true };
	},

	archive: (event) => {
		setArchived(event, true);
		return { action: 'archive' as const, success: true };
	},

	unarchive: (event) => {
		setArchived(event, false);
		return { action: 'unarchive' as const, success: true };
	}
};
