// The terms form, shared by the operator's invitation, the answer to a join request and a change
// of terms: one valibot schema for the fields, then the checks that depend on the tariff model
// (a day rate needs its rates, a fixed amount its amount) and on the house (reserved seats), each
// reported next to its field — all of them at once, whatever else is wrong in the form.
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { readEuros } from '../../money';
import { emptyMonthRules, tariffModels, type TariffModel } from '../../billing/terms';
import { isIsoDate } from '../../zoned-time';
import type { ProposedTerms } from '../db/schema';
import {
	amountMessage,
	parseForm,
	type FieldErrors,
	type FormValues,
	type ParsedForm
} from '../forms';

/** The most seats terms may reserve whatever the house; the house's own seats bound them first. */
export const MAX_RESERVED_SEATS = 500;

const optionalText = v.pipe(v.optional(v.string(), ''), v.trim());

/**
 * How many years before and after this one an agreement's dates may fall. A start typed as 0026
 * or 2062 was taken: the house's first agreement sets the first month to close, months close in
 * order, and an ended agreement still counts, so one slip of a key left the house thousands of
 * months to close before the current one. Ten years either way covers an agreement recorded
 * late and one signed well ahead.
 */
export const AGREEMENT_YEARS_AROUND = 10;

function agreementYears(now = Date.now()): { from: number; to: number } {
	const year = new Date(now).getUTCFullYear();
	return { from: year - AGREEMENT_YEARS_AROUND, to: year + AGREEMENT_YEARS_AROUND };
}

/** A date typed as YYYY-MM-DD that exists (2026-02-31 does not, and is told so), in range. */
export const isoDateField = v.pipe(
	v.string(() => m.error_required()),
	v.trim(),
	v.nonEmpty(() => m.error_required()),
	v.regex(/^\d{4}-\d{2}-\d{2}$/, () => m.agreements_date_invalid()),
	v.check(isIsoDate, () => m.agreements_date_not_exist()),
	v.check(
		(date) => {
			const { from, to } = agreementYears();
			const year = Number(date.slice(0, 4));
			return year >= from && year <= to;
		},
		() => {
			const { from, to } = agreementYears();
			return m.agreements_date_out_of_range({ from: String(from), to: String(to) });
		}
	)
);

function termsEntries() {
	return {
		model: v.picklist(tariffModels, () => m.agreements_model_invalid()),
		dayRate: optionalText,
		halfDayRate: optionalText,
		fixedMonthly: optionalText,
		monthlyCap: optionalText,
		reservedSeats: v.pipe(
			v.optional(v.string(), '0'),
			v.trim(),
			v.transform((value) => (value === '' ? '0' : value)),
			v.regex(/^\d+$/, () => m.agreements_seats_invalid({ max: MAX_RESERVED_SEATS })),
			v.transform(Number),
			v.maxValue(MAX_RESERVED_SEATS, () => m.agreements_seats_invalid({ max: MAX_RESERVED_SEATS }))
		),
		emptyMonthRule: v.picklist(emptyMonthRules, () => m.agreements_empty_rule_invalid())
	};
}

type TermsFields = v.InferOutput<v.ObjectSchema<ReturnType<typeof termsEntries>, undefined>>;

type ModelAmounts = Pick<
	ProposedTerms,
	'dayRateCents' | 'halfDayRateCents' | 'fixedMonthlyCents' | 'monthlyCapCents'
>;

/**
 * The model's own amounts (rates for day_rate, the amount for fixed, the cap for the others), read
 * from what was typed; a wrong one is added to `errors` beside its field.
 */
function modelAmounts(model: TariffModel, values: FormValues, errors: FieldErrors): ModelAmounts {
	const read = (field: string, required: boolean): number | null => {
		const text = (values[field] ?? '').trim();
		if (text === '') {
			if (required) errors[field] = m.error_required();
			return null;
		}
		const amount = readEuros(text);
		if (amount.ok) return amount.cents;
		errors[field] = amountMessage(amount.problem);
		return null;
	};
	const dayRate = model === 'day_rate';
	return {
		dayRateCents: dayRate ? read('dayRate', true) : null,
		halfDayRateCents: dayRate ? read('halfDayRate', true) : null,
		fixedMonthlyCents: model === 'fixed' ? read('fixedMonthly', true) : null,
		// A fixed amount is its own cap.
		monthlyCapCents: model === 'fixed' ? null : read('monthlyCap', false)
	};
}

/**
 * The message for reserved seats that do not fit the house from `date` (null when the date is not
 * readable: then only the house's seats bound them), or null when they fit.
 */
export type ReservedSeatsCheck = (seats: number, date: string | null) => string | null;

/**
 * Reads the terms and the date field `dateName` (the start date, or the date a change applies
 * from) plus any `extra` fields, the way parseForm does: typed data, or every field's error at
 * once with what was typed. `checkSeats` bounds the reserved seats by the house.
 */
export function parseTermsForm<E extends v.ObjectEntries>(
	form: FormData,
	dateName: 'startDate' | 'validFrom',
	extra: E = {} as E,
	{ checkSeats }: { checkSeats?: ReservedSeatsCheck } = {}
): ParsedForm<
	{ terms: ProposedTerms; date: string } & v.InferOutput<v.ObjectSchema<E, undefined>>
> {
	const schema = v.object({ ...termsEntries(), [dateName]: isoDateField, ...extra }, () =>
		m.error_required()
	);
	const parsed = parseForm(schema, form);
	const { values } = parsed;
	const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
	const model = tariffModels.find((model) => model === values.model);
	const amounts = model ? modelAmounts(model, values, errors) : null;
	if (checkSeats && !errors.reservedSeats) {
		const seats = Number((values.reservedSeats ?? '').trim() || '0');
		const message = checkSeats(seats, errors[dateName] ? null : (values[dateName] ?? '').trim());
		if (message) errors.reservedSeats = message;
	}
	if (!parsed.ok || !amounts || Object.keys(errors).length > 0) {
		return { ok: false, errors, values };
	}
	const data = parsed.data as TermsFields & Record<string, unknown>;
	const terms: ProposedTerms = {
		model: data.model,
		reservedSeats: data.reservedSeats,
		emptyMonthRule: data.emptyMonthRule,
		...amounts
	};
	const rest = Object.fromEntries(Object.keys(extra).map((key) => [key, data[key]]));
	return {
		ok: true,
		values,
		data: { ...rest, terms, date: String(data[dateName]) } as {
			terms: ProposedTerms;
			date: string;
		} & v.InferOutput<v.ObjectSchema<E, undefined>>
	};
}

/** The form's values for terms already set (to prefill a change of terms). */
export function termsToValues(
	terms: ProposedTerms,
	centsToText: (cents: number) => string
): Record<string, string> {
	const text = (cents: number | null) => (cents === null ? '' : centsToText(cents));
	return {
		model: terms.model,
		dayRate: text(terms.dayRateCents),
		halfDayRate: text(terms.halfDayRateCents),
		fixedMonthly: text(terms.fixedMonthlyCents),
		monthlyCap: text(terms.monthlyCapCents),
		reservedSeats: String(terms.reservedSeats),
		emptyMonthRule: terms.emptyMonthRule
	};
}
