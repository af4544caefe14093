// After someone deletes their account, what their colleagues still read names them nowhere: the
// notifications they had from them (the centre, in both languages, and the rows themselves, older
// rows that copied the name included), a blocker they owned and the stand-up runs they were in
// ("a former member" where a name was shown, never "no owner"), and the rooms their knocks opened.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeUser, standupInput } from '../helpers/factories';
import { deleteAccount } from '../../src/lib/server/account/deletion';
import { createDocument } from '../../src/lib/server/documents/documents';
import { acceptKnock, knock } from '../../src/lib/server/knocks/knocks';
import { notifyNewMentions } from '../../src/lib/server/notifications/mentions';
import { listNotifications, notify } from '../../src/lib/server/notifications/notifications';
import { notifyRoomInvitees } from '../../src/lib/server/notifications/rooms';
import { addBlocker, blockersOfRun } from '../../src/lib/server/standups/blockers';
import { roundCommand, summaryData } from '../../src/lib/server/standups/rounds';
import {
	createStandup,
	getStandup,
	runForOccurrence
} from '../../src/lib/server/standups/standups';
import { summaryBlocks } from '../../src/lib/server/standups/summary';
import { notifications, rooms, standupRuns, users } from '../../src/lib/server/db/schema';
import { archiveExpiredRooms } from '../../src/lib/server/video/rooms';
import { newId } from '../../src/lib/server/ids';

const { db } = useTempDatabase();

/** A company where Bruno works with Alice, who is about to delete her account. */
async function colleagues() {
	const bruno = await makeUser('Bruno Marty');
	const alice = await makeUser('Alice Vernet');
	const company = makeCompany(bruno, 'Atelier des Combes');
	addMember(company, bruno, alice, 'member');
	return { bruno, alice, company };
}

const texts = (userId: string, locale: 'en' | 'fr' = 'en') =>
	listNotifications(userId, locale).map((notification) => notification.text);

describe('a colleague’s notifications after the account that caused them is deleted', () => {
	it('name no one: the centre says "A former member", and no stored row keeps the name', async () => {
		const { bruno, alice, company } = await colleagues();
		const document = createDocument(
			company.id,
			{ userId: alice.id, role: 'member' },
			{ title: 'Plan', kind: 'blank' }
		);
		notifyNewMentions(
			document.id,
			new Map(),
			new Map([[bruno.id, { task: null, authorId: alice.id }]]),
			1
		);
		notifyNewMentions(
			document.id,
			new Map(),
			new Map([[bruno.id, { task: 'Relire le devis', authorId: alice.id }]]),
			2
		);
		notifyRoomInvitees(
			{ id: newId(), companyId: company.id, name: 'Budget' },
			[bruno.id],
			alice.id
		);
		notify([bruno.id], 'house_room_joined', {
			companyId: company.id,
			actorId: alice.id,
			payload: { room: 'Maison Murat' },
			link: '/',
			dedupeKey: 'joined:1'
		});
		expect(knock(company.id, alice.id, bruno.id).ok).toBe(true);
		// A row written before notifications had an actor, quoting her name.
		db()
			.insert(notifications)
			.values({
				id: newId(),
				userId: bruno.id,
				companyId: company.id,
				kind: 'mention',
				payload: { actor: alice.name, title: 'Vieux plan' },
				link: '/',
				dedupeKey: 'before-0017'
			})
			.run();
		expect(texts(bruno.id)).toHaveLength(6);
		expect(texts(bruno.id).every((text) => text.startsWith(alice.name))).toBe(true);

		expect(deleteAccount(alice.id).ok).toBe(true);

		expect(texts(bruno.id).sort()).toEqual(
			[
				'A former member mentioned you in Plan',
				'A former member gave you a task in Plan: Relire le devis',
				'A former member invited you to the room Budget',
				'A former member joined Maison Murat',
				'A former member knocked on your door',
				'A former member mentioned you in Vieux plan'
			].sort()
		);
		expect(texts(bruno.id, 'fr')).toContain(
			'Un ancien membre vous mentionne dans «\u202fPlan\u202f»'
		);
		const stored = db()
			.select()
			.from(notifications)
			.where(eq(notifications.userId, bruno.id))
			.all();
		expect(stored).toHaveLength(6);
		expect(JSON.stringify(stored)).not.toContain('Alice');
	});

	it('still name a colleague who is there, as they are named now', async () => {
		const { bruno, alice, company } = await colleagues();
		notifyRoomInvitees(
			{ id: newId(), companyId: company.id, name: 'Budget' },
			[alice.id],
			bruno.id
		);
		expect(texts(alice.id)).toEqual([`${bruno.name} invited you to the room Budget`]);
		// Another company's namesake of the leaving person keeps their older rows' name.
		const other = await colleagues();
		db()
			.insert(notifications)
			.values({
				id: newId(),
				userId: other.bruno.id,
				companyId: other.company.id,
				kind: 'mention',
				payload: { actor: alice.name, title: 'Ailleurs' },
				link: '/',
				dedupeKey: 'before-0017'
			})
			.run();
		expect(deleteAccount(alice.id).ok).toBe(true);
		expect(texts(other.bruno.id)).toEqual([`${alice.name} mentioned you in Ailleurs`]);
	});
});

