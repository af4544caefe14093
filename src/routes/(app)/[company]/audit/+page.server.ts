import { AUDIT_PAGE_SIZE, listAudit } from '$lib/server/audit/audit';
import { requireCompany } from '$lib/server/companies/access';
import type { PageServerLoad } from './$types';

/** `?page=1` is the newest page; anything that is not a positive whole number means page 1. */
function pageNumber(raw: string | null): number {
	const page = Number(raw);
	return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

export const load: PageServerLoad = (event) => {
	const { company } = requireCompany(event, 'owner');
	const page = pageNumber(event.url.searchParams.get('page'));
	// listAudit reads one row past the page, only to know whether an older page exists.
	const rows = listAudit(company.id, page - 1);
	return {
		page,
		hasOlder: rows.length > AUDIT_PAGE_SIZE,
		events: rows.slice(0, AUDIT_PAGE_SIZE)
	};
};
