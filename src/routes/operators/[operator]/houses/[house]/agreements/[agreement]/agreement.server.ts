// The agreement in the URL, for its page and its printable version: one of the house's, or 404.
import { error, type RequestEvent } from '@sveltejs/kit';
import { agreementVersions, houseAgreement, termsInForce } from '$lib/server/agreements/agreements';
import type { OperatorRole } from '$lib/server/db/schema';
import { requireOperatorHouse } from '$lib/server/operators/houses';
import { todayIn } from '$lib/zoned-time';

export function requireHouseAgreement(
	event: Pick<
		RequestEvent<{ operator: string; house: string; agreement: string }>,
		'locals' | 'url' | 'params'
	>,
	minimum: OperatorRole
) {
	const access = requireOperatorHouse(event, minimum);
	const row = houseAgreement(access.house.id, event.params.agreement);
	if (!row) error(404, 'Not Found');
	const versions = agreementVersions(row.agreement.id);
	const today = todayIn(access.house.timeZone);
	return {
		access,
		agreement: row.agreement,
		companyName: row.companyName,
		versions,
		current: termsInForce(versions, today),
		today
	};
}
