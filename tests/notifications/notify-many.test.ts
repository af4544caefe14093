// notify() for many people at once (a stand-up starting in a company of 200, a mention of ten):
// a fixed handful of statements whatever the number of people, and each person still gets exactly
// what their own settings say — their choices per kind and channel, do-not-disturb, their
// language, push only when no tab of theirs is open.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { setQuietUntil } from '../helpers/factories';
import { companies, memberships, notifications, users } from '../../src/lib/server/db/schema';
import { newId } from '../../src/lib/server/ids';
import { liveHub } from '../../src/lib/server/live/hub';
import type { LiveMessage } from '../../src/lib/live-events';
import {
	notify,
	notifyAll,
	setNotificationPreference,
	unreadCount
} from '../../src/lib/server/notifications/notifications';
import { pushDeliveriesSettled, subscribePush } from '../../src/lib/server/notifications/push';
import { browserKeys, startPushService, type LocalPushService } from './push-service';

const { db } = useTempDatabase();

let service: LocalPushService;
beforeAll(async () => {
	service = await startPushService();
});
afterAll(() => service.close());

let counter = 0;
const companyId = newId();

/** A member of the test's company, written directly (no password hashing: many are needed). */
function member(name: string, locale: 'en' | 'fr' = 'en'): string {
	counter += 1;
	const id = newId();
	db()
		.insert(users)
		.values({ id, name, email: `p${counter}-${id}@example.org`, passwordHash: 'x', locale })
		.run();
	db().insert(memberships).values({ companyId, userId: id, role: 'member' }).run();
	return id;
}

/** A tab of the person's open on the company's stream; what it received. */
function tab(userId: string) {
	const messages: LiveMessage[] = [];
	const stop = liveHub().subscribe(companyId, userId, null, {
		deliver: (message) => messages.push(message),
		reload: () => {},
		close: () => {}
	});
	const received = () =>
		messages.flatMap((m) => (m.event.type === 'notification' ? [m.event] : []));
	return { stop, received };
}

/** A device of the person's subscribed at the local push service: its path there, its keys. */
function device(userId: string) {
	counter += 1;
	const path = `/push/device-${counter}`;
	const browser = browserKeys();
	subscribePush(
		userId,
		{ endpoint: `${service.origin}${path}`, keys: browser.keys },
		'Mozilla/5.0 Firefox/140.0'
	);
	return { path, decrypt: browser.decrypt };
}

const mention = (key: string) => ({
	companyId,
	payload: { actor: 'Ana', title: 'Plan' },
	link: '/somewhere',
	dedupeKey: key
});

/** How many SQL statements `run` executes (better-sqlite3's, prepared once or not). */
function statementsRun<T>(run: () => T): { result: T; statements: number } {
	const statement = Object.getPrototypeOf(db().$client.prepare('select 1')) as Record<
		'run' | 'get' | 'all' | 'iterate',
		(...args: unknown[]) => unknown
	>;
	const spies = (['run', 'get', 'all', 'iterate'] as const).map((method) =>
		vi.spyOn(statement, method)
	);
	try {
		const result = run();
		return { result, statements: spies.reduce((n, spy) => n + spy.mock.calls.length, 0) };
	} finally {
		spies.forEach((spy) => spy.mockRestore());
	}
}

beforeAll(() => {
	db().insert(companies).values({ id: companyId, name: 'Many', slug: 'many' }).run();
});

