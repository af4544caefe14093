// The house form is shared by "New house" (houses list) and "Edit house" (house page), so both
// validate exactly the same way.
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formatNumber } from '$lib/format';
import { isTimeZone, type HouseInput } from '$lib/server/houses/houses';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';
export const MAX_SEATS = 500;
/** Keeps cents far inside Number.MAX_SAFE_INTEGER and SQLite's integer range. */
const MAX_EUROS_DIGITS = 9;

const requiredText = (max: number) =>
	v.pipe(
		v.string(() => m.error_required()),
		v.trim(),
		v.nonEmpty(() => m.error_required()),
		v.maxLength(max, () => m.error_too_long({ max }))
	);

type EurosParse =
	{ ok: true; cents: number } | { ok: false; problem: 'negative' | 'invalid' | 'too_high' };

/**
 * Euros as people type them, "1250", "1250,50", "1250.5" or "1 250,50", to cents. Parsed as text
 * so that no binary float rounding can lose a cent.
 */
export function parseEuros(input: string): EurosParse {
	// French writes thousands with (narrow) no-break spaces; a trailing € is harmless too.
	const compact = input.replace(/[\s\u00a0\u202f]/g, '').replace(/€$/, '');
	if (compact.startsWith('-')) return { ok: false, problem: 'negative' };
	const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(compact);
	if (!match) return { ok: false, problem: 'invalid' };
	const euros = match[1].replace(/^0+(?=\d)/, '');
	if (euros.length > MAX_EUROS_DIGITS) return { ok: false, problem: 'too_high' };
	return { ok: true, cents: Number(euros) * 100 + Number((match[2] ?? '').padEnd(2, '0')) };
}

const eurosMessages = {
	negative: () => m.houses_cost_negative(),
	invalid: () => m.houses_cost_invalid(),
	too_high: () => m.houses_cost_too_high()
};

const seatsField = v.pipe(
	v.string(() => m.error_required()),
	v.trim(),
	v.nonEmpty(() => m.error_required()),
	v.regex(/^\d+$/, () => m.houses_seats_invalid({ max: MAX_SEATS })),
	v.transform(Number),
	v.minValue(1, () => m.houses_seats_invalid({ max: MAX_SEATS })),
	v.maxValue(MAX_SEATS, () => m.houses_seats_invalid({ max: MAX_SEATS }))
);

const monthlyCostField = v.pipe(
	v.string(() => m.error_required()),
	v.trim(),
	v.nonEmpty(() => m.error_required()),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const parsed = parseEuros(dataset.value);
		if (parsed.ok) return parsed.cents;
		addIssue({ message: eurosMessages[parsed.problem]() });
		return NEVER;
	})
);

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
