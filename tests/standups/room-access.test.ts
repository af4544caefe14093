// A stand-up's video room is open to its participants and to whoever may run it, nobody else:
// the rooms module's lookups (token, call page, chat) find nothing for the others, and the rooms
// page does not list it. Checked against participantsOf()/mayRun() for every audience.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeHouse, makeUser, standupInput } from '../helpers/factories';
import type { Company, Role, User } from '../../src/lib/server/db/schema';
import { setHomeHouse } from '../../src/lib/server/houses/houses';
import { ensureStandupRoom } from '../../src/lib/server/standups/room';
import {
	createStandup,
	getStandup,
	mayRun,
	participantsOf,
	type StandupInput
} from '../../src/lib/server/standups/standups';
import { registerStandupRooms } from '../../src/lib/server/standups/video-rooms';
import { listRooms, roomForMember } from '../../src/lib/server/video/rooms';

useTempDatabase();
// As at start-up (hooks.server.ts): until stand-ups register their rule, their rooms are closed.
registerStandupRooms();

let owner: User, manager: User, ana: User, bruno: User, nomad: User, outsider: User;
let company: Company;
let murat: string;
const roles = new Map<string, Role>();

beforeAll(async () => {
	owner = await makeUser('Owner');
	manager = await makeUser('Manager');
	ana = await makeUser('Ana');
	bruno = await makeUser('Bruno');
	nomad = await makeUser('Nomad');
	outsider = await makeUser('Outsider');
	company = makeCompany(owner);
	addMember(company, owner, manager, 'manager');
	for (const user of [ana, bruno, nomad]) addMember(company, owner, user, 'member');
	murat = makeHouse(company, owner, { name: 'Murat' }).id;
	const aurillac = makeHouse(company, owner, { name: 'Aurillac' }).id;
	setHomeHouse(company.id, ana.id, murat);
	setHomeHouse(company.id, bruno.id, aurillac);
	makeCompany(outsider);
	roles.set(owner.id, 'owner');
	roles.set(manager.id, 'manager');
	for (const user of [ana, bruno, nomad]) roles.set(user.id, 'member');
});

function standupRoom(overrides: Partial<StandupInput>) {
	const result = createStandup(
		company.id,
		{ userId: owner.id, role: 'owner' },
		standupInput({ name: `Daily ${Math.random()}`, runners: 'participants', ...overrides })
	);
	if (!result.ok) throw new Error(result.reason);
	const roomId = ensureStandupRoom(result.standup);
	return { detail: getStandup(company.id, result.standup.id)!, roomId };
}

/** Who the rooms module lets in, next to who the stand-up rules say may come. */
function doors(overrides: Partial<StandupInput>) {
	const { detail, roomId } = standupRoom(overrides);
	const participants = participantsOf(detail);
	const people = [owner, manager, ana, bruno, nomad, outsider];
	const allowed = people
		.filter((user) => {
			const role = roles.get(user.id);
			return role !== undefined && mayRun(detail.standup, { userId: user.id, role }, participants);
		})
		.map((user) => user.name);
	const entered = people
		.filter((user) => roomForMember(company.id, user.id, roomId) !== undefined)
		.map((user) => user.name);
	const listed = people
		.filter((user) => listRooms(company.id, user.id).some((room) => room.id === roomId))
		.map((user) => user.name);
	return { allowed, entered, listed };
}

describe('a stand-up room', () => {
	it('of some houses lets in their home members and the managers, nobody else', () => {
		const { allowed, entered, listed } = doors({ audience: 'houses', houseIds: [murat] });
		expect(entered).toEqual([owner.name, manager.name, ana.name]);
		expect(entered).toEqual(allowed);
		expect(listed).toEqual(entered);
	});

	it('of chosen people lets in those people and the managers', () => {
		const { allowed, entered, listed } = doors({ audience: 'people', userIds: [bruno.id] });
		expect(entered).toEqual([owner.name, manager.name, bruno.name]);
		expect(entered).toEqual(allowed);
		expect(listed).toEqual(entered);
	});

	it('of everyone lets in every member, and never another company', () => {
		const { allowed, entered } = doors({ audience: 'everyone' });
		expect(entered).toEqual([owner.name, manager.name, ana.name, bruno.name, nomad.name]);
		expect(entered).toEqual(allowed);
	});

	it('follows a change of home house', () => {
		const { roomId } = standupRoom({ audience: 'houses', houseIds: [murat] });
		expect(roomForMember(company.id, nomad.id, roomId)).toBeUndefined();
		setHomeHouse(company.id, nomad.id, murat);
		expect(roomForMember(company.id, nomad.id, roomId)?.kind).toBe('standup');
		setHomeHouse(company.id, nomad.id, null);
		expect(roomForMember(company.id, nomad.id, roomId)).toBeUndefined();
	});
});
