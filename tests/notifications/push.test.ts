// Web Push, against a push service on 127.0.0.1 (no network): a notification reaches the person's
// subscribed devices encrypted for them (aes128gcm, decrypted here with the browser's keys) and
// signed with the VAPID key (the JWT checked as a push service does), only when no tab of theirs
// is open, push is on for the kind and they are not in do-not-disturb; the push service's answer
// keeps or drops the subscription.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { createTeam, makeCompany, makeUser, type Team } from '../helpers/factories';
import { pushSubscriptions, statuses, users } from '../../src/lib/server/db/schema';
import { liveHub } from '../../src/lib/server/live/hub';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import {
	listNotifications,
	notificationText,
	notify,
	setNotificationPreference
} from '../../src/lib/server/notifications/notifications';
import {
	endpointProblem,
	listPushDevices,
	MAX_DEVICES_PER_PERSON,
	MAX_FAILURES,
	parsePushSubscription,
	pushDeliveriesSettled,
	pushSettingsOf,
	removePushDevice,
	subscribePush,
	unsubscribePush
} from '../../src/lib/server/notifications/push';
import { vapidPublicKey } from '../../src/lib/server/notifications/push-keys';
import { browserKeys, startPushService, verifyVapid, type LocalPushService } from './push-service';

const { db } = useTempDatabase();

let service: LocalPushService;
let team: Team;
beforeAll(async () => {
	service = await startPushService();
	team = await createTeam();
});
afterAll(() => service.close());
// Each test starts with no device subscribed and the push service answering 201.
afterEach(() => {
	db().delete(pushSubscriptions).run();
	service.answerWith(201);
});

let counter = 0;
/** A new device of `userId`, subscribed at the local push service. */
function subscribedDevice(userId: string) {
	counter += 1;
	const browser = browserKeys();
	const endpoint = `${service.origin}/push/device-${counter}`;
	subscribePush(userId, { endpoint, keys: browser.keys }, 'Mozilla/5.0 Firefox/140.0');
	return { ...browser, endpoint, path: `/push/device-${counter}` };
}

const mention = (key: string) => ({
	companyId: team.company.id,
	payload: { actor: 'Ana', title: 'Plan de la semaine' },
	link: `/${team.company.slug}/documents/doc-1`,
	dedupeKey: key
});

/** Notifies, waits until every push has been answered, and returns the requests it made. */
async function notifyAndSettle(userIds: string[], key: string) {
	const before = service.received.length;
	const notified = notify(userIds, 'mention', mention(key));
	await pushDeliveriesSettled();
	return { notified, requests: service.received.slice(before) };
}

