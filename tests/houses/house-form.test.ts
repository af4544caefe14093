// The house form: its messages write numbers as its hints do, in the reader's language; its
// opening days and hours (a company's own house as an operator's).
import { afterEach, describe, expect, it } from 'vitest';
import { parseForm } from '../../src/lib/server/forms';
import {
	houseSchema,
	parseHouseForm,
	toHouseInput
} from '../../src/routes/(app)/[company]/houses/house-form.server';
import { operatedHouseSchema } from '../../src/routes/operators/[operator]/houses/house-form.server';
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

const house = {
	name: 'Maison du Lavoir',
	commune: 'Marvejols',
	address: '',
	seats: '6',
	timeZone: 'Europe/Paris',
	monthlyCost: '0'
};

/** The form as the browser sends it: one `openingDays` entry per ticked day. */
const withDays = (fields: Record<string, string>, days: number[]) => {
	const data = form(fields);
	for (const day of days) data.append('openingDays', String(day));
	return data;
};

describe('opening days and hours of a company house', () => {
	it('reads the ticked days and the hours', () => {
		const parsed = parseHouseForm(
			houseSchema,
			withDays({ ...house, opensAt: '09:00', closesAt: '13:00' }, [6, 2, 4])
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(toHouseInput(parsed.data)).toMatchObject({
			openingDays: [2, 4, 6],
			opensAt: '09:00',
			closesAt: '13:00'
		});
	});

	it('refuses a house with no opening day, beside the days', () => {
		const parsed = parseHouseForm(
			houseSchema,
			withDays({ ...house, opensAt: '09:00', closesAt: '13:00' }, [])
		);
		expect(parsed.ok ? null : parsed.errors).toEqual({
			openingDays: 'Choose at least one opening day.'
		});
	});

	it('refuses a closing time before the opening time, beside the closing time', () => {
		const parsed = parseHouseForm(
			houseSchema,
			withDays({ ...house, opensAt: '14:00', closesAt: '09:30' }, [1])
		);
		expect(parsed.ok ? null : parsed.errors).toEqual({
			closesAt: 'The closing time must come after the opening time.'
		});
	});

	it('refuses one hour without the other', () => {
		const parsed = parseHouseForm(houseSchema, withDays({ ...house, opensAt: '09:00' }, [1]));
		expect(parsed.ok ? null : parsed.errors).toEqual({ closesAt: 'Enter a time such as 08:30.' });
	});

	it('leaves the hours out when a form from before them sends none', () => {
		const parsed = parseHouseForm(houseSchema, form(house));
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const input = toHouseInput(parsed.data);
		expect(input.openingDays).toBeUndefined();
		expect(input.opensAt).toBeUndefined();
		expect(input.closesAt).toBeUndefined();
	});

	it("still asks an operator's house for its days and hours", () => {
		// An operated house has no flat monthly cost: the operator's form sends none.
		const operated = form(house);
		operated.delete('monthlyCost');
		const parsed = parseHouseForm(operatedHouseSchema, operated);
		expect(parsed.ok ? null : Object.keys(parsed.errors).sort()).toEqual([
			'closesAt',
			'openingDays',
			'opensAt'
		]);
	});
});

describe('every mistake at once', () => {
	it('says the hours are in the wrong order beside the other refused fields', () => {
		const parsed = parseHouseForm(
			houseSchema,
			withDays(
				{
					...house,
					name: '',
					seats: '-3',
					monthlyCost: 'abc',
					opensAt: '18:00',
					closesAt: '08:00'
				},
				[1, 2]
			)
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toEqual({
			name: 'This field is required.',
			seats: 'Enter a whole number from 1 to 500.',
			monthlyCost: 'Enter an amount in euros, such as 1\u00a0250,50 or 1250.50.',
			closesAt: 'The closing time must come after the opening time.'
		});
	});

	it('says nothing of the order while an hour is itself refused', () => {
		const parsed = parseHouseForm(
			houseSchema,
			withDays({ ...house, name: '', opensAt: '18:00', closesAt: '8h' }, [1])
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(Object.keys(parsed.errors).sort()).toEqual(['closesAt', 'name']);
		expect(parsed.errors.closesAt).not.toBe('The closing time must come after the opening time.');
	});
});
