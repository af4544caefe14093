// The terms form, shared by the operator's invitation, the answer to a join request and a change
// of terms: one valibot schema for the fields, then the checks that depend on the tariff model
// (a day rate needs its rates, a fixed amount its amount), each reported next to its field.
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { readEuros } from '../../money';
import { emptyMonthRules, tariffModels } from '../../billing/terms';
import { isIsoDate } from '../../zoned-time';
import type { ProposedTerms } from '../db/schema';
import { amountMessage, parseForm, type FieldErrors, type ParsedForm } from '../forms';

export const MAX_RESERVED_SEATS = 500;

const optionalText = v.pipe(v.optional(v.string(), ''), v.trim());

const dateField = v.pipe(
	v.string(() => m.error_required()),
	v.trim(),
	v.nonEmpty(() => m.error_required()),
	v.check(isIsoDate, () => m.agreements_date_invalid())
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

/** Euros typed in a field → cents; an empty field is null, a wrong one an error message. */
function euros(text: string, required: boolean): number | null | { error: string } {
	if (text === '') return required ? { error: m.error_required() } : null;
	const amount = readEuros(text);
	return amount.ok ? amount.cents : { error: amountMessage(amount.problem) };
}

type TermsFields = v.InferOutput<v.ObjectSchema<ReturnType<typeof termsEntries>, undefined>>;

/** The model's own fields (rates for day_rate, the amount for fixed, the cap for the others). */
function toTerms(data: TermsFields): { terms: ProposedTerms } | { errors: FieldErrors } {
	const errors: FieldErrors = {};
	const read = (field: keyof TermsFields & string, required: boolean): number | null => {
		const result = euros(String(data[field]), required);
		if (result !== null && typeof result === 'object') {
			errors[field] = result.error;
			return null;
		}
		return result;
	};
	const dayRate = data.model === 'day_rate';
	const terms: ProposedTerms = {
		model: data.model,
		reservedSeats: data.reservedSeats,
		emptyMonthRule: data.emptyMonthRule,
		dayRateCents: dayRate ? read('dayRate', true) : null,
		halfDayRateCents: dayRate ? read('halfDayRate', true) : null,
		fixedMonthlyCents: data.model === 'fixed' ? read('fixedMonthly', true) : null,
		// A fixed amount is its own cap.
		monthlyCapCents: data.model === 'fixed' ? null : read('monthlyCap', false)
	};
	return Object.keys(errors).length > 0 ? { errors } : { terms };
}

/**
 * Reads the terms and the date field `dateField` (the start date, or the date a change applies
 * from) plus any `extra` fields, the way parseForm does: typed data, or the fields' errors.
 */
export function parseTermsForm<E extends v.ObjectEntries>(
	form: FormData,
	dateName: 'startDate' | 'validFrom',
	extra: E = {} as E
): ParsedForm<
	{ terms: ProposedTerms; date: string } & v.InferOutput<v.ObjectSchema<E, undefined>>
> {
	const schema = v.object({ ...termsEntries(), [dateName]: dateField, ...extra }, () =>
		m.error_required()
	);
	const parsed = parseForm(schema, form);
	if (!parsed.ok) return parsed;
	const data = parsed.data as TermsFields & Record<string, unknown>;
	const result = toTerms(data);
	if ('errors' in result) return { ok: false, errors: result.errors, values: parsed.values };
	const rest = Object.fromEntries(Object.keys(extra).map((key) => [key, data[key]]));
	return {
		ok: true,
		values: parsed.values,
		data: { ...rest, terms: result.terms, date: String(data[dateName]) } as {
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
