// The rooms repository: permanent rooms appear for every house and once per company, LiveKit
// names carry the company and ids only, chosen-people rooms stay with their people.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser } from '../helpers/factories';
import { companyHouses, rooms } from '../../src/lib/server/db/schema';
import { setHouseArchived } from '../../src/lib/server/houses/houses';
import {
	createMeetingRoom,
	ensurePermanentRooms,
	listRooms,
	roomForMember
} from '../../src/lib/server/video/rooms';

const { db } = useTempDatabase();

describe('permanent rooms', () => {
	it('gives the company one all-hands room and each house its room, also houses added later', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const first = makeHouse(company, owner, { name: 'Maison A' });
		ensurePermanentRooms(company.id);
		ensurePermanentRooms(company.id);
		const second = makeHouse(company, owner, { name: 'Maison B' });
		const listed = listRooms(company.id, owner.id);
		expect(listed.map((r) => [r.kind, r.name, r.houseId])).toEqual([
			['all_hands', '', null],
			['house', 'Maison A', first.id],
			['house', 'Maison B', second.id]
		]);
		const stored = db().select().from(rooms).where(eq(rooms.companyId, company.id)).all();
		expect(stored).toHaveLength(3);
		for (const room of stored) {
			expect(room.livekitName).toBe(`hameau_${company.id}_${room.id}`);
		}
	});

	it('closes a house room with its house', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const house = makeHouse(company, owner);
		const room = listRooms(company.id, owner.id).find((r) => r.houseId === house.id)!;
		expect(roomForMember(company.id, owner.id, room.id)).toBeDefined();
		setHouseArchived(company.id, { userId: owner.id, role: 'owner' }, house.id, true);
		expect(roomForMember(company.id, owner.id, room.id)).toBeUndefined();
	});

	it('closes a house room for a company no longer linked to the house (its agreement ended)', async () => {
		const owner = await makeUser('Owner');
		const company = makeCompany(owner);
		const house = makeHouse(company, owner);
		const room = listRooms(company.id, owner.id).find((r) => r.houseId === house.id)!;
		expect(roomForMember(company.id, owner.id, room.id)).toBeDefined();
		// What the end of an agreement does to the company's link to an operator's house.
		db()
			.delete(companyHouses)
			.where(and(eq(companyHouses.companyId, company.id), eq(companyHouses.houseId, house.id)))
			.run();
		expect(roomForMember(company.id, owner.id, room.id)).toBeUndefined();
		expect(listRooms(company.id, owner.id).find((r) => r.id === room.id)?.archived).toBe(true);
		// Linked again (a new agreement), the same room opens again.
		db().insert(companyHouses).values({ companyId: company.id, houseId: house.id }).run();
		expect(roomForMember(company.id, owner.id, room.id)).toBeDefined();
	});

	it('never hands out another company’s room', async () => {
		const a = await makeUser('Alice');
		const b = await makeUser('Bruno');
		const companyA = makeCompany(a);
		const companyB = makeCompany(b);
		const roomA = listRooms(companyA.id, a.id)[0];
		expect(roomForMember(companyB.id, b.id, roomA.id)).toBeUndefined();
		expect(roomForMember(companyA.id, a.id, roomA.id)?.id).toBe(roomA.id);
	});
});

describe('meeting rooms', () => {
	it('open to chosen people: the creator and the chosen members only', async () => {
		const owner = await makeUser('Owner');
		const chosen = await makeUser('Chosen');
		const other = await makeUser('Other');
		const stranger = await makeUser('Stranger');
		const company = makeCompany(owner);
		addMember(company, owner, chosen, 'member');
		addMember(company, owner, other, 'manager');
		const meeting = createMeetingRoom(
			company.id,
			{ userId: owner.id, role: 'owner' },
			{ name: ' Revue ', description: '', access: 'invited', invitees: [chosen.id, stranger.id] }
		);
		expect(meeting.name).toBe('Revue');
		expect(roomForMember(company.id, owner.id, meeting.id)).toBeDefined();
		expect(roomForMember(company.id, chosen.id, meeting.id)).toBeDefined();
		expect(roomForMember(company.id, other.id, meeting.id)).toBeUndefined();
		expect(listRooms(company.id, other.id).map((r) => r.id)).not.toContain(meeting.id);
		// Someone outside the company cannot be chosen into it.
		expect(roomForMember(company.id, stranger.id, meeting.id)).toBeUndefined();
	});
});
