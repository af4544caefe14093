// The operator's house form, shared by "New house" and the house page's "Edit": the company house
// form's fields (name, commune, address, seats, time zone) without the flat monthly cost, which an
// operated house records month by month, plus opening days and hours and "listed".
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import type { OperatedHouseInput } from '$lib/server/operators/houses';
import { parseForm, type FieldErrors } from '$lib/server/forms';
import { houseSchema } from '../../../(app)/[company]/houses/house-form.server';

export { DEFAULT_TIME_ZONE } from '../../../(app)/[company]/houses/house-form.server';

const time = v.pipe(
	v.string(() => m.error_required()),
	v.trim(),
	v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, () => m.operators_house_time_invalid())
);

const openingDays = v.pipe(
	v.optional(v.string(), ''),
	v.transform((raw) => [...new Set(raw.split(',').filter(Boolean).map(Number))].sort()),
	v.check(
		(days) => days.length > 0 && days.every((day) => Number.isInteger(day) && day >= 1 && day <= 7),
		() => m.operators_house_days_invalid()
	)
);

export const operatedHouseSchema = v.object(
	{
		...v.omit(houseSchema, ['monthlyCost']).entries,
		openingDays,
		opensAt: time,
		closesAt: time,
		listed: v.pipe(
			v.optional(v.string(), ''),
			v.transform((raw) => raw === 'on')
		)
	},
	() => m.error_required()
);

/**
 * Reads the form: the opening days come as one checkbox per day, gathered here into one field
 * so that the schema sees them like any other value.
 */
export async function parseOperatedHouse(request: Request) {
	const form = await request.formData();
	form.set('openingDays', form.getAll('openingDays').join(','));
	const parsed = parseForm(operatedHouseSchema, form);
	if (!parsed.ok) return parsed;
	// Across two fields, so checked once both are valid times; shown beside the closing time.
	if (parsed.data.opensAt >= parsed.data.closesAt) {
		const errors: FieldErrors = { closesAt: m.operators_house_hours_order() };
		return { ok: false as const, errors, values: parsed.values };
	}
	const { name, commune, address, seats, timeZone, opensAt, closesAt, listed, uplink, downlink } =
		parsed.data;
	const input: OperatedHouseInput = {
		name,
		commune,
		address,
		seats,
		timeZone,
		openingDays: parsed.data.openingDays,
		opensAt,
		closesAt,
		listed,
		uplinkKbps: uplink,
		downlinkKbps: downlink
	};
	return { ok: true as const, values: parsed.values, input };
}
