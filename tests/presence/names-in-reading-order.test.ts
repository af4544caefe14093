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
import { companiesOfUser } from '../../src/lib/server/companies/companies';
import { createStandup, listStandups } from '../../src/lib/server/standups/standups';
import { companyPeople, createMeetingRoom, listRooms } from '../../src/lib/server/video/rooms';
import { actingAs, standupInput } from '../helpers/factories';
import { accountExport } from '../../src/lib/server/account/export';
import { deletionPlan } from '../../src/lib/server/account/deletion';
import { createOperator } from '../../src/lib/server/operators/operators';

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

	it('the company switcher, the stand-ups, the rooms and the room’s invitee list too', async () => {
		const { co, owner } = await company();
		// The header's switcher: the owner's companies, created in another order.
		for (const name of ['Zinc', 'Élan Coop', 'Atelier Vert']) makeCompany(owner, name);
		expect(companiesOfUser(owner.id).map((c) => c.name)).toEqual([
			'Atelier Vert',
			'Élan Coop',
			'Les Coteaux',
			'Zinc'
		]);
		const asOwner = actingAs(owner, 'owner');
		for (const name of ['Zénith', 'Équipe terrain', 'Atelier']) {
			expect(createStandup(co.id, asOwner, standupInput({ name })).ok).toBe(true);
		}
		expect(listStandups(co.id).map((standup) => standup.name)).toEqual([
			'Atelier',
			'Équipe terrain',
			'Zénith'
		]);
		for (const name of ['Salle 10', 'Écurie', 'Salle 2']) {
			createMeetingRoom(co.id, asOwner, {
				name,
				description: '',
				access: 'everyone',
				invitees: []
			});
		}
		const rooms = listRooms(co.id, owner.id);
		// The permanent rooms first (the whole company's, then one per house), each kind by name.
		expect(rooms.filter((room) => room.kind === 'house').map((room) => room.name)).toEqual([
			'Écluse',
			'Fournil',
			'Maison Murat'
		]);
		expect(rooms.filter((room) => room.kind === 'meeting').map((room) => room.name)).toEqual([
			'Écurie',
			'Salle 2',
			'Salle 10'
		]);
		expect(rooms.map((room) => room.kind)).toEqual([
			'all_hands',
			'house',
			'house',
			'house',
			'meeting',
			'meeting',
			'meeting'
		]);
		expect(companyPeople(co.id).map((person) => person.name)).toEqual(READING_ORDER);
	});

	it('a person’s data export and the account deletion page list their spaces in that order', async () => {
		const { owner } = await company();
		for (const name of ['Zinc', 'Élan Coop', 'Atelier Vert']) makeCompany(owner, name);
		for (const name of ['Viaduc', 'Écluses du Lot', 'Aubrac']) createOperator(owner.id, name);
		const spaces = accountExport(owner.id)!;
		expect(spaces.companies.map((row) => row.company)).toEqual([
			'Atelier Vert',
			'Élan Coop',
			'Les Coteaux',
			'Zinc'
		]);
		expect(spaces.operators.map((row) => row.operator)).toEqual([
			'Aubrac',
			'Écluses du Lot',
			'Viaduc'
		]);
		// Alone in all but Les Coteaux (four others there): these go with the account.
		const plan = deletionPlan(owner.id);
		expect(plan.companiesGoing.map((space) => space.name)).toEqual([
			'Atelier Vert',
			'Élan Coop',
			'Zinc'
		]);
		expect(plan.operatorsGoing.map((space) => space.name)).toEqual([
			'Aubrac',
			'Écluses du Lot',
			'Viaduc'
		]);
	});

	it('puts accents beside their letter, capitals among small letters and numbers by value', () => {
		const sorted = ['maison 10', 'Zoé', 'Maison 2', 'élise', 'Edmond', 'Fanny'].sort(compareNames);
		expect(sorted).toEqual(['Edmond', 'élise', 'Fanny', 'Maison 2', 'maison 10', 'Zoé']);
	});
});
