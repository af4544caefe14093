// An operator's officer reading down a list looks for Maison d’Allanche among the M's and for
// Élan among the E's: every list of houses, companies and people on the operator's side (and the
// company's houses and join lists) is in reading order (src/lib/name-order.ts), not in SQLite's
// code-point order, which put every name starting with an accented capital after "Z" and
// "Maison d’Allanche" (typographic apostrophe) after "Maison du Lioran".
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany } from '../helpers/factories';
import { createUser } from '../../src/lib/server/auth/user';
import {
	addOperatorMember,
	linkCompany,
	makeOperatedHouse,
	makeOperator,
	presence
} from './helpers';
import { eq } from 'drizzle-orm';
import {
	companyHouses,
	houseMonths,
	houseStatements,
	memberships,
	users,
	type Company,
	type House,
	type Operator,
	type User
} from '../../src/lib/server/db/schema';
import { listOperatorHouses } from '../../src/lib/server/operators/houses';
import { listOperatorMembers } from '../../src/lib/server/operators/members';
import { houseToday, networkSummary } from '../../src/lib/server/operators/network';
import { houseAgreements } from '../../src/lib/server/agreements/agreements';
import { agreementsAtHouse } from '../../src/lib/server/agreements/in-force';
import { listedHouses } from '../../src/lib/server/agreements/join-requests';
import { deskCompanies } from '../../src/lib/server/presence/desk';
import { houseLoad } from '../../src/lib/server/presence/capacity';
import {
	networkMonthSummary,
	operatorMonthView,
	operatorOpenMonthView
} from '../../src/lib/server/billing/statements';
import { listHouses } from '../../src/lib/server/houses/houses';

const { db } = useTempDatabase();

// In code-point order: Maison Zélie ("Z" before "d"), Maison de Murat, Maison du Lioran, Maison
// d’Allanche (’ is U+2019, after every letter), and Écluse last.
const HOUSES_IN_READING_ORDER = [
	'Écluse',
	'Maison d’Allanche',
	'Maison de Murat',
	'Maison du Lioran',
	'Maison Zélie'
];
const COMPANIES_IN_READING_ORDER = ['Atelier Vert', 'Élan Coop', 'Scop Volcans', 'Zinc'];
const PEOPLE_IN_READING_ORDER = ['Anne Lefèvre', 'Élise Fabre', 'Océane Dubois', 'Zoé Petit'];

// 09:00 UTC on Wednesday 2 December 2026.
const NOW = Date.parse('2026-12-02T09:00:00Z');
const TODAY = '2026-12-02';

let admin: User;
let operator: Operator;
let houses: House[];
let murat: House;
let companies: Company[];
let people: User[];

let count = 0;
/** A person named exactly `name` (the factories' makeUser numbers its names). */
const person = (name: string) =>
	createUser({
		name,
		email: `reader-${++count}-${Date.now().toString(36)}@example.org`,
		password: 'une-longue-phrase-de-passe'
	});

beforeAll(async () => {
	admin = await person('Anne Lefèvre');
	operator = makeOperator(admin, 'Commune de Murat');
	// Created, joined and named in an order that is neither of the two compared.
	houses = [
		'Maison Zélie',
		'Écluse',
		'Maison du Lioran',
		'Maison d’Allanche',
		'Maison de Murat'
	].map((name) => makeOperatedHouse(operator, admin, { name, listed: true }));
	murat = houses.find((house) => house.name === 'Maison de Murat')!;
	people = [admin];
	for (const name of ['Zoé Petit', 'Élise Fabre', 'Océane Dubois']) {
		const staff = await person(name);
		addOperatorMember(operator, admin, staff, 'staff');
		people.push(staff);
	}
	companies = ['Zinc', 'Élan Coop', 'Scop Volcans', 'Atelier Vert'].map((name, index) =>
		makeCompany(people[index], name)
	);
	for (const company of companies) linkCompany(operator, murat, company.id, '2026-11-01');
	// Each company's owner checks in today, and each of them is in the house directory.
	companies.forEach((company, index) => {
		presence(murat, company.id, people[index].id, TODAY);
		db().update(users).set({ houseDirectory: true }).where(eq(users.id, people[index].id)).run();
	});
});

