// The house form is shared by "New house" (houses list) and "Edit house" (house page), so both
// validate exactly the same way.
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formatNumber } from '$lib/format';
import { eurosField } from '$lib/server/forms';
import { isTimeZone, type HouseInput } from '$lib/server/houses/houses';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';
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
		uplink: linkKbpsField,
		downlink: linkKbpsField
	},
	// A field missing from the request altogether is reported like an empty one.
	() => m.error_required()
);

export function toHouseInput(data: v.InferOutput<typeof houseSchema>): HouseInput {
	return {
		name: data.name,
		commune: data.commune,
		address: data.address,
		seats: data.seats,
		timeZone: data.timeZone,
		monthlyCostCents: data.monthlyCost,
		uplinkKbps: data.uplink,
		downlinkKbps: data.downlink
	};
}
