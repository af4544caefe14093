import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { listAdjustments } from '$lib/server/billing/adjustments';
import { closeMonth, firstAgreementMonth, monthsToClose } from '$lib/server/billing/closing';
import { monthSchema } from '$lib/server/billing/forms';
import { currentMonth } from '$lib/server/billing/month';
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
	// The months closing accepts (ended, from the first agreement's month), less those closed.
	const closable = monthsToClose(house).map(({ month, costLines }) => ({
		month,
		label: formatMonth(month),
		noCosts: costLines === 0
	}));
	return {
		house: { id: house.id, name: house.name },
		currentMonth: currentMonth(house.timeZone),
		canClose: hasOperatorRole(role, 'admin'),
		hasAgreement: firstAgreementMonth(house.id) !== null,
		closable,
		months: closed.map((row) => ({
			month: row.month,
			label: formatMonth(row.month),
			costCents: row.costCents,
			fundingCents: row.fundingCents,
			sharedCents: row.sharedCents,
			billedCents: row.billedCents,
			halfDays: row.allHalfDays
		})),
		adjustments: describeAdjustments(listAdjustments(house.id))
	};
};

const closeRefusals = {
	invalid_month: () => m.billing_error_invalid_month(),
	not_ended: () => m.billing_error_not_ended(),
	before_first_agreement: () => m.billing_error_before_first_agreement(),
	already_closed: () => m.billing_error_already_closed()
};

export const actions: Actions = {
	close: async (event) => {
		const access = requireOperatorHouse(event, 'admin');
		const formData = await event.request.formData();
		const parsed = parseForm(monthSchema, formData);
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
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
			const errors: FieldErrors = { form: closeRefusals[result.reason]() };
			return fail(409, { errors });
		}
		// As the month follows "the month" in the message (French: "Le mois d’octobre…").
		return { closed: formatOfMonth(parsed.data.month) };
	}
};
