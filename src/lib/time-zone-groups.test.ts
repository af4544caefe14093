import { describe, expect, it } from 'vitest';
import { groupTimeZones, placesOf, timeZoneLabel } from './time-zone-groups';

describe('time zones grouped for a picker', () => {
	it('name each region once and every zone again in full', () => {
		const zones = [
			'UTC',
			'America/Argentina/Buenos_Aires',
			'America/New_York',
			'Europe/Paris',
			'Europe/Zurich'
		];
		const groups = groupTimeZones(zones);
		expect(groups).toEqual([
			['America', 'Argentina/Buenos_Aires New_York'],
			['Europe', 'Paris Zurich']
		]);
		const back = groups.flatMap(([region, places]) =>
			placesOf(places).map((place) => `${region}/${place}`)
		);
		expect(back).toEqual(zones.slice(1));
		expect(timeZoneLabel('America/New_York')).toBe('America/New York');
	});

	it('keep every zone this runtime knows', () => {
		const zones = Intl.supportedValuesOf('timeZone');
		const back = groupTimeZones(zones).flatMap(([region, places]) =>
			placesOf(places).map((place) => `${region}/${place}`)
		);
		expect(back).toEqual(zones.filter((zone) => zone.includes('/')));
	});
});
