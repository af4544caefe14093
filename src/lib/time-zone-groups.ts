// The IANA zones as a picker sends them to a page: by region, each place once, without its
// region in front. The full list is ~420 names; as options with the same names again for the
// page's scripts it was 32 kB of every profile page. Grouped, "Europe/" is sent once, not 60 times.

import { groupBy } from './group-by';

/** [region, its places after "Region/" joined by spaces], e.g. ["Europe", "Amsterdam Andorra …"]. */
export type TimeZoneGroups = ReadonlyArray<readonly [string, string]>;

/** Zones grouped by their first part, in the list's order; a zone with no region (UTC) is left out. */
export function groupTimeZones(zones: readonly string[]): TimeZoneGroups {
	const regional = zones.filter((zone) => zone.includes('/'));
	const byRegion = groupBy(regional, (zone) => zone.slice(0, zone.indexOf('/')));
	// IANA names hold no spaces ("New_York"), so a space can join them.
	return [...byRegion].map(
		([region, inRegion]) =>
			[region, inRegion.map((zone) => zone.slice(region.length + 1)).join(' ')] as const
	);
}

/** The places of a group, as written after the region ("Argentina/Buenos_Aires"). */
export function placesOf(places: string): string[] {
	return places.split(' ');
}

/** "America/New_York" → "America/New York": a zone (or a place) as people read it. */
export function timeZoneLabel(zone: string): string {
	return zone.replaceAll('_', ' ');
}

/**
 * The name of the button a long form's zone picker asks for every zone with (TimeZoneSelect): the
 * form's action then sends the form back as typed, with every zone, instead of saving it.
 */
export const SHOW_ALL_TIME_ZONES = 'showAllTimeZones';

/** Where the page's scripts fetch every zone, grouped, to show them in place. */
export const TIME_ZONES_URL = '/api/time-zones';
