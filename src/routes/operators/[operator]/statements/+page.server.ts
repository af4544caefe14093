import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { isMonth, shiftMonth } from '$lib/server/billing/month';
import { formatMonth } from '$lib/format';
import { networkMonthSummary, networkMonthTotals } from '$lib/server/billing/statements';
import { requireOperator } from '$lib/server/operators/access';
import type { PageServerLoad } from './$types';

// The network's month: every house of the operator, figures and counts only. The month defaults
// to the last one (the one most likely being closed); houses may sit in different time zones, so
// "the current month" is read in UTC here.
export const load: PageServerLoad = (event) => {
	const access = requireOperator(event, 'staff');
	const param = event.url.searchParams.get('month');
	if (param && !isMonth(param)) error(400, m.billing_error_invalid_month());
	const month = param || shiftMonth(new Date().toISOString().slice(0, 7), -1);
	const houses = networkMonthSummary(access.operator.id, month);
	return {
		month,
		monthLabel: formatMonth(month),
		previousMonth: shiftMonth(month, -1),
		nextMonth: shiftMonth(month, 1),
		houses,
		totals: networkMonthTotals(houses)
	};
};
