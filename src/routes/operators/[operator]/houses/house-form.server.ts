// The operator's house form, shared by "New house" and the house page's "Edit": the company house
// form's fields (name, commune, address, seats, time zone, opening days and hours) without the flat
// monthly cost, which an operated house records month by month, plus "listed".
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import type { OperatedHouseInput } from '$lib/server/operators/houses';
import {
	houseSchema,
	openingHoursEntries,
	parseHouseForm
} from '../../../(app)/[company]/houses/house-form.server';

export {
	DEFAULT_TIME_ZONE,
	houseTimeZones
} from '../../../(app)/[company]/houses/house-form.server';

export const operatedHouseSchema = v.object(
	{
		...v.omit(houseSchema, ['monthlyCost']).entries,
		// An operated house's hours are in its agreements' terms: always asked.
		...openingHoursEntries,
		listed: v.pipe(
			v.optional(v.string(), ''),
			v.transform((raw) => raw === 'on')
		)
	},
	() => m.error_required()
);

/** Reads the form as a company's house form does (opening days, hours in order), plus "listed". */
export function parseOperatedHouse(form: FormData) {
	const parsed = parseHouseForm(operatedHouseSchema, form);
	if (!parsed.ok) return parsed;
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
