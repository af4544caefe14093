// Knocking on a colleague's door: one notification for the person knocked, never anyone else or
// another company; accept opens one call for exactly the two; "not now", missed, cancelled;
// do-not-disturb does not ring; the refusals.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { useTempDatabase } from '../helpers/temp-db';
import { createTeam, makeCompany, makeUser } from '../helpers/factories';
import { knocks, memberships, roomInvitees, rooms, statuses } from '../../src/lib/server/db/schema';
import { liveHub, type LiveSubscriber } from '../../src/lib/server/live/hub';
import {
	listNotifications,
	setNotificationPreference,
	unreadCount
} from '../../src/lib/server/notifications/notifications';
import {
	acceptKnock,
	cancelKnock,
	declineKnock,
	knock,
	knockFor,
	KNOCK_INTERVAL_MS,
	KNOCK_LATE_ACCEPT_MS,
	KNOCK_RING_MS,
	missUnansweredKnocks,
	resumeKnockTimers,
	ringingKnocks
} from '../../src/lib/server/knocks/knocks';
import {
	archiveExpiredRooms,
	listRooms,
	setMeetingArchived
} from '../../src/lib/server/video/rooms';
import type { KnockView, LiveMessage } from '../../src/lib/live-events';

const { db } = useTempDatabase();

const unsubscribe: Array<() => void> = [];
afterEach(() => {
	for (const stop of unsubscribe.splice(0)) stop();
	vi.useRealTimers();
});

/** A tab of `userId` on the company's live channel: the knock events and notifications it hears. */
function tab(companyId: string, userId: string) {
	const messages: LiveMessage[] = [];
	const subscriber: LiveSubscriber = {
		deliver: (message) => messages.push(message),
		reload: () => {},
		close: () => {}
	};
	unsubscribe.push(liveHub().subscribe(companyId, userId, null, subscriber));
	return {
		knocks: (): KnockView[] =>
			messages.flatMap((m) => (m.event.type === 'knock' ? [m.event.knock] : [])),
		notifications: () => messages.flatMap((m) => (m.event.type === 'notification' ? [m.event] : []))
	};
}

const meetingRooms = (companyId: string) =>
	db()
		.select()
		.from(rooms)
		.where(eq(rooms.companyId, companyId))
		.all()
		.filter((room) => room.kind === 'meeting');

function knocked(result: ReturnType<typeof knock>): KnockView {
	if (!result.ok) throw new Error(`knock refused: ${result.reason}`);
	return result.knock;
}