describe('sending a notification by Web Push', () => {
	it('posts it encrypted for the device and signed with the VAPID key, in the person’s language', async () => {
		db().update(users).set({ locale: 'fr' }).where(eq(users.id, team.member.id)).run();
		const device = subscribedDevice(team.member.id);
		const { requests } = await notifyAndSettle([team.member.id], 'push-1');
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.path).toBe(device.path);
		expect(request.headers['content-encoding']).toBe('aes128gcm');
		expect(request.headers.ttl).toBe(String(24 * 60 * 60));
		expect(request.headers.urgency).toBe('normal');

		const vapid = verifyVapid(request.headers.authorization);
		expect(vapid.publicKey).toBe(vapidPublicKey());
		expect(vapid.claims.aud).toBe(service.origin);
		expect(vapid.claims.sub).toMatch(/^(mailto:|https:)/);
		expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now());

		const payload = JSON.parse(device.decrypt(request.body));
		const [row] = listNotifications(team.member.id, 'fr', 1);
		const french = notificationText('mention', mention('x').payload, 'fr');
		expect(french).not.toBe(notificationText('mention', mention('x').payload, 'en'));
		// Titled with the company it is from: a phone's list shows no page around it.
		expect(payload).toEqual({
			title: team.company.name,
			body: french,
			link: `/${team.company.slug}/documents/doc-1`,
			tag: row.id
		});
		// The push service said 201: the subscription is known to work.
		const [kept] = db()
			.select()
			.from(pushSubscriptions)
			.where(eq(pushSubscriptions.endpoint, device.endpoint))
			.all();
		expect(kept.lastSuccessAt).not.toBeNull();
		expect(kept.failures).toBe(0);
	});

	it('reaches every device of the person and nobody else’s', async () => {
		const first = subscribedDevice(team.manager.id);
		const second = subscribedDevice(team.manager.id);
		const colleague = subscribedDevice(team.owner.id);
		const { requests } = await notifyAndSettle([team.manager.id], 'push-2');
		expect(requests.map((r) => r.path).sort()).toEqual([first.path, second.path].sort());
		expect(requests.map((r) => r.path)).not.toContain(colleague.path);
	});

	it('sends nothing while a tab of theirs is open on that company: the tab rings', async () => {
		subscribedDevice(team.member.id);
		const tab = { deliver: () => {}, reload: () => {}, close: () => {} };
		const stop = liveHub().subscribe(team.company.id, team.member.id, null, tab);
		expect((await notifyAndSettle([team.member.id], 'push-3')).requests).toEqual([]);
		stop();
		// A tab of another company of theirs does not hear this one's notifications: push goes.
		const elsewhere = makeCompany(team.member);
		const stopElsewhere = liveHub().subscribe(elsewhere.id, team.member.id, null, tab);
		expect((await notifyAndSettle([team.member.id], 'push-4')).requests).toHaveLength(1);
		stopElsewhere();
	});

	it('sends nothing when push is off for the kind, or during do-not-disturb', async () => {
		const person = await makeUser('Quiet');
		subscribedDevice(person.id);
		setNotificationPreference(person.id, 'mention', 'push', false);
		const off = await notifyAndSettle([person.id], 'push-5');
		expect(off.notified).toEqual([person.id]);
		expect(off.requests).toEqual([]);

		setNotificationPreference(person.id, 'mention', 'push', true);
		const now = Date.now();
		db()
			.insert(statuses)
			.values({
				companyId: team.company.id,
				userId: person.id,
				dndUntil: new Date(now + 3600_000),
				expiresAt: new Date(now + 7200_000),
				updatedAt: new Date(now)
			})
			.run();
		const quiet = await notifyAndSettle([person.id], 'push-6');
		expect(quiet.notified).toEqual([person.id]);
		expect(quiet.requests).toEqual([]);
		db().delete(statuses).where(eq(statuses.userId, person.id)).run();
		expect((await notifyAndSettle([person.id], 'push-7')).requests).toHaveLength(1);
	});

	it('drops a subscription the push service says is gone (410, 404)', async () => {
		const gone = subscribedDevice(team.member.id);
		service.answerWith(410);
		expect((await notifyAndSettle([team.member.id], 'push-8')).requests).toHaveLength(1);
		expect(listPushDevices(team.member.id).map((d) => d.endpoint)).not.toContain(gone.endpoint);

		const unknown = subscribedDevice(team.member.id);
		service.answerWith(404);
		await notifyAndSettle([team.member.id], 'push-9');
		expect(listPushDevices(team.member.id).map((d) => d.endpoint)).not.toContain(unknown.endpoint);
	});

	it('counts other failures and drops the subscription after five in a row', async () => {
		const person = await makeUser('Flaky');
		const device = subscribedDevice(person.id);
		const failures = () =>
			db()
				.select({ failures: pushSubscriptions.failures })
				.from(pushSubscriptions)
				.where(eq(pushSubscriptions.endpoint, device.endpoint))
				.get()?.failures;
		service.answerWith(500);
		await notifyAndSettle([person.id], 'flaky-1');
		expect(failures()).toBe(1);
		// A success in between starts the count again.
		service.answerWith(201);
		await notifyAndSettle([person.id], 'flaky-2');
		expect(failures()).toBe(0);
		service.answerWith(503);
		for (let i = 1; i < MAX_FAILURES; i += 1) await notifyAndSettle([person.id], `flaky-x${i}`);
		expect(failures()).toBe(MAX_FAILURES - 1);
		await notifyAndSettle([person.id], 'flaky-last');
		expect(failures()).toBeUndefined();
	});

	it('never makes notify() fail when the push service cannot be reached', async () => {
		const person = await makeUser('Unreachable');
		const browser = browserKeys();
		// A port that was just freed: the connection is refused.
		const closed = await startPushService();
		await closed.close();
		const endpoint = `${closed.origin}/push/unreachable`;
		subscribePush(person.id, { endpoint, keys: browser.keys }, '');
		const notified = notify([person.id], 'mention', mention('unreachable'));
		expect(notified).toEqual([person.id]);
		await pushDeliveriesSettled();
		expect(
			db()
				.select({ failures: pushSubscriptions.failures })
				.from(pushSubscriptions)
				.where(eq(pushSubscriptions.endpoint, endpoint))
				.get()?.failures
		).toBe(1);
	});
});

