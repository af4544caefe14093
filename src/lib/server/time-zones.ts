import { groupTimeZones, type TimeZoneGroups } from '../time-zone-groups';

/** IANA time zones this runtime knows, for validation and the pickers (houses, profile). */
export const timeZones: readonly string[] = (() => {
	const zones = Intl.supportedValuesOf('timeZone');
	return zones.includes('UTC') ? zones : ['UTC', ...zones];
})();

export function isTimeZone(value: string): boolean {
	return timeZones.includes(value);
}

/** The same zones by region, as a picker sends them to a page (UTC, having none, is left out). */
export const timeZoneGroups: TimeZoneGroups = groupTimeZones(timeZones);