describe('knock', () => {
	it('notifies the person knocked, and only them, live to their tabs of that company', async () => {
		const team = await createTeam();
		const outsider = await makeUser('Outsider');
		const other = makeCompany(outsider);
		const owner = tab(team.company.id, team.owner.id);
		const member = tab(team.company.id, team.member.id);
		const manager = tab(team.company.id, team.manager.id);
		const elsewhere = tab(other.id, outsider.id);

		const sent = knocked(knock(team.company.id, team.owner.id, team.member.id));
		expect(sent).toMatchObject({
			status: 'ringing',
			fromName: team.owner.name,
			toName: team.member.name,
			quiet: false
		});
		expect(listNotifications(team.member.id, 'en').map((n) => n.text)).toEqual([
			`${team.owner.name} knocked on your door`
		]);
		expect(listNotifications(team.member.id, 'en')[0].link).toBe(
			`/${team.company.slug}/knocks/${sent.id}`
		);
		for (const person of [team.owner, team.manager, outsider]) {
			expect(listNotifications(person.id, 'en')).toEqual([]);
		}
		// The two people hear the knock; nobody else does, and only the knocked one is notified.
		expect(member.knocks().map((k) => k.id)).toEqual([sent.id]);
		expect(owner.knocks().map((k) => k.id)).toEqual([sent.id]);
		expect(manager.knocks()).toEqual([]);
		expect(elsewhere.knocks()).toEqual([]);
		expect(member.notifications()).toHaveLength(1);
		expect(member.notifications()[0].ring).toBe(true);
		expect(owner.notifications()).toEqual([]);
		expect(ringingKnocks(team.company.id, team.member.id).map((k) => k.id)).toEqual([sent.id]);
		expect(ringingKnocks(team.company.id, team.manager.id)).toEqual([]);
	});

	it('refuses yourself, a non-member, a second ringing knock and a knock again within a minute', async () => {
		const team = await createTeam();
		const outsider = await makeUser('Outsider');
		makeCompany(outsider);
		const now = Date.now();
		expect(knock(team.company.id, team.owner.id, team.owner.id, now)).toMatchObject({
			ok: false,
			reason: 'self'
		});
		expect(knock(team.company.id, team.owner.id, outsider.id, now)).toMatchObject({
			ok: false,
			reason: 'not_member'
		});
		expect(knock(team.company.id, team.owner.id, 'no-such-person', now)).toMatchObject({
			ok: false,
			reason: 'not_member'
		});
		const first = knocked(knock(team.company.id, team.owner.id, team.member.id, now));
		expect(knock(team.company.id, team.owner.id, team.member.id, now + 1000)).toMatchObject({
			ok: false,
			reason: 'ringing',
			name: team.member.name
		});
		cancelKnock(team.company.id, team.owner.id, first.id, now + 2000);
		expect(knock(team.company.id, team.owner.id, team.member.id, now + 3000)).toMatchObject({
			ok: false,
			reason: 'too_soon'
		});
		// Someone else may knock on the same door meanwhile, and the same pair a minute later.
		knocked(knock(team.company.id, team.manager.id, team.member.id, now + 3000));
		knocked(knock(team.company.id, team.owner.id, team.member.id, now + KNOCK_INTERVAL_MS + 1));
		expect(outsider.id).not.toBe(team.member.id);
		expect(listNotifications(outsider.id, 'en')).toEqual([]);
	});

	it('does not ring in do-not-disturb: the knock waits in the centre and the knocker is told', async () => {
		const team = await createTeam();
		const now = Date.now();
		db()
			.insert(statuses)
			.values({
				companyId: team.company.id,
				userId: team.member.id,
				dndUntil: new Date(now + 3600_000),
				expiresAt: new Date(now + 7200_000),
				updatedAt: new Date(now)
			})
			.run();
		const member = tab(team.company.id, team.member.id);
		const owner = tab(team.company.id, team.owner.id);
		const sent = knocked(knock(team.company.id, team.owner.id, team.member.id, now));
		expect(sent.quiet).toBe(true);
		expect(owner.knocks()).toMatchObject([{ id: sent.id, quiet: true }]);
		expect(member.knocks()[0].quiet).toBe(true);
		expect(member.notifications()[0].ring).toBe(false);
		expect(unreadCount(team.member.id)).toBe(1);
	});

	it('does not ring for someone who turned knocks off on screen: it waits in the centre', async () => {
		const team = await createTeam();
		setNotificationPreference(team.member.id, 'knock', 'browser', false);
		const member = tab(team.company.id, team.member.id);
		const sent = knocked(knock(team.company.id, team.owner.id, team.member.id, Date.now()));
		expect(sent.quiet).toBe(true);
		expect(member.knocks()[0].quiet).toBe(true);
		expect(unreadCount(team.member.id)).toBe(1);
	});
});

