import { error } from '@sveltejs/kit';
import {
	agreementHouseAndOperator,
	agreementVersions,
	companyHouseAgreement,
	termsInForce
} from '$lib/server/agreements/agreements';
import { requireCompany } from '$lib/server/companies/access';
import { todayIn } from '$lib/zoned-time';
import type { PageServerLoad } from './$types';

// Owners and managers act for the company: they read (and print) its agreement. An ended
// agreement stays readable here even once the house has left the company's list.
export const load: PageServerLoad = (event) => {
	const access = requireCompany(event, 'manager');
	const agreement = companyHouseAgreement(access.company.id, event.params.house);
	if (!agreement) error(404, 'Not Found');
	const { house, operatorName } = agreementHouseAndOperator(agreement);
	const versions = agreementVersions(agreement.id);
	const today = todayIn(house.timeZone);
	return {
		document: {
			operatorName,
			companyName: access.company.name,
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
			current: termsInForce(versions, today),
			today
		}
	};
};
