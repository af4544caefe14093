import { statementCsv } from '$lib/server/billing/statement-text';
import type { RequestHandler } from './$types';
import { requireStatement } from '../../require-statement-house.server';

export const GET: RequestHandler = (event) => {
	const { house, month, statement } = requireStatement(event);
	const csv = statementCsv({
		houseName: house.name,
		operatorName: house.operatorName,
		companyName: statement.companyName,
		month,
		lines: statement.lines,
		totalCents: statement.totalCents,
		halfDays: statement.halfDays,
		people: statement.people
	});
	const name = `statement-${house.name.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}-${month}.csv`;
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${encodeURIComponent(name)}"`
		}
	});
};
