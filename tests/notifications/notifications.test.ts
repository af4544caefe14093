// The notification centre: one row per person per event, their preferences, and live delivery
// to their own tabs only (never a colleague's, never another company's).
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, createTeam, makeCompany, makeUser, setQuietUntil } from '../helpers/factories';
import { leaveCompany } from '../../src/lib/server/companies/members';
import { LiveHub, liveHub, type LiveSubscriber } from '../../src/lib/server/live/hub';
import type { LiveMessage } from '../../src/lib/live-events';
import {
	listNotifications,
	markAllRead,
	markRead,
	notify,
	openNotification,
	setNotificationPreference,
	unreadCount
} from '../../src/lib/server/notifications/notifications';

useTempDatabase();

function recorder() {
	const messages: LiveMessage[] = [];
	const subscriber: LiveSubscriber = {
		deliver: (message) => messages.push(message),
		reload: () => {},
		close: () => {}
	};
	const notifications = () =>
		messages.flatMap((m) => (m.event.type === 'notification' ? [m.event] : []));
	return { subscriber, messages, notifications };
}

const event = (companyId: string, key = 'event-1') => ({
	companyId,
	payload: { actor: 'Ana', title: 'Plan' },
	link: '/somewhere',
	dedupeKey: key
});

describe('LiveHub personal events', () => {
	it('delivers an event addressed to one person to their clients only, live and on catch-up', () => {
		const hub = new LiveHub();
		const a = recorder();
		const b = recorder();
		hub.subscribe('c1', 'a', null, a.subscriber);
		hub.subscribe('c1', 'b', null, b.subscriber);
		const cursor = hub.cursor('c1');
		hub.publish('c1', { type: 'company' }, 'a');
		hub.publish('c1', { type: 'company' });
		expect(a.messages.filter((m) => m.event.type === 'company')).toHaveLength(2);
		expect(b.messages.filter((m) => m.event.type === 'company')).toHaveLength(1);
		// Reconnecting from before both: B still gets only the company-wide one.
		const again = recorder();
		hub.subscribe('c1', 'b', cursor, again.subscriber);
		expect(again.messages.filter((m) => m.event.type === 'company')).toHaveLength(1);
		const aAgain = recorder();
		hub.subscribe('c1', 'a', cursor, aAgain.subscriber);
		expect(aAgain.messages.filter((m) => m.event.type === 'company')).toHaveLength(2);
	});
});

describe('notify', () => {
	it('names who did it from their account, in the live event as in the centre', async () => {
		const team = await createTeam();
		const member = recorder();
		const stop = liveHub().subscribe(team.company.id, team.member.id, null, member.subscriber);
		notify([team.member.id], 'room_invite', {
			companyId: team.company.id,
			actorId: team.owner.id,
			payload: { room: 'Atelier' },
			link: '/somewhere',
			dedupeKey: 'named-actor'
		});
		stop();
		const text = `${team.owner.name} invited you to the room Atelier`;
		expect(member.notifications().map((event) => event.notification.text)).toEqual([text]);
		expect(listNotifications(team.member.id, 'en').map((n) => n.text)).toEqual([text]);
	});

	it('writes one row per person, once per event, and delivers it to that person only', async () => {
		const team = await createTeam();
		const outsider = await makeUser('Outsider');
		const other = makeCompany(outsider);
		const member = recorder();
		const manager = recorder();
		const elsewhere = recorder();
		const stop = [
			liveHub().subscribe(team.company.id, team.member.id, null, member.subscriber),
			liveHub().subscribe(team.company.id, team.manager.id, null, manager.subscriber),
			liveHub().subscribe(other.id, outsider.id, null, elsewhere.subscriber)
		];
		expect(notify([team.member.id, team.member.id], 'mention', event(team.company.id))).toEqual([
			team.member.id
		]);
		expect(notify([team.member.id], 'mention', event(team.company.id))).toEqual([]);
		expect(member.notifications()).toHaveLength(1);
		expect(member.notifications()[0]).toMatchObject({
			unread: 1,
			ring: true,
			notification: { text: 'Ana mentioned you in Plan', link: '/somewhere', read: false }
		});
		expect(manager.notifications()).toEqual([]);
		expect(elsewhere.notifications()).toEqual([]);
		expect(unreadCount(team.member.id)).toBe(1);
		expect(unreadCount(team.manager.id)).toBe(0);
		stop.forEach((s) => s());
	});

	it('respects the in-app and browser preferences', async () => {
		const team = await createTeam();
		const owner = recorder();
		const stop = liveHub().subscribe(team.company.id, team.owner.id, null, owner.subscriber);
		setNotificationPreference(team.owner.id, 'mention', 'in_app', false);
		expect(notify([team.owner.id], 'mention', event(team.company.id))).toEqual([]);
		setNotificationPreference(team.owner.id, 'mention', 'in_app', true);
		setNotificationPreference(team.owner.id, 'mention', 'browser', false);
		expect(notify([team.owner.id], 'mention', event(team.company.id, 'e2'))).toEqual([
			team.owner.id
		]);
		expect(owner.notifications().map((n) => n.ring)).toEqual([false]);
		stop();
	});

	it('does not ring while the person asked not to be disturbed, but still keeps it', async () => {
		const team = await createTeam();
		const member = recorder();
		const stop = liveHub().subscribe(team.company.id, team.member.id, null, member.subscriber);
		setQuietUntil(team.company.id, team.member.id, Date.now() + 3600_000);
		notify([team.member.id], 'mention', event(team.company.id, 'quiet'));
		expect(member.notifications().map((n) => n.ring)).toEqual([false]);
		expect(unreadCount(team.member.id)).toBe(1);
		stop();
	});

	it('lists in the reader’s language, marks read, and hides a company they left', async () => {
		const team = await createTeam();
		notify([team.member.id], 'standup_open', {
			...event(team.company.id, 'x'),
			payload: { standup: 'Daily' }
		});
		notify([team.member.id], 'mention', event(team.company.id, 'y'));
		const list = listNotifications(team.member.id, 'fr');
		expect(list.map((n) => n.text)).toEqual([
			'Ana vous mentionne dans «\u202fPlan\u202f»',
			'Les réponses sont ouvertes pour «\u202fDaily\u202f»'
		]);
		expect(markRead(team.manager.id, list[0].id)).toBe(false);
		expect(markRead(team.member.id, list[0].id)).toBe(true);
		expect(unreadCount(team.member.id)).toBe(1);
		expect(markAllRead(team.member.id)).toBe(1);
		expect(unreadCount(team.member.id)).toBe(0);

		// Following one marks it read and leads to its place; someone else's leads nowhere (404).
		notify([team.member.id], 'mention', event(team.company.id, 'w'));
		const [fresh] = listNotifications(team.member.id, 'en');
		expect(openNotification(team.manager.id, fresh.id)).toBeNull();
		expect(unreadCount(team.member.id)).toBe(1);
		expect(openNotification(team.member.id, fresh.id)).toBe('/somewhere');
		expect(unreadCount(team.member.id)).toBe(0);

		const leaver = await makeUser('Leaver');
		addMember(team.company, team.owner, leaver, 'member');
		notify([leaver.id], 'mention', event(team.company.id, 'z'));
		expect(unreadCount(leaver.id)).toBe(1);
		expect(leaveCompany(team.company.id, leaver.id)).toMatchObject({ ok: true });
		expect(unreadCount(leaver.id)).toBe(0);
		expect(listNotifications(leaver.id, 'en')).toEqual([]);
	});
});
