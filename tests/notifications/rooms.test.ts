// Room notifications: invited to a meeting room, and a colleague entering the room of the house
// you are at today (through the signed presence webhook). Once each, never another company.
import { describe, expect, it } from 'vitest';
import { API_KEY, API_SECRET, signWebhook, webhookBody } from '../video/support';

process.env.LIVEKIT_API_KEY = API_KEY;
process.env.LIVEKIT_API_SECRET = API_SECRET;
process.env.HAMEAU_MEDIA_API_URL = 'http://127.0.0.1:9';
delete process.env.LIVEKIT_URL;

const { useTempDatabase } = await import('../helpers/temp-db');
const { db } = useTempDatabase();
const { addMember, makeCompany, makeHouse, makeUser } = await import('../helpers/factories');
const { dayPlans, rooms } = await import('../../src/lib/server/db/schema');
const { setPattern } = await import('../../src/lib/server/presence/plans');
const { createMeetingRoom, ensurePermanentRooms } =
	await import('../../src/lib/server/video/rooms');
const { receiveWebhook } = await import('../../src/lib/server/video/webhook');
const { listNotifications, notificationText } =
	await import('../../src/lib/server/notifications/notifications');
const { isoWeekday, todayIn } = await import('../../src/lib/zoned-time');
const { eq } = await import('drizzle-orm');

/** The company's (one) house room, made as the rooms page makes it. */
function houseRoomOf(companyId: string) {
	ensurePermanentRooms(companyId);
	return db()
		.select()
		.from(rooms)
		.where(eq(rooms.companyId, companyId))
		.all()
		.find((r) => r.kind === 'house')!;
}

const texts = (userId: string) => listNotifications(userId, 'en').map((n) => n.text);