describe('subscriptions', () => {
	it('moves an endpoint to whoever subscribes it last, and unsubscribes only one’s own', async () => {
		const device = subscribedDevice(team.member.id);
		subscribePush(team.manager.id, { endpoint: device.endpoint, keys: device.keys }, '');
		expect(listPushDevices(team.member.id).map((d) => d.endpoint)).not.toContain(device.endpoint);
		expect(listPushDevices(team.manager.id).map((d) => d.endpoint)).toContain(device.endpoint);
		expect(unsubscribePush(team.member.id, device.endpoint)).toBe(false);
		expect(unsubscribePush(team.manager.id, device.endpoint)).toBe(true);
		expect(listPushDevices(team.manager.id).map((d) => d.endpoint)).not.toContain(device.endpoint);
	});

	it('lists a person’s devices named as they know them, this browser marked, and removes only their own', async () => {
		const person = await makeUser('Two Phones');
		const phone = browserKeys();
		const phoneEndpoint = `${service.origin}/push/lost-phone`;
		subscribePush(
			person.id,
			{ endpoint: phoneEndpoint, keys: phone.keys },
			'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36'
		);
		const laptop = subscribedDevice(person.id);
		const settings = pushSettingsOf(person.id, laptop.endpoint);
		const seen = (endpoint: string) => {
			const { device, current, lastSuccessAt } = settings.devices.find(
				(d) => d.endpoint === endpoint
			)!;
			return { device, current, lastSuccessAt };
		};
		expect(settings.devices).toHaveLength(2);
		expect(seen(laptop.endpoint)).toEqual({
			device: { browser: 'Firefox', os: null },
			current: true,
			lastSuccessAt: null
		});
		expect(seen(phoneEndpoint)).toEqual({
			device: { browser: 'Chrome', os: 'Android' },
			current: false,
			lastSuccessAt: null
		});
		const lost = settings.devices.find((d) => d.endpoint === phoneEndpoint)!;

		// Someone else cannot remove it, even knowing its id.
		expect(removePushDevice(team.member.id, lost.id)).toBeNull();
		expect(removePushDevice(person.id, lost.id)).toBe(phoneEndpoint);
		expect(listPushDevices(person.id).map((d) => d.endpoint)).toEqual([laptop.endpoint]);
		// Gone: a second removal (another tab) finds nothing.
		expect(removePushDevice(person.id, lost.id)).toBeNull();
		// And it is sent nothing more.
		const { requests } = await notifyAndSettle([person.id], 'push-removed');
		expect(requests.map((request) => request.path)).toEqual([laptop.path]);
	});

	it(`keeps at most ${MAX_DEVICES_PER_PERSON} devices a person, dropping the oldest`, async () => {
		const person = await makeUser('Collector');
		const first = subscribedDevice(person.id);
		for (let i = 0; i < MAX_DEVICES_PER_PERSON; i += 1) subscribedDevice(person.id);
		const devices = listPushDevices(person.id);
		expect(devices).toHaveLength(MAX_DEVICES_PER_PERSON);
		expect(devices.map((d) => d.endpoint)).not.toContain(first.endpoint);
	});

	it('accepts what a browser gives and refuses anything else with a reason', () => {
		const { keys } = browserKeys();
		const endpoint = 'https://updates.push.services.mozilla.com/wpush/v2/gAAAAA';
		expect(parsePushSubscription({ endpoint, keys, expirationTime: null })).toEqual({
			ok: true,
			subscription: { endpoint, keys }
		});
		const refused = (input: unknown) => {
			const parsed = parsePushSubscription(input);
			return parsed.ok ? null : parsed.message;
		};
		expect(refused(null)).toMatch(/push subscription/);
		expect(refused({ keys })).toMatch(/endpoint is missing/);
		expect(refused({ endpoint: 'http://fcm.googleapis.com/x', keys })).toMatch(/https/);
		expect(refused({ endpoint: 'https://10.0.0.8/push', keys })).toMatch(/domain/);
		expect(refused({ endpoint: 'https://[fd00::1]/push', keys })).toMatch(/domain/);
		expect(refused({ endpoint: 'https://printer.local/push', keys })).toMatch(/domain/);
		expect(refused({ endpoint })).toMatch(/keys are missing/);
		// A 65-byte string that is no point of the curve.
		const offCurve = Buffer.alloc(65, 7);
		offCurve[0] = 4;
		expect(
			refused({ endpoint, keys: { ...keys, p256dh: offCurve.toString('base64url') } })
		).toMatch(/p256dh/);
		expect(refused({ endpoint, keys: { ...keys, p256dh: 'not base64url!' } })).toMatch(/p256dh/);
		expect(
			refused({ endpoint, keys: { ...keys, auth: Buffer.alloc(8).toString('base64url') } })
		).toMatch(/auth/);
	});

	it('takes a loopback endpoint only while Hameau is not served over https', () => {
		expect(endpointProblem('http://127.0.0.1:8080/push', true)).toBeNull();
		expect(endpointProblem('http://localhost:8080/push', true)).toBeNull();
		expect(endpointProblem('http://127.0.0.1:8080/push', false)).toMatch(/not this machine/);
		expect(endpointProblem('https://localhost/push', false)).toMatch(/not this machine/);
		expect(endpointProblem('https://user:pw@fcm.googleapis.com/x', false)).toMatch(/credentials/);
		expect(endpointProblem('https://fcm.googleapis.com/fcm/send/abc', false)).toBeNull();
	});

	it('says what is wrong with an endpoint in the reader’s language', () => {
		overwriteGetLocale(() => 'fr');
		try {
			expect(endpointProblem('http://push.example.org/x', false)).toBe(
				'L’adresse du service de notifications doit commencer par https://.'
			);
			expect(endpointProblem('https://push.local/x', false)).toBe(
				'Le service de notifications doit être sur Internet, désigné par son nom de domaine.'
			);
		} finally {
			overwriteGetLocale(() => 'en');
		}
	});
});
