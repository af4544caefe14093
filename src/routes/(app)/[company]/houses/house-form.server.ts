// The house form is shared by "New house" (houses list) and "Edit house" (house page), so both
// validate exactly the same way; an operator's house form (operators/…/houses) builds on it.
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formatNumber } from '$lib/format';
import { eurosField, parseForm, type FieldErrors, type ParsedForm } from '$lib/server/forms';
import { isTimeZone, type HouseInput } from '$lib/server/houses/houses';
import { likelyTimeZones } from '$lib/server/time-zones';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/**
 * The zones a house form offers first: those of the houses beside it (a company's, an operator's),
 * then `ownZone` (the person's), the usual one and UTC. Every zone comes on request (TimeZoneSelect).
 */
export function houseTimeZones(
	houses: ReadonlyArray<{ timeZone: string }>,
	ownZone?: string | null
): string[] {
	return likelyTimeZones(...houses.map((house) => house.timeZone), ownZone);
}
export const MAX_SEATS = 500;

const requiredText = (max: number) =>
	v.pipe(
		v.string(() => m.error_required()),
		v.trim(),
		v.nonEmpty(() => m.error_required()),
		v.maxLength(max, () => m.error_too_long({ max }))
	);

const seatsField = v.pipe(
	v.string(() => m.error_required()),
	v.trim(),
	v.nonEmpty(() => m.error_required()),
	v.regex(/^\d+$/, () => m.houses_seats_invalid({ max: MAX_SEATS })),
	v.transform(Number),
	v.minValue(1, () => m.houses_seats_invalid({ max: MAX_SEATS })),
	v.maxValue(MAX_SEATS, () => m.houses_seats_invalid({ max: MAX_SEATS }))
);

/** A private house's monthly cost, read like every amount (eurosField). */
const monthlyCostField = eurosField();

/** A declared link's bounds in kbit/s: below 64 not even one call's audio gets through. */
export const LINK_KBPS_MIN = 64;
export const LINK_KBPS_MAX = 1_000_000;

/** An internet link's speed in kbit/s, optional: empty means not declared (no budget). */
const linkKbpsField = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const raw = dataset.value.replace(/[\s\u00a0\u202f]/g, '');
		if (raw === '') return null;
		const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
		if (value >= LINK_KBPS_MIN && value <= LINK_KBPS_MAX) return value;
		addIssue({
			// Formatted as the field's hint writes them ("1 000 000" / "1,000,000").
			message: m.link_kbps_invalid({
				min: formatNumber(LINK_KBPS_MIN),
				max: formatNumber(LINK_KBPS_MAX)
			})
		});
		return NEVER;
	})
);

const time = v.pipe(
	v.string(() => m.error_required()),
	v.trim(),
	v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, () => m.operators_house_time_invalid())
);

/** The ticked days, gathered into "1,2,5" by parseHouseForm: at least one, each 1 (Monday) to 7. */
const openingDays = v.pipe(
	v.optional(v.string(), ''),
	v.transform((raw) =>
		[...new Set(raw.split(',').filter(Boolean).map(Number))].sort((a, b) => a - b)
	),
	v.check(
		(days) => days.length > 0 && days.every((day) => Number.isInteger(day) && day >= 1 && day <= 7),
		() => m.operators_house_days_invalid()
	)
);

/** The opening days and hours, each required (an operator's house form). */
export const openingHoursEntries = { openingDays, opensAt: time, closesAt: time };

export const houseSchema = v.object(
	{
		name: requiredText(80),
		commune: requiredText(80),
		address: v.optional(
			v.pipe(
				v.string(),
				v.trim(),
				v.maxLength(200, () => m.error_too_long({ max: 200 }))
			),
			''
		),
		seats: seatsField,
		timeZone: v.pipe(
			v.string(() => m.error_required()),
			v.check(isTimeZone, () => m.houses_time_zone_invalid())
		),
		monthlyCost: monthlyCostField,
		// Optional as a whole: a page from before they were asked sends none (parseHouseForm), and
		// the house keeps its own (or, new, opens Monday to Friday).
		openingDays: v.optional(openingDays),
		opensAt: v.optional(time),
		closesAt: v.optional(time),
		uplink: linkKbpsField,
		downlink: linkKbpsField
	},
	// A field missing from the request altogether is reported like an empty one.
	() => m.error_required()
);

/** A form schema whose output holds the opening hours (the company's and the operator's). */
type SchemaWithHours = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined> &
	v.GenericSchema<unknown, { opensAt?: string; closesAt?: string }>;

/**
 * Reads a house form (a company's or an operator's): the opening days come as one checkbox per
 * day, gathered here into one field so that the schema sees them like any other value; the hours
 * are checked against each other once both are valid times, the refusal shown beside the closing
 * time.
 */
export function parseHouseForm<S extends SchemaWithHours>(
	schema: S,
	form: FormData
): ParsedForm<v.InferOutput<S>> {
	// The days and both hours come together or not at all. No day ticked and no hours at all is a
	// form without them, not a house that never opens; one hour alone is refused as missing.
	if (form.has('opensAt') || form.has('closesAt')) {
		form.set('openingDays', form.getAll('openingDays').join(','));
		for (const hour of ['opensAt', 'closesAt']) if (!form.has(hour)) form.set(hour, '');
	} else form.delete('openingDays');
	const parsed = parseForm(schema, form);
	// Read from the form whether or not other fields were refused: the order of the hours is shown
	// with the rest, not only once everything else is fixed.
	const hour = (name: string) => {
		const read = v.safeParse(time, form.get(name) ?? undefined);
		return read.success ? read.output : undefined;
	};
	const opensAt = hour('opensAt');
	const closesAt = hour('closesAt');
	if (opensAt === undefined || closesAt === undefined || opensAt < closesAt) return parsed;
	const errors: FieldErrors = {
		...(parsed.ok ? {} : parsed.errors),
		closesAt: m.operators_house_hours_order()
	};
	return { ok: false, errors, values: parsed.values };
}

export function toHouseInput(data: v.InferOutput<typeof houseSchema>): HouseInput {
	return {
		name: data.name,
		commune: data.commune,
		address: data.address,
		seats: data.seats,
		timeZone: data.timeZone,
		monthlyCostCents: data.monthlyCost,
		openingDays: data.openingDays,
		opensAt: data.opensAt,
		closesAt: data.closesAt,
		uplinkKbps: data.uplink,
		downlinkKbps: data.downlink
	};
}
