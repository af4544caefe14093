import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { listAdjustments } from '$lib/server/billing/adjustments';
import { closeMonth } from '$lib/server/billing/closing';
import { monthSchema } from '$lib/server/billing/forms';
import { currentMonth, shiftMonth } from '$lib/server/billing/month';
import { requireOperatorHouse } from '$lib/server/operators/houses';
import { describeAdjustments, monthLabel } from '$lib/server/billing/statement-text';
import { closedMonths } from '$lib/server/billing/statements';
import { hasOperatorRole } from '$lib/server/operators/operators';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/** How far back the page offers months still open to close. */
const CLOSABLE_MONTHS = 6;

export const load: PageServerLoad = (event) => {
	const { house, role } = requireOperatorHouse(event, 'staff');
	const closed = closedMonths(house.id);
	const closedSet = new Set(closed.map((row) => row.month));
	const current = currentMonth(house.timeZone);
	const closable = Array.from({ length: CLOSABLE_MONTHS }, (_, i) => shiftMonth(current, -1 - i))
		.filter((month) => !closedSet.has(month))
		.map((month) => ({ month, label: monthLabel(month) }));
	return {
		house: { id: house.id, name: house.name },
		currentMonth: current,
		canClose: hasOperatorRole(role, 'admin'),
		closable,
		months: closed.map((row) => ({
			month: row.month,
			label: monthLabel(row.month),
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
	already_closed: () => m.billing_error_already_closed()
};

export const actions: Actions = {
	close: async (event) => {
		const access = requireOperatorHouse(event, 'admin');
		const parsed = parseForm(monthSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const result = closeMonth(
			{ operatorId: access.operator.id, userId: access.userId },
			access.house,
			parsed.data.month
		);
		if (!result.ok) {
			const errors: FieldErrors = { form: closeRefusals[result.reason]() };
			return fail(409, { errors });
		}
		return { closed: monthLabel(parsed.data.month) };
	}
};
