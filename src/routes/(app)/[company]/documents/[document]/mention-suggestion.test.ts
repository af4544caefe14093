import { describe, expect, it } from 'vitest';
import { membersMatching } from './mention-suggestion';

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
