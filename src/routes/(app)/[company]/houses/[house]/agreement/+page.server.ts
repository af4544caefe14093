import { error } from '@sveltejs/kit';
import { agreementDocument, companyHouseAgreement } from '$lib/server/agreements/agreements';
import { requireCompany } from '$lib/server/companies/access';
import type { PageServerLoad } from './$types';

// Owners and managers act for the company: they read (and print) its agreement. An ended
// agreement stays readable here even once the house has left the company's list.
export const load: PageServerLoad = (event) => {
	const access = requireCompany(event, 'manager');
	const agreement = companyHouseAgreement(access.company.id, event.params.house);
	if (!agreement) error(404, 'Not Found');
	return { document: agreementDocument(agreement, access.company.name) };
};
