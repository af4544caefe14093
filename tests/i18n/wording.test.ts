// Wording rules the newcomer walk found broken: numbers agree with their nouns by each language's
// plural rules ("1 person", "1 seat", never "1 people" or "1 seats"), and French uses the
// typographic apostrophe everywhere (straight and curly ones were mixed on the same page).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages';

const fr = { locale: 'fr' as const };
const en = { locale: 'en' as const };

describe('plurals', () => {
	it('agree with one person and one seat, in both languages', () => {
		expect(m.presence_report_people_at_once({ people: 1, seats: 1 }, en)).toBe(
			'1 person at once (1 seat)'
		);
		expect(m.presence_report_people_at_once({ people: 2, seats: 1 }, en)).toBe(
			'2 people at once (1 seat)'
		);
		expect(m.presence_report_people_at_once({ people: 0, seats: 4 }, fr)).toBe(
			'0 personne en même temps (4 places)'
		);
		expect(
			m.presence_over_capacity({ house: 'Murat', date: '3 mars', people: 2, seats: 1 }, en)
		).toBe('Murat is over capacity on 3 mars: 2 people for 1 seat.');
		expect(m.operators_house_seats_value({ count: 1 }, fr)).toBe('1 place');
		expect(m.operators_house_seats_value({ count: 12 }, en)).toBe('12 seats');
		expect(m.agreements_doc_seats({ seats: 1 }, en)).toMatch(/^1 seat, shared/);
		expect(m.billing_costs_copied({ count: 1 }, fr)).toBe('1 ligne reprise du mois dernier.');
	});
});

describe('French typography', () => {
	it('uses the typographic apostrophe in every French message', () => {
		const areas = readdirSync('messages');
		const straight: string[] = [];
		for (const area of areas) {
			const messages = JSON.parse(readFileSync(`messages/${area}/fr.json`, 'utf8')) as Record<
				string,
				unknown
			>;
			for (const [key, value] of Object.entries(messages)) {
				if (key !== '$schema' && JSON.stringify(value).includes("'")) straight.push(key);
			}
		}
		expect(straight).toEqual([]);
	});
});
