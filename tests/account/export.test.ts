// "Download my data": the person's own rows from every company they are in, nothing of anyone
// else's, and no secret (password hash, token hashes, push keys) anywhere in the file.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import {
	actingAs,
	addMember,
	createTeam,
	makeCompany,
	makeHouse,
	standupInput
} from '../helpers/factories';
import { plan } from '../billing/support';
import { accountExport } from '../../src/lib/server/account/export';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session';
import { getUserById } from '../../src/lib/server/auth/user';
import { issueFeedToken } from '../../src/lib/server/calendar/feeds';
import { createDocument } from '../../src/lib/server/documents/documents';
import { hashToken, newId } from '../../src/lib/server/ids';
import {
	blockers,
	calendarFeeds,
	dayPlans,
	knocks,
	notifications,
	pushSubscriptions,
	roomChatMessages,
	rooms,
	statuses
} from '../../src/lib/server/db/schema';
import { createStandup } from '../../src/lib/server/standups/standups';
import { eq } from 'drizzle-orm';

const { db } = useTempDatabase();

describe('the export of a person’s data', () => {
	it('holds their rows from both their companies, none of a colleague’s, and no secret', async () => {
		const team = await createTeam();
		const me = team.member;
		const colleague = team.manager;
		const second = makeCompany(team.owner, 'Coopérative du Lavoir');
		addMember(second, team.owner, me, 'member');
		const house = makeHouse(team.company, team.owner, { name: 'Maison Murat' });
		const otherHouse = makeHouse(second, team.owner, { name: 'Maison Lavoir' });
		plan(house, team.company.id, me.id, '2026-12-07');
		plan(otherHouse, second.id, me.id, '2026-12-08');
		db()
			.insert(dayPlans)
			.values({
				companyId: team.company.id,
				userId: colleague.id,
				date: '2026-12-07',
				half: 'day',
				kind: 'home',
				note: 'secret colleague note',
				updatedAt: new Date()
			})
			.run();
		db()
			.insert(statuses)
			.values({
				companyId: second.id,
				userId: me.id,
				text: 'Au jardin',
				emoji: '🌱',
				expiresAt: new Date(Date.now() + 3_600_000),
				updatedAt: new Date()
			})
			.run();
		const token = generateSessionToken();
		createSession(token, me.id, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' });
		createSession(generateSessionToken(), colleague.id, { userAgent: 'Colleague browser' });
		const feedToken = issueFeedToken(me.id);
		db()
			.insert(pushSubscriptions)
			.values({
				id: newId(),
				userId: me.id,
				endpoint: 'https://push.example.net/send/private-device-path',
				p256dh: 'P256DH-KEY-MATERIAL',
				auth: 'AUTH-SECRET-MATERIAL',
				userAgent: 'Firefox on Linux'
			})
			.run();
		db()
			.insert(notifications)
			.values({
				id: newId(),
				userId: me.id,
				companyId: team.company.id,
				kind: 'task_assigned',
				payload: { title: 'Préparer la réunion' },
				link: `/${team.company.slug}`,
				dedupeKey: 'k1'
			})
			.run();
		db()
			.insert(knocks)
			.values({
				id: newId(),
				companyId: team.company.id,
				fromUserId: colleague.id,
				toUserId: me.id,
				status: 'missed'
			})
			.run();
		createDocument(
			team.company.id,
			{ userId: me.id, role: 'member' },
			{ title: 'Mes notes', kind: 'blank' }
		);
		createDocument(
			team.company.id,
			{ userId: colleague.id, role: 'manager' },
			{ title: 'Colleague plans', kind: 'blank' }
		);

		// A blocker of theirs, and one a colleague wrote and gave them (the colleague's words).
		const standup = createStandup(team.company.id, actingAs(team.owner, 'owner'), standupInput());
		if (!standup.ok) throw new Error(standup.reason);
		for (const [text, author] of [
			['My own blocker', me],
			['Colleague wrote this blocker', colleague]
		] as const) {
			db()
				.insert(blockers)
				.values({
					id: newId(),
					companyId: team.company.id,
					standupId: standup.standup.id,
					text,
					ownerId: me.id,
					state: 'open',
					createdBy: author.id
				})
				.run();
		}
		// A message in a knock's call, whose room is named after the two people.
		const knockRoom = newId();
		db()
			.insert(rooms)
			.values({
				id: knockRoom,
				companyId: team.company.id,
				kind: 'meeting',
				name: `${colleague.name} & ${me.name}`,
				livekitName: `knock-${knockRoom}`,
				expiresAt: new Date(Date.now() + 3_600_000),
				createdBy: me.id
			})
			.run();
		db()
			.insert(roomChatMessages)
			.values({
				id: newId(),
				roomId: knockRoom,
				userId: me.id,
				clientId: 'c1',
				body: 'On se voit ?'
			})
			.run();

		const data = accountExport(me.id)!;
		expect(data.blockersRaised.map((row) => row.text)).toEqual(['My own blocker']);
		expect(data.chatMessages).toEqual([
			expect.objectContaining({ text: 'On se voit ?', room: null })
		]);
		expect(data.account).toMatchObject({ name: me.name, email: me.email });
		expect(data.companies.map((row) => row.company).sort()).toEqual(
			[team.company.name, 'Coopérative du Lavoir'].sort()
		);
		expect(data.dayPlans).toEqual([
			expect.objectContaining({
				company: team.company.name,
				date: '2026-12-07',
				house: 'Maison Murat'
			}),
			expect.objectContaining({ company: 'Coopérative du Lavoir', date: '2026-12-08' })
		]);
		expect(data.statuses).toEqual([expect.objectContaining({ text: 'Au jardin' })]);
		expect(data.sessions).toHaveLength(1);
		expect(data.pushDevices).toEqual([
			expect.objectContaining({
				pushService: 'https://push.example.net',
				device: 'Firefox on Linux'
			})
		]);
		expect(data.calendarFeed).toMatchObject({ exists: true });
		expect(data.knocks).toEqual([
			expect.objectContaining({ direction: 'received', status: 'missed' })
		]);
		expect(data.documentsCreated.map((doc) => doc.title)).toEqual(['Mes notes']);
		expect(data.notifications).toHaveLength(1);

		const file = JSON.stringify(data);
		// Nothing of the colleague: not their name, their note, their device, their document.
		for (const theirs of [colleague.name, colleague.email, 'secret colleague note', 'Colleague']) {
			expect(file).not.toContain(theirs);
		}
		// No secret, in any form the database holds it.
		const account = getUserById(me.id)!;
		const feedHash = db().select().from(calendarFeeds).where(eq(calendarFeeds.userId, me.id)).get()!
			.tokenHash;
		for (const secret of [
			account.passwordHash,
			token,
			hashToken(token),
			feedToken,
			feedHash,
			'P256DH-KEY-MATERIAL',
			'AUTH-SECRET-MATERIAL',
			'private-device-path'
		]) {
			expect(file).not.toContain(secret);
		}
	});

	it('is null for an account that does not exist', () => {
		expect(accountExport('no-such-user')).toBeNull();
	});
});