describe('notify for many people', () => {
	it('runs as many statements for forty people as for four', () => {
		const tabs: Array<ReturnType<typeof tab>> = [];
		/** n people as a company has them: some with a tab open, some quiet, some choices made. */
		const people = (n: number) =>
			Array.from({ length: n }, (_, i) => {
				const id = member(`P${i}`, i % 2 ? 'fr' : 'en');
				if (i % 3 === 0) tabs.push(tab(id));
				if (i % 4 === 0) setQuietUntil(companyId, id, Date.now() + 3600_000);
				if (i % 5 === 0) setNotificationPreference(id, 'standup_live', 'browser', false);
				return id;
			});
		const few = people(4);
		const many = people(40);
		const event = (key: string) => ({ ...mention(key), payload: { standup: 'Daily' } });
		// Once first, so that statements built once per connection are built for both alike.
		notify(few, 'standup_live', event('warm-up'));
		const small = statementsRun(() => notify(few, 'standup_live', event('few')));
		const large = statementsRun(() => notify(many, 'standup_live', event('many')));
		expect(small.result).toHaveLength(4);
		expect(large.result).toHaveLength(40);
		expect(large.statements).toBe(small.statements);
		// Choices, do-not-disturb, languages, devices, the rows and the counts: a handful.
		expect(large.statements).toBeLessThanOrEqual(8);
		tabs.forEach(({ stop }) => stop());
	});

	it('gives each person what their own settings say, in one call', async () => {
		const plain = member('Plain');
		const french = member('Française', 'fr');
		const noCentre = member('No centre');
		const noRing = member('No ring');
		const quiet = member('Quiet');
		const otherKindOff = member('Other kind off');
		const noPush = member('No push');
		const pushed = member('Pushed', 'fr');
		const quietPushed = member('Quiet pushed');
		const already = member('Already');

		setNotificationPreference(noCentre, 'mention', 'in_app', false);
		setNotificationPreference(noRing, 'mention', 'browser', false);
		setQuietUntil(companyId, quiet, Date.now() + 3600_000);
		setQuietUntil(companyId, quietPushed, Date.now() + 3600_000);
		// Their choice for tasks says nothing of mentions, and the reverse.
		setNotificationPreference(otherKindOff, 'task_assigned', 'in_app', false);
		setNotificationPreference(noPush, 'mention', 'push', false);
		notify([already], 'mention', mention('same-event'));
		notify([already], 'mention', mention('earlier, unread'));

		const tabs = Object.fromEntries(
			[plain, french, noCentre, noRing, quiet, otherKindOff, already].map((id) => [id, tab(id)])
		);
		const noPushDevice = device(noPush);
		const pushedDevice = device(pushed);
		const quietDevice = device(quietPushed);
		const before = service.received.length;

		const notified = notifyAll([
			{
				userIds: [plain, french, noCentre, noRing, quiet, noPush, pushed, quietPushed, already],
				kind: 'mention',
				event: mention('same-event')
			},
			{
				userIds: [otherKindOff],
				kind: 'mention',
				event: mention('other-kind')
			},
			{
				userIds: [otherKindOff, plain],
				kind: 'task_assigned',
				event: { ...mention('task'), payload: { actor: 'Ana', title: 'Plan', task: 'Relire' } }
			}
		]);
		await pushDeliveriesSettled();

		// Who got a row: not who turned the centre off, not who had this very event already.
		expect(notified).toEqual([
			plain,
			french,
			noRing,
			quiet,
			noPush,
			pushed,
			quietPushed,
			otherKindOff,
			plain
		]);
		const rowsOf = (userId: string) =>
			db().select().from(notifications).where(eq(notifications.userId, userId)).all();
		expect(rowsOf(noCentre)).toEqual([]);
		expect(rowsOf(already)).toHaveLength(2);
		expect(rowsOf(otherKindOff).map((row) => row.kind)).toEqual(['mention']);

		// What each open tab heard: the text in their language, the ring, their own count.
		const heard = (userId: string) =>
			tabs[userId].received().map((event) => ({
				text: event.notification.text,
				ring: event.ring,
				unread: event.unread
			}));
		expect(heard(plain)).toEqual([
			{ text: 'Ana mentioned you in Plan', ring: true, unread: 2 },
			{ text: expect.stringContaining('Relire'), ring: true, unread: 2 }
		]);
		expect(heard(french)).toEqual([
			{ text: 'Ana vous mentionne dans «\u202fPlan\u202f»', ring: true, unread: 1 }
		]);
		expect(heard(noCentre)).toEqual([]);
		expect(heard(noRing)).toEqual([{ text: 'Ana mentioned you in Plan', ring: false, unread: 1 }]);
		expect(heard(quiet)).toEqual([{ text: 'Ana mentioned you in Plan', ring: false, unread: 1 }]);
		expect(heard(otherKindOff)).toEqual([
			{ text: 'Ana mentioned you in Plan', ring: true, unread: 1 }
		]);
		expect(heard(already)).toEqual([]);
		expect(unreadCount(already)).toBe(2);

		// Push: only to the device of who has no tab open, push on and is not in do-not-disturb,
		// in their language.
		const requests = service.received.slice(before);
		expect(requests.map((request) => request.path)).toEqual([pushedDevice.path]);
		expect(JSON.parse(pushedDevice.decrypt(requests[0].body))).toMatchObject({
			body: 'Ana vous mentionne dans «\u202fPlan\u202f»'
		});
		expect(requests.map((request) => request.path)).not.toContain(noPushDevice.path);
		expect(requests.map((request) => request.path)).not.toContain(quietDevice.path);

		Object.values(tabs).forEach(({ stop }) => stop());
	});
});