describe('room notifications', () => {
	it('says in French who invited or came in without guessing the reader’s gender', () => {
		const invite = (actor: string | null) =>
			notificationText('room_invite', { room: 'Budget' }, 'fr', actor);
		expect(invite('Léo')).toBe('Invitation de Léo à rejoindre la salle «\u202fBudget\u202f»');
		expect(invite('Inès')).toBe('Invitation d’Inès à rejoindre la salle «\u202fBudget\u202f»');
		// Their account is gone: named mid-sentence, in lower case.
		expect(invite(null)).toBe(
			'Invitation d’un ancien membre à rejoindre la salle «\u202fBudget\u202f»'
		);
		expect(invite('Léo')).not.toMatch(/invitée?/);
		expect(notificationText('house_room_joined', { room: 'Maison du Lot' }, 'fr', 'Camille')).toBe(
			'Camille a rejoint «\u202fMaison du Lot\u202f»'
		);
		// English is as it was.
		expect(notificationText('room_invite', { room: 'Budget' }, 'en', 'Léo')).toBe(
			'Léo invited you to the room Budget'
		);
	});

	it('tells the invited members of a new meeting room, not its creator', async () => {
		const owner = await makeUser('Owner');
		const ana = await makeUser('Ana');
		const bruno = await makeUser('Bruno');
		const outsider = await makeUser('Outsider');
		const company = makeCompany(owner);
		addMember(company, owner, ana, 'member');
		addMember(company, owner, bruno, 'member');
		makeCompany(outsider);
		const room = createMeetingRoom(
			company.id,
			{ userId: owner.id, role: 'owner' },
			{
				name: 'Budget',
				description: '',
				access: 'invited',
				invitees: [owner.id, ana.id, outsider.id]
			}
		);
		expect(texts(ana.id)).toEqual([`${owner.name} invited you to the room Budget`]);
		expect(listNotifications(ana.id, 'en')[0].link).toBe(`/${company.slug}/rooms/${room.id}`);
		expect(texts(owner.id)).toEqual([]);
		expect(texts(bruno.id)).toEqual([]);
		expect(texts(outsider.id)).toEqual([]);
	});

	it('tells who is at the house today when someone enters its room, once per event', async () => {
		const owner = await makeUser('Owner');
		const ana = await makeUser('Ana');
		const bruno = await makeUser('Bruno');
		const company = makeCompany(owner);
		addMember(company, owner, ana, 'member');
		addMember(company, owner, bruno, 'member');
		const house = makeHouse(company, owner, { name: 'Maison du Lot' });
		// Another company in the same house today hears nothing of this company's room.
		const neighbour = await makeUser('Neighbour');
		const other = makeCompany(neighbour);
		const houseRoom = houseRoomOf(company.id);
		const today = todayIn(house.timeZone);
		const plan = (companyId: string, userId: string, date = today) =>
			db()
				.insert(dayPlans)
				.values({
					companyId,
					userId,
					date,
					half: 'day',
					kind: 'house',
					houseId: house.id,
					updatedAt: new Date()
				})
				.run();
		plan(company.id, ana.id);
		plan(company.id, owner.id);
		plan(company.id, bruno.id, '2000-01-01');
		plan(other.id, neighbour.id);

		const { body } = webhookBody('participant_joined', {
			room: houseRoom.livekitName,
			identity: owner.id,
			sid: 'PA_owner1',
			name: owner.name
		});
		expect(await receiveWebhook(body, await signWebhook(body))).toMatchObject({ applied: true });
		expect(await receiveWebhook(body, await signWebhook(body))).toMatchObject({ status: 200 });
		expect(texts(ana.id)).toEqual([`${owner.name} joined Maison du Lot`]);
		expect(texts(owner.id)).toEqual([]);
		expect(texts(bruno.id)).toEqual([]);
		expect(texts(neighbour.id)).toEqual([]);

		// His link drops and he comes back: not news a second time today.
		for (const [event, sid] of [
			['participant_left', 'PA_owner1'],
			['participant_joined', 'PA_owner1_again']
		]) {
			const again = webhookBody(event, {
				room: houseRoom.livekitName,
				identity: owner.id,
				sid,
				name: owner.name
			}).body;
			expect(await receiveWebhook(again, await signWebhook(again))).toMatchObject({
				applied: true
			});
		}
		expect(texts(ana.id)).toHaveLength(1);
	});

	it('says nothing when the house’s room device comes into the room', async () => {
		const owner = await makeUser('Owner');
		const ana = await makeUser('Ana');
		const company = makeCompany(owner);
		addMember(company, owner, ana, 'member');
		const house = makeHouse(company, owner, { name: 'Maison du Cantal' });
		db()
			.insert(dayPlans)
			.values({
				companyId: company.id,
				userId: ana.id,
				date: todayIn(house.timeZone),
				half: 'day',
				kind: 'house',
				houseId: house.id,
				updatedAt: new Date()
			})
			.run();
		const { body } = webhookBody('participant_joined', {
			room: houseRoomOf(company.id).livekitName,
			identity: owner.id,
			sid: 'PA_screen',
			name: owner.name,
			metadata: JSON.stringify({ houseId: house.id, roomDevice: true })
		});
		expect(await receiveWebhook(body, await signWebhook(body))).toMatchObject({ applied: true });
		expect(texts(ana.id)).toEqual([]);
	});

	it('tells whoever their usual week puts at the house today, unless a day plan says otherwise', async () => {
		const owner = await makeUser('Owner');
		const ana = await makeUser('Ana');
		const bruno = await makeUser('Bruno');
		const chloe = await makeUser('Chloé');
		const company = makeCompany(owner);
		for (const person of [ana, bruno, chloe]) addMember(company, owner, person, 'member');
		const house = makeHouse(company, owner, { name: 'Maison Murat' });
		const houseRoom = houseRoomOf(company.id);
		const today = todayIn(house.timeZone);
		const atHouseToday = { [isoWeekday(today)]: { kind: 'house' as const, houseId: house.id } };
		// Ana and Bruno usually work there on this weekday and planned nothing else for today;
		// Bruno has said he stays home today; Chloé's usual week puts her there another day.
		setPattern(company.id, ana.id, today, atHouseToday, today);
		setPattern(company.id, bruno.id, today, atHouseToday, today);
		db()
			.insert(dayPlans)
			.values({
				companyId: company.id,
				userId: bruno.id,
				date: today,
				half: 'day',
				kind: 'home',
				houseId: null,
				updatedAt: new Date()
			})
			.run();
		const otherDay = (isoWeekday(today) % 7) + 1;
		setPattern(
			company.id,
			chloe.id,
			today,
			{ [otherDay]: { kind: 'house', houseId: house.id } },
			today
		);

		const { body } = webhookBody('participant_joined', {
			room: houseRoom.livekitName,
			identity: owner.id,
			sid: 'PA_owner2',
			name: owner.name
		});
		expect(await receiveWebhook(body, await signWebhook(body))).toMatchObject({ applied: true });
		expect(texts(ana.id)).toEqual([`${owner.name} joined Maison Murat`]);
		expect(texts(bruno.id)).toEqual([]);
		expect(texts(chloe.id)).toEqual([]);
		expect(texts(owner.id)).toEqual([]);
	});
});
