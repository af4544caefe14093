import { formatMonth } from '$lib/format';

import { companyStatementMonths } from '$lib/server/billing/statements';
import type { PageServerLoad } from './$types';
import { requireStatementHouse } from './require-statement-house.server';

export const load: PageServerLoad = (event) => {
	const { access, house } = requireStatementHouse(event);
	return {
		house: { id: house.id, name: house.name, operatorName: house.operatorName },
		statements: companyStatementMonths(access.company.id, house.id).map((row) => ({
			...row,
			label: formatMonth(row.month)
		}))
	};
};
