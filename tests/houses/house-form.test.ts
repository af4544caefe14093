// The house form's messages write numbers as its hints do, in the reader's language.
import { afterEach, describe, expect, it } from 'vitest';
import { parseForm } from '../../src/lib/server/forms';
import { houseSchema } from '../../src/routes/(app)/[company]/houses/house-form.server';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.set(key, value);
	return data;
};

afterEach(() => overwriteGetLocale(() => 'en'));

describe('numbers in messages', () => {
	it("the link's bounds read as its hint writes them", () => {
		const uplink = (locale: 'en' | 'fr') => {
			overwriteGetLocale(() => locale);
			const parsed = parseForm(houseSchema, form({ uplink: '12' }));
			return parsed.ok ? null : parsed.errors.uplink;
		};
		expect(uplink('en')).toBe(
			'Enter a whole number of kbit/s from 64 to 1,000,000, or leave it empty.'
		);
		expect(uplink('fr')).toBe(
			'Saisissez un nombre entier de kbit/s entre 64 et 1\u202f000\u202f000, ou laissez vide.'
		);
	});
});
