import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { createTeam, houseInput, makeHouse } from '../helpers/factories';
import { companyHouses, houses, memberships, type Company } from '../../src/lib/server/db/schema';
import {
	createHouse,
	getCompanyHouse,
	isTimeZone,
	listHouses,
	setHomeHouse,
	setHouseArchived,
	updateHouse
} from '../../src/lib/server/houses/houses';

const { db } = useTempDatabase();

function storedHouse(id: string) {
	return db().select().from(houses).where(eq(houses.id, id)).get();
}

function homeOf(company: Company, userId: string) {
	return db()
		.select({ homeHouseId: memberships.homeHouseId })
		.from(memberships)
		.where(and(eq(memberships.companyId, company.id), eq(memberships.userId, userId)))
		.get()?.homeHouseId;
}

describe('managing houses', () => {
	it('needs at least a manager to create, update, archive or unarchive', async () => {
		const { company, asManager, asMember } = await createTeam();

		expect(createHouse(company.id, asMember, houseInput())).toBeNull();
		expect(listHouses(company.id, { includeArchived: true })).toHaveLength(0);

		const house = createHouse(company.id, asManager, houseInput({ name: 'Le Moulin' }))!;
		expect(house).not.toBeNull();
		expect(getCompanyHouse(company.id, house.id)?.name).toBe('Le Moulin');

		expect(updateHouse(company.id, asMember, house.id, houseInput({ name: 'Renamed' }))).toBe(
			false
		);
		expect(setHouseArchived(company.id, asMember, house.id, true)).toBe(false);
		expect(storedHouse(house.id)).toMatchObject({ name: 'Le Moulin', archivedAt: null });

		expect(
			updateHouse(
				company.id,
				asManager,
				house.id,
				houseInput({ name: 'Le Vieux Moulin', seats: 9 })
			)
		).toBe(true);
		expect(storedHouse(house.id)).toMatchObject({ name: 'Le Vieux Moulin', seats: 9 });

		expect(setHouseArchived(company.id, asManager, house.id, true)).toBe(true);
		expect(storedHouse(house.id)?.archivedAt).toBeInstanceOf(Date);
		expect(listHouses(company.id).map((h) => h.id)).not.toContain(house.id);
		expect(listHouses(company.id, { includeArchived: true }).map((h) => h.id)).toContain(house.id);

		expect(setHouseArchived(company.id, asMember, house.id, false)).toBe(false);
		expect(setHouseArchived(company.id, asManager, house.id, false)).toBe(true);
		expect(storedHouse(house.id)?.archivedAt).toBeNull();
	});

	it('never updates or archives another company’s house', async () => {
		const a = await createTeam();
		const b = await createTeam();
		const houseOfB = makeHouse(b.company, b.owner, { name: 'Chez B' });

		expect(updateHouse(a.company.id, a.asManager, houseOfB.id, houseInput({ name: 'Taken' }))).toBe(
			false
		);
		expect(setHouseArchived(a.company.id, a.asManager, houseOfB.id, true)).toBe(false);
		expect(getCompanyHouse(a.company.id, houseOfB.id)).toBeUndefined();
		expect(storedHouse(houseOfB.id)).toMatchObject({ name: 'Chez B', archivedAt: null });
	});

	it('opens a new house Monday to Friday unless told otherwise, and keeps its hours on an edit without them', async () => {
		const { company, asManager } = await createTeam();
		const usual = createHouse(company.id, asManager, houseInput({ name: 'La Forge' }))!;
		expect(storedHouse(usual.id)).toMatchObject({
			openingDays: [1, 2, 3, 4, 5],
			opensAt: '08:30',
			closesAt: '18:30'
		});

		const saturdays = createHouse(
			company.id,
			asManager,
			houseInput({ name: 'Le Fournil', openingDays: [3, 6], opensAt: '07:00', closesAt: '13:00' })
		)!;
		expect(storedHouse(saturdays.id)).toMatchObject({
			openingDays: [3, 6],
			opensAt: '07:00',
			closesAt: '13:00'
		});

		const renamed = houseInput({ name: 'Le Vieux Fournil' });
		expect(updateHouse(company.id, asManager, saturdays.id, renamed)).toBe(true);
		expect(storedHouse(saturdays.id)).toMatchObject({
			name: 'Le Vieux Fournil',
			openingDays: [3, 6],
			opensAt: '07:00',
			closesAt: '13:00'
		});

		const longer = houseInput({ openingDays: [1, 6, 7], opensAt: '06:30', closesAt: '20:00' });
		expect(updateHouse(company.id, asManager, saturdays.id, longer)).toBe(true);
		expect(storedHouse(saturdays.id)).toMatchObject({
			openingDays: [1, 6, 7],
			opensAt: '06:30',
			closesAt: '20:00'
		});
	});

	it('knows real time zones', () => {
		expect(isTimeZone('Europe/Paris')).toBe(true);
		expect(isTimeZone('UTC')).toBe(true);
		expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
	});
});

