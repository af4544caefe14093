import { OPERATOR_LIVE } from '$lib/operator-live';
import { housePhotoUrls } from '$lib/server/houses/photos';
import { requireOperator } from '$lib/server/operators/access';
import { networkSummary } from '$lib/server/operators/network';
import type { PageServerLoad } from './$types';

// One view over every house the operator runs: counts only, from check-ins.
export const load: PageServerLoad = (event) => {
	const { operator } = requireOperator(event);
	event.depends(OPERATOR_LIVE);
	const lines = networkSummary(operator.id).map((line) => ({
		id: line.house.id,
		name: line.house.name,
		commune: line.house.commune,
		seats: line.house.seats,
		archived: line.house.archivedAt !== null,
		companies: line.companies,
		onSiteToday: line.onSiteToday,
		personDaysThisMonth: line.personDaysThisMonth,
		lastMonth: line.lastMonth,
		lastMonthState: line.lastMonthState
	}));
	const houses = lines.filter((line) => !line.archived);
	const photos = housePhotoUrls(houses.map((house) => house.id));
	return { houses: houses.map((house) => ({ ...house, photoUrl: photos.get(house.id) ?? null })) };
};
