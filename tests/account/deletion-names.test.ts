// After someone deletes their account, what their colleagues still read names them nowhere: the
// notifications they had from them (the centre, in both languages, and the rows themselves, older
// rows that copied the name included).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeUser } from '../helpers/factories';
import { deleteAccount } from '../../src/lib/server/account/deletion';
import { createDocument } from '../../src/lib/server/documents/documents';
import { knock } from '../../src/lib/server/knocks/knocks';
import { notifyNewMentions } from '../../src/lib/server/notifications/mentions';
import { listNotifications, notify } from '../../src/lib/server/notifications/notifications';
import { notifyRoomInvitees } from '../../src/lib/server/notifications/rooms';
import { notifications } from '../../src/lib/server/db/schema';
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
		notifyNewMentions(document.id, new Map(), new Map([[bruno.id, null]]), alice.id, 1);
		notifyNewMentions(
			document.id,
			new Map(),
			new Map([[bruno.id, 'Relire le devis']]),
			alice.id,
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
				'A former member is knocking',
				'A former member mentioned you in Vieux plan'
			].sort()
		);
		expect(texts(bruno.id, 'fr')).toContain(
			'Un ancien membre vous a mentionné dans «\u00a0Plan\u00a0»'
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
