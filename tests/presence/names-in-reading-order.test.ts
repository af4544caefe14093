// A manager reading down a list looks for Élise among the E's: every list of people and houses a
// company shows (board, team week, members, occupancy report, search) is in reading order, not in
// SQLite's code-point order, which put every name with an accented capital after "Z".
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse } from '../helpers/factories';
import { createUser } from '../../src/lib/server/auth/user';
import { listMembers } from '../../src/lib/server/companies/members';
import { boardWithSeats } from '../../src/lib/server/presence/board';
import { occupancyReport } from '../../src/lib/server/presence/report';
import { searchCompany } from '../../src/lib/server/search/query';
import { compareNames } from '../../src/lib/name-order';

useTempDatabase();

const READING_ORDER = ['Anne Lefèvre', 'Camille Roux', 'Élise Fabre', 'Océane Dubois', 'Zoé Petit'];

async function company() {
	let count = 0;
	const person = (name: string) =>
		createUser({
			name,
			email: `reader-${++count}-${Date.now().toString(36)}@example.org`,
			password: 'une-longue-phrase-de-passe'
		});
	const owner = await person('Camille Roux');
	const co = makeCompany(owner, 'Les Coteaux');
	// Joined in an order that is neither of the two orders compared.
	for (const name of ['Zoé Petit', 'Élise Fabre', 'Anne Lefèvre', 'Océane Dubois']) {
		addMember(co, owner, await person(name), 'member');
	}
	const houses = ['Maison Murat', 'Écluse', 'Fournil'].map((name) =>
		makeHouse(co, owner, { name })
	);
	return { owner, co, houses };
}

describe('names in reading order', () => {
	it('the members page, the team week and the board list people as a reader looks for them', async () => {
		const { co } = await company();
		expect(listMembers(co.id).map((member) => member.name)).toEqual(READING_ORDER);
		const { board } = boardWithSeats(co.id);
		expect(board.people.map((person) => person.name)).toEqual(READING_ORDER);
		// The board's and the team week's houses too.
		expect(board.houses.map((house) => house.name)).toEqual(['Écluse', 'Fournil', 'Maison Murat']);
	});

	it('the occupancy report (and so its CSV) lists its members in that order', async () => {
		const { co, houses } = await company();
		const report = occupancyReport(co.id, houses[0], '2026-12', '2026-12-06');
		expect(report.members.map((member) => member.name)).toEqual(READING_ORDER);
	});

	it('a search finds people and houses in that order', async () => {
		const { co, owner } = await company();
		const search = (input: string) =>
			searchCompany(co.id, owner.id, input, { limit: 10, allHandsLabel: 'All hands' });
		expect(search('e').people.map((person) => person.name)).toEqual(READING_ORDER);
		// Every house is in Saint-Flour.
		expect(search('saint').houses.map((house) => house.name)).toEqual([
			'Écluse',
			'Fournil',
			'Maison Murat'
		]);
	});

	it('puts accents beside their letter, capitals among small letters and numbers by value', () => {
		const sorted = ['maison 10', 'Zoé', 'Maison 2', 'élise', 'Edmond', 'Fanny'].sort(compareNames);
		expect(sorted).toEqual(['Edmond', 'élise', 'Fanny', 'Maison 2', 'maison 10', 'Zoé']);
	});
});
