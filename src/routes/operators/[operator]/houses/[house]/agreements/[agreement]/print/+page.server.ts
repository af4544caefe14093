import { requireHouseAgreement } from '../agreement.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { access, agreement, companyName, versions, current, today } = requireHouseAgreement(
		event,
		'staff'
	);
	const { house } = access;
	return {
		document: {
			operatorName: access.operator.name,
			companyName,
			house: {
				name: house.name,
				address: house.address,
				commune: house.commune,
				seats: house.seats,
				openingDays: house.openingDays,
				opensAt: house.opensAt,
				closesAt: house.closesAt,
				timeZone: house.timeZone
			},
			startDate: agreement.startDate,
			endDate: agreement.endDate,
			versions,
			current,
			today
		},
		back: `/operators/${access.operator.slug}/houses/${house.id}/agreements/${agreement.id}`
	};
};
