// The seat counts of an invitation the house can no longer honour, and of the reservation limit,
// read as counts do in each language: one seat, two seats, and French "0 place" (French counts 0
// as one); a house of one seat is "its only seat".
import { describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages';

const en = { locale: 'en' as const };
const fr = { locale: 'fr' as const };

describe('seat counts in the agreement messages', () => {
	it('says one seat and several seats in English', () => {
		expect(m.agreements_invite_seats_gone({ reserved: 1, free: 0 }, en)).toBe(
			'This invitation reserves 1 seat, but the house has 0 seats left to reserve now: ask its operator for a new invitation.'
		);
		expect(m.agreements_invite_seats_gone({ reserved: 3, free: 1 }, en)).toBe(
			'This invitation reserves 3 seats, but the house has 1 seat left to reserve now: ask its operator for a new invitation.'
		);
		expect(m.agreements_seats_over_free({ free: 0, reserved: 1, seats: 1 }, en)).toBe(
			'At most 0: the house’s only seat is already reserved over this period.'
		);
	});

	it('says "1 place", "0 place" and "3 places" in French, and names the operator as elsewhere', () => {
		expect(m.agreements_invite_seats_gone({ reserved: 1, free: 0 }, fr)).toBe(
			'Cette invitation réserve 1 place, mais il reste 0 place à réserver dans la maison\u202f: demandez une nouvelle invitation à son opérateur.'
		);
		expect(m.agreements_invite_seats_gone({ reserved: 3, free: 2 }, fr)).toBe(
			'Cette invitation réserve 3 places, mais il reste 2 places à réserver dans la maison\u202f: demandez une nouvelle invitation à son opérateur.'
		);
		expect(m.agreements_seats_over_free({ free: 2, reserved: 8, seats: 10 }, fr)).toBe(
			'2 au plus\u202f: 8 des 10 places de la maison sont déjà réservées sur cette période.'
		);
	});

	it('says a house of one seat is over "its one seat", never "its 1 seat" / "sa 1 place"', () => {
		const over = { house: 'Le Fournil', over: 1, seats: 1 };
		expect(m.presence_check_in_over_capacity(over, en)).toBe(
			'Le Fournil is over capacity today: 1 more than its one seat. Your check-in counts all the same.'
		);
		expect(m.presence_check_in_over_capacity(over, fr)).toBe(
			'Le Fournil dépasse sa capacité aujourd’hui\u202f: 1 de plus que son unique place. Votre pointage compte quand même.'
		);
		expect(m.presence_check_in_over_capacity({ ...over, seats: 4 }, fr)).toContain(
			'1 de plus que ses 4 places.'
		);
	});
});
