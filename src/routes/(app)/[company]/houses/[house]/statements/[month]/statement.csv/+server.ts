import { statementCsv } from '$lib/server/billing/statement-text';
import type { RequestHandler } from './$types';
import { requireStatement } from '../../require-statement-house.server';

export const GET: RequestHandler = (event) => {
	const { month, statement } = requireStatement(event);
	// Named as at closing, as an issued bill.
	const { houseName, operatorName } = statement.monthTotals;
	const csv = statementCsv({
		houseName,
		operatorName,
		companyName: statement.companyName,
		month,
		lines: statement.lines,
		totalCents: statement.totalCents,
		halfDays: statement.halfDays,
		people: statement.people
	});
	const name = `statement-${houseName.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}-${month}.csv`;
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${encodeURIComponent(name)}"`
		}
	});
};
