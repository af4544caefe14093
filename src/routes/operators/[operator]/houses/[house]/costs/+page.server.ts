import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import {
	addCostLine,
	copyLastMonthLines,
	deleteCostLine,
	monthCosts,
	setFunding,
	updateCostLine,
	type CostChange
} from '$lib/server/billing/costs';
import {
	costLineIdSchema,
	costLineSchema,
	fundingSchema,
	monthSchema,
	toFundingInput
} from '$lib/server/billing/forms';
import { monthFromUrl, shiftMonth } from '$lib/server/billing/month';
import { requireOperatorHouse } from '$lib/server/operators/houses';
import { newId } from '$lib/server/ids';
import { formatMonth } from '$lib/format';
import { costCategories } from '$lib/server/db/schema';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

// Staff and admins alike record the costs (day-to-day running of the house, every change in the
// audit log); closing the month that bills them is an admin's act (months/).
const EDIT_ROLE = 'staff';

export const load: PageServerLoad = (event) => {
	const { house } = requireOperatorHouse(event, 'staff');
	const month = monthFromUrl(event.url, house.timeZone);
	if (!month) error(400, m.billing_error_invalid_month());
	const costs = monthCosts(house.id, month);
	return {
		house: { id: house.id, name: house.name },
		month,
		monthLabel: formatMonth(month),
		previousMonth: shiftMonth(month, -1),
		nextMonth: shiftMonth(month, 1),
		categories: costCategories,
		lines: costs.lines.map(({ id, category, label, amountCents }) => ({
			id,
			category,
			label,
			amountCents
		})),
		funding: costs.funding && {
			kind: costs.funding.kind,
			amountCents: costs.funding.amountCents,
			basisPoints: costs.funding.basisPoints,
			label: costs.funding.label
		},
		costCents: costs.costCents,
		fundingCents: costs.fundingCents,
		sharedCents: costs.sharedCents,
		closed: costs.closed,
		// A new one at every load: the add form sent twice adds one line.
		addRequestId: newId()
	};
};

type CostsEvent = Pick<RequestEvent, 'locals' | 'url' | 'params'>;

function actor(event: CostsEvent) {
	const access = requireOperatorHouse(event, EDIT_ROLE);
	return { access, who: { operatorId: access.operator.id, userId: access.userId } };
}

/** A refused change as the form shows it: a closed month (409) or a line gone meanwhile (404). */
function refused(action: string, result: Exclude<CostChange, { ok: true }>) {
	const errors: FieldErrors = {
		form: result.reason === 'closed' ? m.billing_error_month_closed() : m.billing_error_line_gone()
	};
	return fail(result.reason === 'closed' ? 409 : 404, { action, errors });
}

export const actions: Actions = {
	add: async (event) => {
		const { access, who } = actor(event);
		const parsed = parseForm(costLineSchema, await event.request.formData());
		if (!parsed.ok)
			return fail(400, { action: 'add', values: parsed.values, errors: parsed.errors });
		const { month, category, label, amount, requestId } = parsed.data;
		const result = addCostLine(
			who,
			access.house,
			month,
			{ category, label, amountCents: amount },
			requestId ?? null
		);
		return result.ok ? { action: 'add', success: true } : refused('add', result);
	},

	update: async (event) => {
		const { access, who } = actor(event);
		const form = await event.request.formData();
		const id = parseForm(costLineIdSchema, form);
		const parsed = parseForm(costLineSchema, form);
		if (!id.ok) error(400, m.billing_error_line_gone());
		if (!parsed.ok) {
			return fail(400, {
				action: 'update',
				lineId: id.data.lineId,
				values: parsed.values,
				errors: parsed.errors
			});
		}
		const { month, category, label, amount } = parsed.data;
		const result = updateCostLine(who, access.house, month, id.data.lineId, {
			category,
			label,
			amountCents: amount
		});
		return result.ok ? { action: 'update', success: true } : refused('update', result);
	},

	delete: async (event) => {
		const { access, who } = actor(event);
		const id = parseForm(costLineIdSchema, await event.request.formData());
		if (!id.ok) error(400, m.billing_error_line_gone());
		const result = deleteCostLine(who, access.house, id.data.month, id.data.lineId);
		return result.ok ? { action: 'delete', success: true } : refused('delete', result);
	},

	copy: async (event) => {
		const { access, who } = actor(event);
		const parsed = parseForm(monthSchema, await event.request.formData());
		if (!parsed.ok) error(400, m.billing_error_invalid_month());
		const result = copyLastMonthLines(who, access.house, parsed.data.month);
		return result.ok
			? {
					action: 'copy',
					success: true,
					copied: result.copied,
					alreadyThere: result.alreadyThere
				}
			: refused('copy', result);
	},

	funding: async (event) => {
		const { access, who } = actor(event);
		const parsed = parseForm(fundingSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'funding', values: parsed.values, errors: parsed.errors });
		}
		const input = toFundingInput(parsed.data);
		if (!input.ok) {
			return fail(400, {
				action: 'funding',
				values: parsed.values,
				errors: { value: input.error } as FieldErrors
			});
		}
		const result = setFunding(who, access.house, parsed.data.month, input.funding);
		return result.ok ? { action: 'funding', success: true } : refused('funding', result);
	},

	removeFunding: async (event) => {
		const { access, who } = actor(event);
		const parsed = parseForm(monthSchema, await event.request.formData());
		if (!parsed.ok) error(400, m.billing_error_invalid_month());
		const result = setFunding(who, access.house, parsed.data.month, null);
		return result.ok
			? { action: 'removeFunding', success: true }
			: refused('removeFunding', result);
	}
};