describe('an operator’s lists in reading order', () => {
	it('the houses page and the network list houses as a reader looks for them', () => {
		expect(listOperatorHouses(operator.id).map((house) => house.name)).toEqual(
			HOUSES_IN_READING_ORDER
		);
		expect(networkSummary(operator.id, NOW).map((row) => row.house.name)).toEqual(
			HOUSES_IN_READING_ORDER
		);
		expect(networkMonthSummary(operator.id, '2026-11').map((row) => row.name)).toEqual(
			HOUSES_IN_READING_ORDER
		);
	});

	it('the members page and a house’s directory list people in that order', () => {
		expect(listOperatorMembers(operator.id).map((member) => member.name)).toEqual(
			PEOPLE_IN_READING_ORDER
		);
		const today = houseToday(murat, NOW);
		expect(today.directory.map((person) => person.name)).toEqual(PEOPLE_IN_READING_ORDER);
		expect(today.companies.map((company) => company.name)).toEqual(COMPANIES_IN_READING_ORDER);
	});

	it('the companies page, the desk, the occupancy page and the months list companies in that order', () => {
		expect(houseAgreements(murat).map((row) => row.companyName)).toEqual(
			COMPANIES_IN_READING_ORDER
		);
		expect(agreementsAtHouse(murat.id).map((row) => row.companyName)).toEqual(
			COMPANIES_IN_READING_ORDER
		);
		expect(deskCompanies(murat, NOW).map((company) => company.name)).toEqual(
			COMPANIES_IN_READING_ORDER
		);
		expect(houseLoad(murat, [TODAY]).map((load) => load.companyName)).toEqual(
			COMPANIES_IN_READING_ORDER
		);
		expect(
			operatorOpenMonthView(murat.id, '2026-12').companies.map((row) => row.companyName)
		).toEqual(COMPANIES_IN_READING_ORDER);
	});

	it('a closed month lists its statements in that order', () => {
		const month = '2026-11';
		db()
			.insert(houseMonths)
			.values({
				houseId: murat.id,
				month,
				costCents: 0,
				fundingCents: 0,
				sharedCents: 0,
				allHalfDays: 0,
				billedCents: 0,
				closedAt: new Date(NOW)
			})
			.run();
		for (const company of companies) {
			db()
				.insert(houseStatements)
				.values({
					houseId: murat.id,
					month,
					companyId: company.id,
					companyName: company.name,
					totalCents: 0,
					halfDays: 0,
					lines: [],
					people: []
				})
				.run();
		}
		expect(operatorMonthView(murat.id, month)!.statements.map((row) => row.companyName)).toEqual(
			COMPANIES_IN_READING_ORDER
		);
	});
});

describe('a company’s lists of houses in reading order', () => {
	it('its houses page and the houses it may ask to join', () => {
		const company = companies[0];
		for (const house of houses) {
			db().insert(companyHouses).values({ companyId: company.id, houseId: house.id }).run();
		}
		expect(listHouses(company.id).map((house) => house.name)).toEqual(HOUSES_IN_READING_ORDER);
		// Every house is in Murat: by commune, then by name.
		const other = makeCompany(people[1], 'Nouvelle');
		expect(listedHouses(other.id, NOW).map((house) => house.name)).toEqual(HOUSES_IN_READING_ORDER);
	});

	it('its houses page lists each house’s people in that order', () => {
		const company = makeCompany(people[0], 'Maisonnée');
		const house = houses[0];
		db().insert(companyHouses).values({ companyId: company.id, houseId: house.id }).run();
		for (const member of people.slice(1)) addMember(company, people[0], member, 'member');
		db()
			.update(memberships)
			.set({ homeHouseId: house.id })
			.where(eq(memberships.companyId, company.id))
			.run();
		expect(listHouses(company.id)[0].members.map((member) => member.name)).toEqual(
			PEOPLE_IN_READING_ORDER
		);
	});
});
