import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { listAdjustments } from '$lib/server/billing/adjustments';
import {
	closeMonth,
	firstAgreementMonth,
	monthClosingRefusal,
	monthToClose
} from '$lib/server/billing/closing';
import { monthSchema } from '$lib/server/billing/forms';
import { currentMonth, type ClosingRefusal } from '$lib/server/billing/month';
import { requireOperatorHouse } from '$lib/server/operators/houses';
import { formatMonth, formatOfMonth } from '$lib/format';
import { describeAdjustments } from '$lib/server/billing/statement-text';
import { closedMonths } from '$lib/server/billing/statements';
import { hasOperatorRole } from '$lib/server/operators/operators';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { isConfirmed } from '$lib/forms/confirm';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { house, role } = requireOperatorHouse(event, 'staff');
	const closed = closedMonths(house.id);
	// The one month closing accepts now (months close in order), and how many wait after it.
	const next = monthToClose(house);
	return {
		house: { id: house.id, name: house.name },
		currentMonth: currentMonth(house.timeZone),
		canClose: hasOperatorRole(role, 'admin'),
		hasAgreement: firstAgreementMonth(house.id) !== null,
		next: next && {
			month: next.month,
			label: formatMonth(next.month),
			noCosts: next.costLines === 0,
			laterEnded: next.laterEnded,
			lastEndedLabel: formatMonth(next.lastEnded)
		},
		months: closed.map((row) => ({
			month: row.month,
			label: formatMonth(row.month),
			costCents: row.costCents,
			fundingCents: row.fundingCents,
			sharedCents: row.sharedCents,
			billedCents: row.billedCents,
			halfDays: row.allHalfDays
		})),
		adjustments: describeAdjustments(listAdjustments(house))
	};
};

/** Why a month was not closed, as its operator reads it. */
function closeRefusalText(refusal: ClosingRefusal): string {
	switch (refusal.reason) {
		case 'invalid_month':
			return m.billing_error_invalid_month();
		case 'not_ended':
			return m.billing_error_not_ended();
		case 'before_first_agreement':
			return m.billing_error_before_first_agreement();
		case 'already_closed':
			return m.billing_error_already_closed();
		case 'earlier_month_open':
			return m.billing_error_earlier_month_open({ month: formatMonth(refusal.closeFirst) });
	}
}

export const actions: Actions = {
	close: async (event) => {
		const access = requireOperatorHouse(event, 'admin');
		const formData = await event.request.formData();
		const parsed = parseForm(monthSchema, formData);
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		// A month that cannot be closed is not asked about (closeMonth checks again as it closes).
		const refusal = monthClosingRefusal(access.house, parsed.data.month);
		if (refusal) {
			const errors: FieldErrors = { form: closeRefusalText(refusal) };
			return fail(409, { errors });
		}
		// Closing cannot be undone. Not confirmed (no JavaScript, or clicked before the page came
		// alive): ask in the page.
		if (!isConfirmed(formData)) {
			return { confirm: { month: parsed.data.month, label: formatMonth(parsed.data.month) } };
		}
		const result = closeMonth(
			{ operatorId: access.operator.id, userId: access.userId },
			access.house,
			parsed.data.month
		);
		if (!result.ok) {
			const errors: FieldErrors = { form: closeRefusalText(result) };
			return fail(409, { errors });
		}
		// As the month follows "the month" in the message (French: "Le mois d’octobre…").
		return { closed: formatOfMonth(parsed.data.month) };
	}
};
