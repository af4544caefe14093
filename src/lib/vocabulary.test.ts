import { describe, expect, it } from 'vitest';
import { isPlaceOutsideHouse, isRole, placeKinds, placesOutsideHouses } from './vocabulary';

describe('the shared vocabulary', () => {
	it('knows a role written anywhere, and nothing else', () => {
		expect(['owner', 'manager', 'member'].every(isRole)).toBe(true);
		// Audit details are free-form JSON: numbers, nulls, other casings are not roles.
		for (const value of ['Owner', 'admin', '', 2, null, undefined])
			expect(isRole(value)).toBe(false);
	});

	it('tells the places a form sends as they are from a house', () => {
		expect(placesOutsideHouses.every(isPlaceOutsideHouse)).toBe(true);
		expect(isPlaceOutsideHouse('house')).toBe(false);
		expect(isPlaceOutsideHouse('house:abc')).toBe(false);
		expect(isPlaceOutsideHouse('')).toBe(false);
		expect(['house', ...placesOutsideHouses].sort()).toEqual([...placeKinds].sort());
	});
});
