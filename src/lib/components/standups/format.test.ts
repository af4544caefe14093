import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { whenLabel, type When } from './format';

afterEach(() => overwriteGetLocale(() => 'en'));

// A run on Sunday 6 December 2026 at 09:30 in Paris, seen from Montréal (03:30 the same day).
const run: When = {
	there: { date: '2026-12-06', time: '09:30', weekday: 7 },
	here: { date: '2026-12-06', time: '03:30', weekday: 7 },
	viewerZone: 'America/Toronto'
};

describe("a stand-up's time", () => {
	it('puts the weekday before the date of one run, in French', () => {
		overwriteGetLocale(() => 'fr');
		// Before: "6 décembre 2026, dim. 09:30 (Europe/Paris)".
		expect(whenLabel(run, 'Europe/Paris', { dated: true })).toBe(
			'dim. 6 décembre 2026, 09:30 (Europe/Paris) · dim. 03:30 chez vous'
		);
		expect(whenLabel(run, 'Europe/Paris')).toBe('dim. 09:30 (Europe/Paris) · dim. 03:30 chez vous');
	});

	it('puts the weekday before the date of one run, in English', () => {
		overwriteGetLocale(() => 'en');
		expect(
			whenLabel({ ...run, here: null, viewerZone: null }, 'Europe/Paris', { dated: true })
		).toBe('Sun 6 December 2026, 09:30 (Europe/Paris)');
		expect(whenLabel(run, 'Europe/Paris')).toBe('Sun 09:30 (Europe/Paris) · Sun 03:30 your time');
	});
});
