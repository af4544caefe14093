import { describe, expect, it } from 'vitest';
import { mentionListPosition, membersMatching } from './mention-suggestion';

const members = [
	{ id: 'e', name: 'Élodie Bérénger' },
	{ id: 'b', name: 'Bob Martin' },
	{ id: 'c', name: 'Chloé Dumas' }
];

describe('the "@" list', () => {
	it('matches names accents and capitals aside, as the search does', () => {
		expect(membersMatching(members, 'elodie').map((m) => m.id)).toEqual(['e']);
		expect(membersMatching(members, 'Élo').map((m) => m.id)).toEqual(['e']);
		expect(membersMatching(members, 'berenger').map((m) => m.id)).toEqual(['e']);
		expect(membersMatching(members, 'CHLOE').map((m) => m.id)).toEqual(['c']);
		expect(membersMatching(members, 'zoé')).toEqual([]);
	});

	it('offers everyone for an empty query, six at most', () => {
		const many = Array.from({ length: 9 }, (_, n) => ({ id: String(n), name: `Membre ${n}` }));
		expect(membersMatching(members, '')).toHaveLength(3);
		expect(membersMatching(many, 'membre')).toHaveLength(6);
	});
});

describe('where the "@" list opens', () => {
	const phone = { width: 360, height: 740 };
	const list = { width: 192, height: 120 };

	it('opens under the caret when it fits there', () => {
		expect(mentionListPosition({ left: 40, top: 300, bottom: 320 }, list, phone)).toEqual({
			left: 40,
			top: 324
		});
	});

	it('opens above the caret on the screen’s last lines, where it would be cut off', () => {
		// Found on a tour: typing "@" at the end of a document on a phone opened it off the screen.
		const { top } = mentionListPosition({ left: 40, top: 700, bottom: 720 }, list, phone);
		expect(top).toBe(700 - 4 - 120);
		expect(top + list.height).toBeLessThanOrEqual(700);
	});

	it('stays within the screen’s width near its right edge', () => {
		const { left } = mentionListPosition({ left: 330, top: 300, bottom: 320 }, list, phone);
		expect(left + list.width).toBeLessThanOrEqual(phone.width - 8);
	});
});
