import { requireOperator } from '$lib/server/operators/access';
import { listOperatorAudit, OPERATOR_AUDIT_PAGE_SIZE } from '$lib/server/operators/audit';
import type { PageServerLoad } from './$types';

/** `?page=1` is the newest page; anything that is not a positive whole number means page 1. */
function pageNumber(raw: string | null): number {
	const page = Number(raw);
	return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

// The operator's log, for its admins only.
export const load: PageServerLoad = (event) => {
	const { operator } = requireOperator(event, 'admin');
	const page = pageNumber(event.url.searchParams.get('page'));
	// listOperatorAudit reads one row past the page, only to know whether an older page exists.
	const rows = listOperatorAudit(operator.id, page - 1);
	return {
		page,
		hasOlder: rows.length > OPERATOR_AUDIT_PAGE_SIZE,
		events: rows.slice(0, OPERATOR_AUDIT_PAGE_SIZE)
	};
};
