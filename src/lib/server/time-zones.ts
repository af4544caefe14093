/** IANA time zones this runtime knows, for validation and the pickers (houses, profile). */
export const timeZones: readonly string[] = (() => {
	const zones = Intl.supportedValuesOf('timeZone');
	return zones.includes('UTC') ? zones : ['UTC', ...zones];
})();

export function isTimeZone(value: string): boolean {
	return timeZones.includes(value);
}