describe('home houses', () => {
	it('sets an active house of the company as home, and clears it', async () => {
		const { company, owner, member } = await createTeam();
		const house = makeHouse(company, owner);

		expect(setHomeHouse(company.id, member.id, house.id)).toBe(true);
		expect(homeOf(company, member.id)).toBe(house.id);
		expect(listHouses(company.id)[0].members.map((m) => m.userId)).toEqual([member.id]);

		expect(setHomeHouse(company.id, member.id, null)).toBe(true);
		expect(homeOf(company, member.id)).toBeNull();
	});

	it('refuses a house of another company', async () => {
		const a = await createTeam();
		const b = await createTeam();
		const houseOfB = makeHouse(b.company, b.owner);

		expect(setHomeHouse(a.company.id, a.member.id, houseOfB.id)).toBe(false);
		expect(homeOf(a.company, a.member.id)).toBeNull();
	});

	it('refuses an archived house', async () => {
		const { company, owner, member, asManager } = await createTeam();
		const house = makeHouse(company, owner);
		setHouseArchived(company.id, asManager, house.id, true);

		expect(setHomeHouse(company.id, member.id, house.id)).toBe(false);
		expect(homeOf(company, member.id)).toBeNull();
	});

	it('does nothing for someone who is not in the company', async () => {
		const a = await createTeam();
		const b = await createTeam();
		const house = makeHouse(a.company, a.owner);
		expect(setHomeHouse(a.company.id, b.member.id, house.id)).toBe(false);
	});
});

describe('listHouses isolation', () => {
	it('lists only the company’s own houses and only its own people', async () => {
		const a = await createTeam();
		const b = await createTeam();
		const houseOfA = makeHouse(a.company, a.owner, { name: 'Maison A' });
		const houseOfB = makeHouse(b.company, b.owner, { name: 'Maison B' });
		setHomeHouse(a.company.id, a.member.id, houseOfA.id);
		setHomeHouse(b.company.id, b.member.id, houseOfB.id);
		setHomeHouse(b.company.id, b.manager.id, houseOfB.id);

		const listed = listHouses(a.company.id, { includeArchived: true });
		expect(listed.map((h) => h.id)).toEqual([houseOfA.id]);
		const people = listed.flatMap((h) => h.members.map((m) => m.userId));
		expect(people).toEqual([a.member.id]);
		expect(JSON.stringify(listed)).not.toContain(b.member.name);
		expect(JSON.stringify(listed)).not.toContain('Maison B');
	});

	it('lists, for a house shared by two companies, only each company’s own people', async () => {
		const a = await createTeam();
		const b = await createTeam();
		const shared = makeHouse(a.company, a.owner, { name: 'Maison Partagée' });
		// Sharing has no UI yet; link the house to B directly, as the schema allows.
		db().insert(companyHouses).values({ companyId: b.company.id, houseId: shared.id }).run();
		expect(setHomeHouse(a.company.id, a.member.id, shared.id)).toBe(true);
		expect(setHomeHouse(b.company.id, b.member.id, shared.id)).toBe(true);

		const seenByA = listHouses(a.company.id).find((h) => h.id === shared.id)!;
		const seenByB = listHouses(b.company.id).find((h) => h.id === shared.id)!;
		expect(seenByA.members.map((m) => m.userId)).toEqual([a.member.id]);
		expect(seenByB.members.map((m) => m.userId)).toEqual([b.member.id]);
	});
});
