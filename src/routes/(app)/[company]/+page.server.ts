import { listHouses } from '$lib/server/houses/houses';
import { listMembers } from '$lib/server/companies/members';
import type { PageServerLoad } from './$types';

// The company's home. The presence board (who works where today) will take this page over.
export const load: PageServerLoad = async ({ parent }) => {
	const { company } = await parent();
	return {
		houses: listHouses(company.id).map(({ id, name, commune, seats, members }) => ({
			id,
			name,
			commune,
			seats,
			memberCount: members.length
		})),
		memberCount: listMembers(company.id).length
	};
};
