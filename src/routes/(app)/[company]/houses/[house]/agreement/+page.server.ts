import { error } from '@sveltejs/kit';
import {
	agreementDocument,
	companyHouseAgreement,
	pairHistory
} from '$lib/server/agreements/agreements';
import { requireCompany } from '$lib/server/companies/access';
import type { PageServerLoad } from './$types';

// Owners and managers act for the company: they read (and print) its agreement. An ended
// agreement stays readable here even once the house has left the company's list. A company that
// came back has several: the latest by default, an earlier one by ?agreement=<id>.
export const load: PageServerLoad = (event) => {
	const access = requireCompany(event, 'manager');
	const agreement = companyHouseAgreement(
		access.company.id,
		event.params.house,
		event.url.searchParams.get('agreement') ?? undefined
	);
	if (!agreement) error(404, 'Not Found');
	return {
		agreementId: agreement.id,
		document: agreementDocument(agreement, access.company.name),
		history: pairHistory(event.params.house, access.company.id)
	};
};
