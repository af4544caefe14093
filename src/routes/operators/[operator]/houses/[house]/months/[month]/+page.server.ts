import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import {
	correctionsBilledWith,
	createAdjustment,
	listAdjustments,
	monthBillingCorrection
} from '$lib/server/billing/adjustments';
import { adjustmentSchema } from '$lib/server/billing/forms';
import { monthClosingRefusal } from '$lib/server/billing/closing';
import { isMonth } from '$lib/server/billing/month';
import { requireOperatorHouse } from '$lib/server/operators/houses';
import { formatMonth, formatOfMonth } from '$lib/format';
import { describeAdjustments, describeLine } from '$lib/server/billing/statement-text';
import { operatorMonthView, operatorOpenMonthView } from '$lib/server/billing/statements';
import { hasOperatorRole } from '$lib/server/operators/operators';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { newId } from '$lib/server/ids';
import type { Actions, PageServerLoad } from './$types';

// A closed month as its operator sees it: each company's lines, total and person-days; an open
// one as it stands (costs, funding, person-days so far) with the corrections its closing will
// bill, so the officer sees all it bills beyond the shares. Counts only: the statements' people are
// never read here.
export const load: PageServerLoad = (event) => {
	const { house, role } = requireOperatorHouse(event, 'staff');
	const month = event.params.month;
	if (!isMonth(month)) error(404, 'Not Found');
	const view = operatorMonthView(house.id, month);
	const isAdmin = hasOperatorRole(role, 'admin');
	// The months page closes it, under the rule closing enforces: ended, and in order.
	const refusal = view ? null : monthClosingRefusal(house, month);
	return {
		open: view
			? null
			: {
					...operatorOpenMonthView(house.id, month),
					canClose: isAdmin && refusal === null,
					/** Pending corrections of earlier months that closing this one adds to statements. */
					corrections: describeAdjustments(correctionsBilledWith(house, month)),
					/** The earlier month to close before this one, which has ended. */
					closeFirst:
						refusal?.reason === 'earlier_month_open'
							? { month: refusal.closeFirst, label: formatMonth(refusal.closeFirst) }
							: null
				},
		house: { id: house.id, name: house.name },
		month,
		monthLabel: formatMonth(month),
		canAdjust: isAdmin,
		/** The correction form's one-time id, new each time it is drawn (createAdjustment). */
		adjustRequestId: isAdmin ? newId() : null,
		// A correction of this closed month is billed by the first month after it still open.
		adjustmentBilledWith: view && formatOfMonth(monthBillingCorrection(house, month)),
		totals: view && {
			costCents: view.totals.costCents,
			fundingCents: view.totals.fundingCents,
			sharedCents: view.totals.sharedCents,
			billedCents: view.totals.billedCents,
			halfDays: view.totals.allHalfDays
		},
		statements: (view?.statements ?? []).map((statement) => ({
			companyId: statement.companyId,
			companyName: statement.companyName,
			totalCents: statement.totalCents,
			halfDays: statement.halfDays,
			underAgreement: statement.underAgreement,
			lines: statement.lines.map(describeLine)
		})),
		adjustments: describeAdjustments(
			listAdjustments(house).filter(
				(row) => row.correctsMonth === month || row.billedInMonth === month
			)
		)
	};
};

export const actions: Actions = {
	adjust: async (event) => {
		const access = requireOperatorHouse(event, 'admin');
		const month = event.params.month;
		if (!isMonth(month)) error(404, 'Not Found');
		const parsed = parseForm(adjustmentSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const result = createAdjustment(
			{ operatorId: access.operator.id, userId: access.userId },
			access.house,
			{
				companyId: parsed.data.companyId,
				correctsMonth: month,
				amountCents: parsed.data.amount,
				reason: parsed.data.reason,
				requestId: parsed.data.requestId ?? null
			}
		);
		if (!result.ok) {
			const errors: FieldErrors =
				result.reason === 'month_open'
					? { form: m.billing_error_adjust_open() }
					: { companyId: m.billing_error_adjust_company() };
			return fail(409, { values: parsed.values, errors });
		}
		return { adjusted: formatOfMonth(result.billedWith) };
	}
};
