import { groupTimeZones, SHOW_ALL_TIME_ZONES, type TimeZoneGroups } from '../time-zone-groups';

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

/** Whether a form was sent by its zone picker's "show every zone" button, not to be saved. */
export function asksForAllTimeZones(form: FormData): boolean {
	return form.has(SHOW_ALL_TIME_ZONES);
}

/**
 * The zones a zone picker offers before every zone is asked for: the given ones (a company's
 * houses', a person's), then the app's usual one and UTC, each once.
 */
export function likelyTimeZones(...zones: ReadonlyArray<string | null | undefined>): string[] {
	return [...new Set([...zones.filter((zone) => zone != null), 'Europe/Paris', 'UTC'])];
}
