import { formatMonth, formatOfMonth } from '$lib/format';
import { describeLine, personOnStatement } from '$lib/server/billing/statement-text';
import type { PageServerLoad } from './$types';
import { requireStatement } from '../require-statement-house.server';

// The company's own statement: lines with their formulas, and its people's person-days (its own
// people only: the statement row is this company's).
export const load: PageServerLoad = (event) => {
	const { house, month, statement } = requireStatement(event);
	return {
		// Named as at closing, as an issued bill (the house's pages show its name of now).
		house: {
			id: house.id,
			name: statement.monthTotals.houseName,
			operatorName: statement.monthTotals.operatorName
		},
		month,
		monthLabel: formatMonth(month),
		/** The month as it follows "Statement for" (French elides: "Relevé d’octobre"). */
		ofMonth: formatOfMonth(month),
		companyName: statement.companyName,
		lines: statement.lines.map(describeLine),
		totalCents: statement.totalCents,
		halfDays: statement.halfDays,
		/** false: the company had left the house that month; it was billed corrections only. */
		underAgreement: statement.underAgreement,
		people: statement.people.map(({ name, halfDays }) => ({
			name: personOnStatement(name),
			halfDays
		})),
		monthTotals: {
			costCents: statement.monthTotals.costCents,
			fundingCents: statement.monthTotals.fundingCents,
			sharedCents: statement.monthTotals.sharedCents,
			halfDays: statement.monthTotals.allHalfDays
		}
	};
};
