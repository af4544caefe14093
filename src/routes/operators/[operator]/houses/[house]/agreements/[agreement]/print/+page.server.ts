import { agreementDocument } from '$lib/server/agreements/agreements';
import { requireHouseAgreement } from '../agreement.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { access, agreement, companyName } = requireHouseAgreement(event, 'staff');
	return {
		document: agreementDocument(agreement, companyName),
		back: `/operators/${access.operator.slug}/houses/${access.house.id}/agreements/${agreement.id}`
	};
};
