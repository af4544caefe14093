import { error, isHttpError } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formatEuros } from '../format';
import { MAX_AMOUNT_CENTS, readEuros, type AmountProblem } from '../money';
import { logger } from './logger';

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;
export type ParsedForm<T> =
	| { ok: true; data: T; values: FormValues }
	| { ok: false; errors: FieldErrors; values: FormValues };

type ObjectSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

/**
 * Where form input crosses the trust boundary: one valibot schema, one message per field, and the
 * typed values echoed back (never passwords) so the form keeps what the person typed.
 */
export function parseForm<S extends ObjectSchema>(
	schema: S,
	form: FormData
): ParsedForm<v.InferOutput<S>> {
	const raw: FormValues = {};
	for (const key of Object.keys(schema.entries)) {
		const value = form.get(key);
		if (typeof value === 'string') raw[key] = value;
	}
	const values = safeValues(raw);
	const result = v.safeParse(schema, raw);
	if (result.success) return { ok: true, data: result.output, values };
	const errors: FieldErrors = {};
	for (const issue of result.issues) {
		const key = issue.path?.[0]?.key;
		const field = typeof key === 'string' ? key : 'form';
		errors[field] ??= issue.message;
	}
	return { ok: false, errors, values };
}

/** What a person reads when an amount they typed is refused: one message per problem. */
export function amountMessage(problem: AmountProblem): string {
	switch (problem) {
		case 'invalid':
			return m.error_amount_invalid();
		case 'decimals':
			return m.error_amount_decimals();
		case 'negative':
			return m.error_amount_negative();
		case 'too_high':
			return m.error_amount_too_high({ max: formatEuros(MAX_AMOUNT_CENTS) });
	}
}

/**
 * A field of euros as people type them ("1 250,50", "1250.5") → cents, with the reason beside the
 * field when it is not one; every money field of every form reads amounts through it.
 */
export function eurosField({ allowNegative = false }: { allowNegative?: boolean } = {}) {
	return v.pipe(
		v.string(() => m.error_required()),
		v.trim(),
		v.nonEmpty(() => m.error_required()),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const read = readEuros(dataset.value, { allowNegative });
			if (read.ok) return read.cents;
			addIssue({ message: amountMessage(read.problem) });
			return NEVER;
		})
	);
}

/** The values that may be sent back to the page: everything but secrets. */
export function safeValues(raw: FormValues): FormValues {
	return Object.fromEntries(Object.entries(raw).filter(([key]) => !/password/i.test(key)));
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Makes `request.formData()` fail with a 4xx instead of a TypeError that would surface as a 500:
 * 415 when the body is not a form at all, 413 when it is larger than the server reads
 * (adapter-node's BODY_SIZE_LIMIT; a form action can say so beside its field, see isFormTooLarge),
 * 400 when it cannot be read (malformed, or cut off by a client that left). The hooks install it
 * on every request, so each form action and endpoint that reads a form gets it without a helper of
 * its own.
 */
export function refuseUnreadableForms(request: Request): void {
	const read = request.formData.bind(request);
	request.formData = async () => {
		const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
		if (!FORM_TYPES.includes(type)) error(415, m.trust_web_form_expected());
		try {
			return await read();
		} catch (cause) {
			if (bodyTooLarge(cause)) error(413, m.trust_web_form_too_large());
			// The client's doing, not ours: worth a trace when debugging, not an error with a stack.
			logger().debug({ err: cause }, 'unreadable form body');
			error(400, m.trust_web_form_unreadable());
		}
	};
}

/** SvelteKit's error for a body over the size limit, from its Node request's stream. */
function bodyTooLarge(cause: unknown): boolean {
	return (
		typeof cause === 'object' &&
		cause !== null &&
		'status' in cause &&
		(cause as { status: unknown }).status === 413
	);
}

/** True for the error `request.formData()` throws when the form was larger than the server reads. */
export function isFormTooLarge(cause: unknown): boolean {
	return isHttpError(cause, 413);
}
