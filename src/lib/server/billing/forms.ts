// The billing forms' input, validated once where it crosses the trust boundary: cost lines,
// funding, the month a form is about, and adjustments.
import * as v from 'valibot';
import { parseEurosToCents } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { costCategories } from '../db/schema';
import type { FundingInput } from './costs';
import { isMonth } from './month';

/** Far inside Number.MAX_SAFE_INTEGER and SQLite's integer range: a billion euros. */
const MAX_CENTS = 100_000_000_000;

const euros = (allowNegative: boolean) =>
	v.pipe(
		v.string(() => m.billing_error_amount()),
		v.trim(),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const cents = parseEurosToCents(dataset.value);
			if (cents === null || Math.abs(cents) > MAX_CENTS) {
				addIssue({ message: m.billing_error_amount() });
				return NEVER;
			}
			if (!allowNegative && cents < 0) {
				addIssue({ message: m.billing_error_amount_negative() });
				return NEVER;
			}
			return cents;
		})
	);

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
		amount: euros(false)
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
	const hundredths = parseEurosToCents(data.value);
	if (data.kind === 'amount') {
		if (hundredths === null || hundredths < 0 || hundredths > MAX_CENTS) {
			return { ok: false, error: m.billing_error_amount() };
		}
		return { ok: true, funding: { kind: 'amount', amountCents: hundredths, label: data.label } };
	}
	if (hundredths === null || hundredths < 0 || hundredths > 10_000) {
		return { ok: false, error: m.billing_error_percent() };
	}
	return { ok: true, funding: { kind: 'percent', basisPoints: hundredths, label: data.label } };
}

export const adjustmentSchema = v.object(
	{
		companyId: v.pipe(
			v.string(() => m.billing_error_adjust_company()),
			v.nonEmpty(() => m.billing_error_adjust_company())
		),
		amount: v.pipe(
			euros(true),
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
		)
	},
	() => m.error_required()
);
