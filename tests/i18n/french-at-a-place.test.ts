// French contracts "à" with the article that starts a place's name: "Je suis au Fournil
// aujourd’hui", "l’accès aux Tilleuls", where "à Le Fournil" read as a slip on every check-in. Each
// message that puts a house, a company or an operator after "à" takes the phrase from atPlaceFrench
// (format.ts) as its caller passes it; English keeps "at Le Fournil" as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { atPlaceFrench } from '../../src/lib/format';
import { m } from '../../src/lib/paraglide/messages';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { checkedInMessage, type CheckInResult } from '../../src/lib/server/presence/check-in';
import type { SharedDay } from '../../src/lib/server/presence/capacity';
import { houseSeatsError, reservedSeatsError } from '../../src/lib/server/agreements/seats';

const fr = { locale: 'fr' as const };
const en = { locale: 'en' as const };
const at = (name: string) => atPlaceFrench(name);

afterEach(() => overwriteGetLocale(() => 'en'));

// French writes a no-break space before a colon or a question mark: compare it as a space.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** A check-in at `house` for `half` of today, over capacity or not. */
function checkedIn(
	house: string,
	half: 'day' | 'am' | 'pm',
	full = false
): CheckInResult & { ok: true } {
	const capacity: SharedDay = {
		date: '2026-03-02',
		seats: 2,
		planned: full ? 3 : 1,
		reserved: 0,
		others: 0,
		seatsLeft: full ? -1 : 1,
		overCapacity: full,
		people: full ? 3 : 1,
		checkedIn: full ? 3 : 1,
		shared: false
	};
	return { ok: true, houseName: house, date: capacity.date, half, capacity, closed: null };
}

describe('French "à" before a place', () => {
	it('on the board’s button, the check-in link and the door’s QR code', () => {
		const here = (house: string) => m.presence_check_in_here({ house, atHouse: at(house) }, fr);
		expect(here('Le Fournil')).toBe('Je suis au Fournil aujourd’hui');
		expect(here('Les Tilleuls')).toBe('Je suis aux Tilleuls aujourd’hui');
		expect(here('La Grange')).toBe('Je suis à La Grange aujourd’hui');
		expect(here('L’Atelier')).toBe('Je suis à L’Atelier aujourd’hui');
		expect(here('Lesneven')).toBe('Je suis à Lesneven aujourd’hui');
		const confirm = (house: string) =>
			plain(m.presence_check_in_confirm({ house, atHouse: at(house) }, fr));
		expect(confirm('Le Fournil')).toBe('Pointer au Fournil ?');
		expect(m.presence_qr_title({ house: 'Les Tilleuls', atHouse: at('Les Tilleuls') }, fr)).toBe(
			'Pointer aux Tilleuls'
		);
		expect(m.presence_qr_alt({ house: 'Le Fournil', atHouse: at('Le Fournil') }, fr)).toBe(
			'QR code pour pointer au Fournil'
		);
		expect(m.presence_door_title({ house: 'Le Fournil', atHouse: at('Le Fournil') }, fr)).toBe(
			'Pointer au Fournil'
		);
		// English as it was: the house's name whole after "at".
		expect(m.presence_check_in_here({ house: 'Le Fournil', atHouse: 'au Fournil' }, en)).toBe(
			'I’m at Le Fournil today'
		);
		expect(m.presence_door_title({ house: 'Le Fournil', atHouse: 'au Fournil' }, en)).toBe(
			'Check in at Le Fournil'
		);
	});

	it('once checked in: the whole day, each half, and a full house', () => {
		overwriteGetLocale(() => 'fr');
		const said = (house: string, half: 'day' | 'am' | 'pm', full = false) =>
			plain(checkedInMessage(checkedIn(house, half, full)).text);
		expect(said('Le Fournil', 'day')).toBe('Vous êtes au Fournil aujourd’hui');
		expect(said('Le Fournil', 'am')).toBe('Vous êtes au Fournil ce matin');
		expect(said('les Tilleuls', 'pm')).toBe('Vous êtes aux Tilleuls cet après-midi');
		expect(said('La Grange', 'day')).toBe('Vous êtes à La Grange aujourd’hui');
		expect(said('Le Fournil', 'day', true)).toBe(
			'Vous avez pointé au Fournil — la maison est complète aujourd’hui : 3 personnes pour 2 places.'
		);
		const held = m.presence_check_in_full_held(
			{ house: 'Les Tilleuls', atHouse: at('Les Tilleuls'), held: 3, seats: 2 },
			fr
		);
		expect(held).toMatch(/^Vous avez pointé aux Tilleuls — /);
		overwriteGetLocale(() => 'en');
		expect(checkedInMessage(checkedIn('Le Fournil', 'am')).text).toBe(
			'You’re at Le Fournil this morning'
		);
		expect(checkedInMessage(checkedIn('Le Fournil', 'day', true)).text).toBe(
			'You’re checked in at Le Fournil — the house is full today: 3 people for 2 seats.'
		);
	});

	it('on an invitation to work at a house, and the seats a pending invitation holds', () => {
		const invite = (house: string) =>
			m.agreements_invite_page_text(
				{ operator: 'Commune de Murat', company: 'Scop Volcans', house, atHouse: at(house) },
				fr
			);
		expect(invite('Le Fournil')).toBe(
			'Commune de Murat invite Scop Volcans à travailler au Fournil aux conditions ci-dessous.'
		);
		expect(
			m.agreements_invite_page_text(
				{ operator: 'Murat', company: 'Volcans', house: 'Le Fournil', atHouse: 'au Fournil' },
				en
			)
		).toBe('Murat invites Volcans to work at Le Fournil under the terms below.');

		overwriteGetLocale(() => 'fr');
		const room = {
			seats: 4,
			reserved: 3,
			free: 1,
			held: [{ companyName: 'Les Ateliers', seats: 2 }]
		};
		expect(reservedSeatsError(2, room)).toContain(
			'2 places sont retenues par une invitation en attente adressée aux Ateliers.'
		);
		const needed = {
			reserved: 3,
			day: '2026-03-02',
			holders: [{ companyName: 'Le Comptoir', seats: 1, pending: true }]
		};
		expect(houseSeatsError(2, needed)).toContain(
			'1 retenue par une invitation en attente adressée au Comptoir'
		);
		overwriteGetLocale(() => 'en');
		expect(reservedSeatsError(2, room)).toContain(
			'2 seats are held by a pending invitation to Les Ateliers.'
		);
	});

	it('when a member loses access to a company or an operator', () => {
		const company = (name: string) =>
			m.members_remove_text({ name: 'Anne', company: name, atCompany: at(name) }, fr);
		expect(company('Les Ateliers')).toMatch(/^Anne perdra immédiatement l’accès aux Ateliers\. /);
		expect(company('Scop Volcans')).toMatch(/l’accès à Scop Volcans\. /);
		const operator = (name: string) =>
			m.operators_members_remove_text({ name: 'Anne', operator: name, atOperator: at(name) }, fr);
		expect(operator('Le Relais')).toMatch(/^Anne perdra aussitôt l’accès au Relais\. /);
		expect(
			m.members_remove_text(
				{ name: 'Anne', company: 'Les Ateliers', atCompany: 'aux Ateliers' },
				en
			)
		).toBe(
			'Anne will lose access to Les Ateliers at once. They can only come back with a new invitation.'
		);
	});
});