describe('answering a knock', () => {
	it('accept opens one short-lived room for exactly the two, and again the same one', async () => {
		const team = await createTeam();
		const owner = tab(team.company.id, team.owner.id);
		const manager = tab(team.company.id, team.manager.id);
		const now = Date.now();
		const sent = knocked(knock(team.company.id, team.owner.id, team.member.id, now));
		// Only the person knocked may accept.
		expect(acceptKnock(team.company.id, team.owner.id, sent.id, now)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(acceptKnock(team.company.id, team.manager.id, sent.id, now)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		const first = acceptKnock(team.company.id, team.member.id, sent.id, now + 5000);
		const again = acceptKnock(team.company.id, team.member.id, sent.id, now + 6000);
		if (!first.ok || !again.ok) throw new Error('not accepted');
		expect(first.knock.status).toBe('accepted');
		expect(again.knock.roomLink).toBe(first.knock.roomLink);
		const made = meetingRooms(team.company.id);
		expect(made).toHaveLength(1);
		expect(made[0]).toMatchObject({
			companyId: team.company.id,
			name: `${team.owner.name} & ${team.member.name}`,
			access: 'invited',
			expiresAt: new Date(now + 5000 + 2 * 3600_000)
		});
		expect(first.knock.roomLink).toBe(`/${team.company.slug}/rooms/${made[0].id}`);
		const invited = db()
			.select({ userId: roomInvitees.userId })
			.from(roomInvitees)
			.where(eq(roomInvitees.roomId, made[0].id))
			.all()
			.map((row) => row.userId)
			.sort();
		expect(invited).toEqual([team.owner.id, team.member.id].sort());
		expect(listRooms(team.company.id, team.manager.id).map((r) => r.id)).not.toContain(made[0].id);
		// The knocker hears where the call is (their tab goes there); no one else does, and the
		// notification is read, with no invitation notification on top.
		expect(owner.knocks().at(-1)).toMatchObject({
			status: 'accepted',
			roomLink: first.knock.roomLink
		});
		expect(manager.knocks()).toEqual([]);
		expect(unreadCount(team.member.id)).toBe(0);
		expect(listNotifications(team.owner.id, 'en')).toEqual([]);
		expect(listNotifications(team.member.id, 'en').map((n) => n.kind)).toEqual(['knock']);

		// Past its expiry, the room is archived once nobody is in it.
		expect(archiveExpiredRooms(new Date(now + 3600_000))).toEqual([]);
		expect(archiveExpiredRooms(new Date(now + 3 * 3600_000))).toEqual([made[0].id]);
		expect(
			listRooms(team.company.id, team.owner.id).find((r) => r.id === made[0].id)
		).toMatchObject({ archived: true });
		// The call is over: the knock no longer leads to it, and nobody reopens it.
		expect(acceptKnock(team.company.id, team.member.id, sent.id, now + 3 * 3600_000)).toEqual({
			ok: false,
			reason: 'expired'
		});
		const accepter = { userId: team.member.id, role: 'member' as const };
		expect(
			setMeetingArchived(team.company.id, accepter, made[0].id, false, new Date(now + 3 * 3600_000))
		).toBe('not_found');
		expect(
			listRooms(team.company.id, team.owner.id).find((r) => r.id === made[0].id)
		).toMatchObject({ archived: true });
	});

	it('"not now" tells the knocker; a cancelled knock leaves the other side', async () => {
		const team = await createTeam();
		const owner = tab(team.company.id, team.owner.id);
		const member = tab(team.company.id, team.member.id);
		const now = Date.now();
		const sent = knocked(knock(team.company.id, team.owner.id, team.member.id, now));
		expect(declineKnock(team.company.id, team.member.id, sent.id, now + 1000)).toMatchObject({
			ok: true,
			knock: { status: 'declined' }
		});
		expect(owner.knocks().at(-1)).toMatchObject({ id: sent.id, status: 'declined' });
		expect(ringingKnocks(team.company.id, team.owner.id)).toEqual([]);

		const other = knocked(knock(team.company.id, team.manager.id, team.member.id, now + 2000));
		// Only the knocker may take it back.
		expect(cancelKnock(team.company.id, team.member.id, other.id, now + 2500)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		cancelKnock(team.company.id, team.manager.id, other.id, now + 3000);
		expect(member.knocks().at(-1)).toMatchObject({ id: other.id, status: 'cancelled' });
		expect(acceptKnock(team.company.id, team.member.id, other.id, now + 4000)).toEqual({
			ok: false,
			reason: 'cancelled'
		});
		expect(meetingRooms(team.company.id)).toEqual([]);
	});

	it('unanswered for a minute it is missed; accepted late only while the knocker is around', async () => {
		const team = await createTeam();
		const owner = tab(team.company.id, team.owner.id);
		const now = Date.now();
		// Earlier tests' knocks out of the way: the sweep counts every company's.
		missUnansweredKnocks(now + 86_400_000);
		const sent = knocked(knock(team.company.id, team.owner.id, team.member.id, now));
		expect(missUnansweredKnocks(now + KNOCK_RING_MS - 1)).toBe(0);
		expect(missUnansweredKnocks(now + KNOCK_RING_MS)).toBe(1);
		expect(owner.knocks().at(-1)).toMatchObject({ id: sent.id, status: 'missed' });
		// The notification stays in the centre, and the knock page still offers to answer it.
		expect(unreadCount(team.member.id)).toBe(1);
		expect(knockFor(team.company.id, team.member.id, sent.id, now + 120_000)).toMatchObject({
			status: 'missed',
			canAccept: true
		});
		// The knocker is online (a tab): within ten minutes, accepting still opens the call.
		const late = acceptKnock(team.company.id, team.member.id, sent.id, now + 120_000);
		expect(late).toMatchObject({ ok: true, knock: { status: 'accepted' } });

		// Too late, or the knocker has gone: it expired.
		const gone = knocked(knock(team.company.id, team.manager.id, team.member.id, now));
		missUnansweredKnocks(now + KNOCK_RING_MS);
		expect(acceptKnock(team.company.id, team.member.id, gone.id, now + 120_000)).toEqual({
			ok: false,
			reason: 'expired'
		});
		const old = db().select().from(knocks).where(eq(knocks.id, sent.id)).get();
		expect(old?.status).toBe('accepted');
		const stale = knocked(
			knock(team.company.id, team.owner.id, team.member.id, now + KNOCK_INTERVAL_MS + 1)
		);
		missUnansweredKnocks(now + KNOCK_INTERVAL_MS + 1 + KNOCK_RING_MS);
		expect(
			acceptKnock(
				team.company.id,
				team.member.id,
				stale.id,
				now + KNOCK_INTERVAL_MS + 2 + KNOCK_LATE_ACCEPT_MS
			)
		).toEqual({ ok: false, reason: 'expired' });
	});

	it('a ringing knock from someone removed meanwhile can no longer be accepted', async () => {
		const team = await createTeam();
		const sent = knocked(knock(team.company.id, team.manager.id, team.member.id));
		db()
			.delete(memberships)
			.where(
				and(eq(memberships.companyId, team.company.id), eq(memberships.userId, team.manager.id))
			)
			.run();
		expect(acceptKnock(team.company.id, team.member.id, sent.id)).toEqual({
			ok: false,
			reason: 'expired'
		});
		expect(meetingRooms(team.company.id)).toEqual([]);
	});

	it('a page loaded after the minute, its timer late or lost, shows it missed, not ringing', async () => {
		const team = await createTeam();
		const owner = tab(team.company.id, team.owner.id);
		const now = Date.now();
		const sent = knocked(knock(team.company.id, team.owner.id, team.member.id, now));
		expect(ringingKnocks(team.company.id, team.member.id, now + KNOCK_RING_MS - 1)).toHaveLength(1);
		expect(ringingKnocks(team.company.id, team.member.id, now + KNOCK_RING_MS)).toEqual([]);
		expect(owner.knocks().at(-1)).toMatchObject({ id: sent.id, status: 'missed' });
		expect(db().select().from(knocks).where(eq(knocks.id, sent.id)).get()?.status).toBe('missed');
	});

	it("a knock's own timer marks it missed a minute later", async () => {
		const team = await createTeam();
		const owner = tab(team.company.id, team.owner.id);
		vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
		const sent = knocked(knock(team.company.id, team.owner.id, team.member.id));
		vi.advanceTimersByTime(KNOCK_RING_MS - 1000);
		expect(owner.knocks().map((k) => k.status)).toEqual(['ringing']);
		vi.advanceTimersByTime(1000);
		expect(owner.knocks().map((k) => k.status)).toEqual(['ringing', 'missed']);
		expect(knockFor(team.company.id, team.owner.id, sent.id)?.status).toBe('missed');
	});

	it('after a restart, a knock that was ringing is missed when its minute is over', async () => {
		const team = await createTeam();
		const owner = tab(team.company.id, team.owner.id);
		vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
		// Rung 20 s before the process stopped: its timer went with it.
		const started = Date.now();
		db()
			.insert(knocks)
			.values({
				id: 'knock-before-restart',
				companyId: team.company.id,
				fromUserId: team.owner.id,
				toUserId: team.member.id,
				createdAt: new Date(started - 20_000)
			})
			.run();
		resumeKnockTimers();
		vi.advanceTimersByTime(KNOCK_RING_MS - 20_000 - 1);
		expect(owner.knocks()).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(owner.knocks().map((k) => [k.id, k.status])).toEqual([
			['knock-before-restart', 'missed']
		]);
	});
});
