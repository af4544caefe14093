// The billing forms' input, validated once where it crosses the trust boundary: cost lines,
// funding, the month a form is about, and adjustments.
import * as v from 'valibot';
import { readEuros } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { costCategories } from '../db/schema';
import { amountMessage, eurosField } from '../forms';
import type { FundingInput } from './costs';
import { isMonth } from './month';

const monthField = v.pipe(
	v.string(() => m.billing_error_invalid_month()),
	v.check(isMonth, () => m.billing_error_invalid_month())
);

const labelField = v.optional(
	v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(120, () => m.billing_error_label_long())
	),
	''
);

export const monthSchema = v.object({ month: monthField }, () => m.billing_error_invalid_month());

export const costLineSchema = v.object(
	{
		month: monthField,
		category: v.picklist(costCategories, () => m.billing_error_category()),
		label: labelField,
		amount: eurosField(),
		/** The add form's one-time id (addCostLine): absent from a page drawn before it existed. */
		requestId: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9]{8,64}$/)))
	},
	() => m.error_required()
);

export const costLineIdSchema = v.object(
	{ month: monthField, lineId: v.pipe(v.string(), v.nonEmpty()) },
	() => m.error_required()
);

export const fundingSchema = v.object(
	{
		month: monthField,
		kind: v.picklist(['amount', 'percent'] as const, () => m.error_required()),
		value: v.pipe(
			v.string(() => m.error_required()),
			v.trim()
		),
		label: labelField
	},
	() => m.error_required()
);

/**
 * The funding the form describes, or the message for its value field: an amount in euros, or a
 * percentage to two decimals (basis points, read as text so no float loses one).
 */
export function toFundingInput(
	data: v.InferOutput<typeof fundingSchema>
): { ok: true; funding: FundingInput } | { ok: false; error: string } {
	if (data.kind === 'amount') {
		const read = readEuros(data.value);
		if (!read.ok) return { ok: false, error: amountMessage(read.problem) };
		return { ok: true, funding: { kind: 'amount', amountCents: read.cents, label: data.label } };
	}
	const read = readEuros(data.value, { max: 10_000 });
	if (!read.ok) {
		// Too many decimals is its own problem, as in an amount: the range is not what is wrong.
		const error =
			read.problem === 'decimals' ? m.billing_error_percent_decimals() : m.billing_error_percent();
		return { ok: false, error };
	}
	return { ok: true, funding: { kind: 'percent', basisPoints: read.cents, label: data.label } };
}

export const adjustmentSchema = v.object(
	{
		companyId: v.pipe(
			v.string(() => m.billing_error_adjust_company()),
			v.nonEmpty(() => m.billing_error_adjust_company())
		),
		amount: v.pipe(
			eurosField({ allowNegative: true }),
			v.check(
				(cents) => cents !== 0,
				() => m.billing_error_adjust_zero()
			)
		),
		reason: v.pipe(
			v.string(() => m.billing_error_reason_required()),
			v.trim(),
			v.nonEmpty(() => m.billing_error_reason_required()),
			v.maxLength(300, () => m.billing_error_reason_long())
		),
		/** The form's one-time id (createAdjustment): absent from a page drawn before it existed. */
		requestId: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9]{8,64}$/)))
	},
	() => m.error_required()
);
