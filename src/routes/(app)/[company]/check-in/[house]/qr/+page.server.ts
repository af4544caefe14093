import { error } from '@sveltejs/kit';
import { requireCompany } from '$lib/server/companies/access';
import { getCompanyHouse } from '$lib/server/houses/houses';
import { companyCheckInPath } from '$lib/server/presence/check-in';
import { checkInQrSvg } from '$lib/server/presence/qr';
import type { PageServerLoad } from './$types';

// A printable page with the house's check-in QR code, drawn as SVG on the server.
export const load: PageServerLoad = async (event) => {
	const access = requireCompany(event, 'manager');
	const house = getCompanyHouse(access.company.id, event.params.house);
	if (!house || house.archivedAt) error(404, 'Not Found');
	const link = new URL(companyCheckInPath(access.company.slug, house.id), event.url.origin).href;
	const svg = await checkInQrSvg(link);
	return { house: { name: house.name, commune: house.commune }, link, svg };
};
