import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { openingDaysLabel, openingHoursLabel } from './house-hours';

afterEach(() => overwriteGetLocale(() => 'en'));

describe('a house’s opening days, as people write them', () => {
	it('reads three days or more in a row as a span', () => {
		overwriteGetLocale(() => 'fr');
		expect(openingDaysLabel([1, 2, 3, 4, 5])).toBe('du lundi au vendredi');
		expect(
			openingHoursLabel({ openingDays: [1, 2, 3, 4, 5], opensAt: '08:30', closesAt: '18:30' })
		).toBe('du lundi au vendredi, 08:30–18:30');
		overwriteGetLocale(() => 'en');
		expect(openingDaysLabel([1, 2, 3, 4, 5])).toBe('Monday to Friday');
	});

	it('names two days in a row and lone days, joined as a list', () => {
		overwriteGetLocale(() => 'fr');
		expect(openingDaysLabel([2, 4])).toBe('mardi et jeudi');
		expect(openingDaysLabel([1, 2])).toBe('lundi et mardi');
		expect(openingDaysLabel([1, 2, 3, 5, 6])).toBe('du lundi au mercredi, vendredi et samedi');
		overwriteGetLocale(() => 'en');
		expect(openingDaysLabel([7, 1, 2, 3, 5])).toMatch(/^Monday to Wednesday, Friday,? and Sunday$/);
		expect(openingDaysLabel([6])).toBe('Saturday');
	});

	it('orders the days of the week whatever order they were stored in, once each', () => {
		overwriteGetLocale(() => 'fr');
		expect(openingDaysLabel([5, 3, 4, 4])).toBe('du mercredi au vendredi');
	});
});
