import { requireCompany } from '$lib/server/companies/access';
import { hasRole } from '$lib/server/companies/companies';
import { boardHouses } from '$lib/server/presence/board';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const access = requireCompany(event);
	return {
		houses: boardHouses(access.company.id).map(({ id, name, commune }) => ({ id, name, commune })),
		canPrint: hasRole(access.role, 'manager')
	};
};
