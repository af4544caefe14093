import { error, type RequestEvent } from '@sveltejs/kit';
import { requireCompany } from '$lib/server/companies/access';
import { isMonth } from '$lib/server/billing/month';
import { companyStatement, statementHouseOfCompany } from '$lib/server/billing/statements';

type StatementEvent = Pick<RequestEvent, 'locals' | 'url' | 'params'>;

/**
 * The company's owners and managers read its statements (members get 403: the bill is not theirs
 * to see); a house the company has no agreement or statement at is 404, as for a stranger.
 */
export function requireStatementHouse(event: StatementEvent) {
	const access = requireCompany(event, 'manager');
	const houseId = (event.params as { house?: string }).house ?? '';
	const house = statementHouseOfCompany(access.company.id, houseId);
	if (!house) error(404, 'Not Found');
	return { access, house };
}

/** The company's statement for `params.month`, or 404 (never another company's). */
export function requireStatement(event: StatementEvent) {
	const { access, house } = requireStatementHouse(event);
	const month = (event.params as { month?: string }).month ?? '';
	if (!isMonth(month)) error(404, 'Not Found');
	const statement = companyStatement(access.company.id, house.id, month);
	if (!statement) error(404, 'Not Found');
	return { access, house, month, statement };
}