describe('a stand-up after someone in it deleted their account', () => {
	const MONDAY = Date.parse('2026-01-12T08:00:00Z');

	it('shows their blocker’s owner and their place in the round as a former member', async () => {
		const { bruno, alice, company } = await colleagues();
		const asBruno = { userId: bruno.id, role: 'owner' as const };
		const created = createStandup(company.id, asBruno, standupInput({ name: 'Daily' }));
		if (!created.ok) throw new Error(created.reason);
		const run = runForOccurrence(created.standup, { date: '2026-01-12', startsAt: MONDAY });
		addBlocker(run, bruno.id, { text: 'Printer jammed', ownerId: alice.id }, MONDAY);
		const detail = getStandup(company.id, created.standup.id)!;
		expect(roundCommand(detail, run.id, asBruno, 'start', MONDAY + 1).ok).toBe(true);
		const stateText = () =>
			JSON.stringify(
				db().select().from(standupRuns).where(eq(standupRuns.id, run.id)).get()!.state
			);
		expect(stateText()).toContain(alice.name);

		expect(deleteAccount(alice.id).ok).toBe(true);

		expect(blockersOfRun(run)).toMatchObject([{ text: 'Printer jammed', ownerName: null }]);
		expect(stateText()).not.toContain('Alice');
		// Her place in the round stays (the order and the tallies count her), without her name.
		expect(stateText()).toContain(alice.id);
		const after = getStandup(company.id, created.standup.id)!;
		const ran = db().select().from(standupRuns).where(eq(standupRuns.id, run.id)).get()!;
		const lines = summaryBlocks(summaryData(after, ran), 'en').flatMap((block) =>
			block.type === 'bullets' ? block.items : [block.text]
		);
		expect(lines).toContain('Printer jammed — a former member (open)');
		expect(lines).toContain('Former member (absent)');
		expect(lines.join('\n')).not.toMatch(/Alice|no owner/);
		const french = summaryBlocks(summaryData(after, ran), 'fr').flatMap((block) =>
			block.type === 'bullets' ? block.items : [block.text]
		);
		expect(french).toContain('Printer jammed — un ancien membre (ouvert)');
	});
});

describe('the room a knock opened, after one of its two people deleted their account', () => {
	const roomName = (roomId: string) =>
		db().select({ name: rooms.name }).from(rooms).where(eq(rooms.id, roomId)).get()?.name;

	/** Alice knocks on Bruno's door and he accepts: the call's room is named after both. */
	async function callRoom(at: number) {
		const people = await colleagues();
		const knocked = knock(people.company.id, people.alice.id, people.bruno.id, at);
		if (!knocked.ok) throw new Error(knocked.reason);
		const accepted = acceptKnock(people.company.id, people.bruno.id, knocked.knock.id, at);
		if (!accepted.ok) throw new Error(accepted.reason);
		const roomId = accepted.knock.roomLink!.split('/').at(-1)!;
		expect(roomName(roomId)).toBe(`${people.alice.name} & ${people.bruno.name}`);
		return { ...people, roomId };
	}

	it('names the one who left "Former member", in the language of the one who stays', async () => {
		const { bruno, alice, roomId } = await callRoom(Date.now());
		db().update(users).set({ locale: 'fr' }).where(eq(users.id, bruno.id)).run();

		expect(deleteAccount(alice.id).ok).toBe(true);

		expect(roomName(roomId)).toBe(`Ancien membre & ${bruno.name}`);
	});

	it('renames an archived one too, and names neither once both are gone', async () => {
		const at = Date.now() - 3 * 60 * 60_000;
		const { bruno, alice, company, roomId } = await callRoom(at);
		// Over and archived: the knock no longer leads to it.
		expect(archiveExpiredRooms(new Date())).toContain(roomId);
		const carla = await makeUser('Carla Roux');
		addMember(company, bruno, carla, 'owner');

		expect(deleteAccount(bruno.id).ok).toBe(true);
		expect(roomName(roomId)).toBe(`${alice.name} & Former member`);
		expect(deleteAccount(alice.id).ok).toBe(true);
		expect(roomName(roomId)).toBe('Former member & Former member');
	});
});
