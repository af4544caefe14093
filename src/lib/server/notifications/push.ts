// Web Push: notifications that reach a person's devices while no Hameau tab of theirs is open
// (docs/features.md "Web Push"). Browsers subscribe through their push service (FCM, Mozilla,
// Apple...) and give us an endpoint and keys; notify() hands each new notification here, and it
// goes, encrypted (aes128gcm) and signed (VAPID), to each of the person's endpoints, after the
// notification is written and without ever making notify() wait. Relative imports (no $lib):
// the collaboration server notifies too.
import { createPublicKey } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import * as v from 'valibot';
import webpush, { type Urgency } from 'web-push';
import { describeUserAgent, type Device } from '../../user-agent';
import { config } from '../config';
import { groupBy } from '../../group-by';
import { getDb } from '../db';
import { inJsonArray, prepared } from '../db/prepared';
import { pushSubscriptions, type NotificationKind, type notifications } from '../db/schema';
import { newId } from '../ids';
import { liveHub } from '../live/hub';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { vapidDetails, vapidPublicKey } from './push-keys';
import { companyNamesById } from '../companies/companies';
import { m } from '../../paraglide/messages';

/** Devices one person may have subscribed; the least recently reached goes past this. */
export const MAX_DEVICES_PER_PERSON = 20;

/** Failed deliveries in a row after which a subscription is dropped (404 and 410 drop it at once). */
export const MAX_FAILURES = 5;

/** Deliveries under way at once; the rest wait their turn (a stand-up opening for 200 people). */
const CONCURRENCY = 8;

/** Past this many waiting deliveries, new ones are dropped (and logged): memory stays bounded. */
const MAX_WAITING = 10_000;

/** A push service that has not answered by then has failed this delivery. */
const SEND_TIMEOUT_MS = 15_000;

/** Longest notification text sent: push services refuse payloads over 4 KB once encrypted. */
const MAX_BODY_LENGTH = 500;

// ---------------------------------------------------------------------------------------------
// Subscriptions

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** The bytes of a base64url string, or null when it is not one. */
function base64urlBytes(value: string): Buffer | null {
	return BASE64URL.test(value) ? Buffer.from(value, 'base64url') : null;
}

/** Is this 65-byte string an uncompressed point on P-256 (what the browser's p256dh is)? */
function isP256Point(bytes: Buffer): boolean {
	if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
	try {
		// Rejects coordinates that are not a point on the curve, which encryption would choke on.
		createPublicKey({
			key: {
				kty: 'EC',
				crv: 'P-256',
				x: bytes.subarray(1, 33).toString('base64url'),
				y: bytes.subarray(33).toString('base64url')
			},
			format: 'jwk'
		});
		return true;
	} catch {
		// Not on the curve: the caller refuses the subscription.
		return false;
	}
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a push endpoint is refused, or null. Push services are public https services with DNS
 * names; the server will POST to whatever is accepted, so IP addresses and local names are
 * refused (the endpoint comes from a signed-in person, but any of them). A loopback endpoint,
 * plain http or not, is accepted only while Hameau is not served over https (a developer's or a
 * test's local push service): a production ORIGIN never takes one.
 */
export function endpointProblem(endpoint: string, allowLoopback: boolean): string | null {
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		return m.delivery_push_endpoint_not_url();
	}
	if (url.username || url.password) return m.delivery_push_endpoint_credentials();
	if (LOOPBACK_HOSTS.has(url.hostname)) {
		return allowLoopback && (url.protocol === 'http:' || url.protocol === 'https:')
			? null
			: m.delivery_push_endpoint_loopback();
	}
	if (url.protocol !== 'https:') return m.delivery_push_endpoint_https();
	const host = url.hostname;
	if (
		/^[\d.]+$/.test(host) ||
		host.startsWith('[') ||
		!host.includes('.') ||
		/\.local$/i.test(host)
	) {
		return m.delivery_push_endpoint_domain();
	}
	return null;
}

/** Loopback push endpoints are for development and tests: never with an https ORIGIN. */
function loopbackAllowed(): boolean {
	return !config().origin?.startsWith('https://');
}

/** What to say when a member is missing (valibot reports it on the object holding it). */
const MISSING: Record<string, string> = {
	endpoint: 'The endpoint is missing.',
	keys: 'The keys are missing.',
	p256dh: 'The p256dh key is missing.',
	auth: 'The auth secret is missing.'
};

const objectMessage = (notAnObject: string) => (issue: v.ObjectIssue) =>
	MISSING[issue.expected?.replaceAll('"', '') ?? ''] ?? notAnObject;

/** A subscription as PushSubscription.toJSON() gives it (expirationTime is ignored). */
export const pushSubscriptionSchema = v.object(
	{
		endpoint: v.pipe(
			v.string(MISSING.endpoint),
			v.trim(),
			v.nonEmpty(MISSING.endpoint),
			v.maxLength(2048, 'The endpoint is too long.'),
			v.rawCheck(({ dataset, addIssue }) => {
				if (!dataset.typed) return;
				const problem = endpointProblem(dataset.value, loopbackAllowed());
				if (problem) addIssue({ message: problem });
			})
		),
		keys: v.object(
			{
				p256dh: v.pipe(
					v.string(MISSING.p256dh),
					v.check((value) => {
						const bytes = base64urlBytes(value);
						return bytes !== null && isP256Point(bytes);
					}, 'The p256dh key must be a P-256 public key (65 bytes, base64url).')
				),
				auth: v.pipe(
					v.string(MISSING.auth),
					v.check(
						(value) => base64urlBytes(value)?.length === 16,
						'The auth secret must be 16 bytes in base64url.'
					)
				)
			},
			objectMessage(MISSING.keys)
		)
	},
	objectMessage('The body must be a push subscription, as PushSubscription.toJSON() gives it.')
);

export type PushSubscriptionInput = v.InferOutput<typeof pushSubscriptionSchema>;

/** The subscription checked, or the first problem as a sentence. */
export function parsePushSubscription(
	input: unknown
): { ok: true; subscription: PushSubscriptionInput } | { ok: false; message: string } {
	const result = v.safeParse(pushSubscriptionSchema, input);
	if (result.success) return { ok: true, subscription: result.output };
	return { ok: false, message: result.issues[0].message };
}

/**
 * Keeps this browser's subscription for the person. An endpoint is one browser profile: if it
 * was someone else's (another person signed in on the same browser), it moves to this person.
 * Past MAX_DEVICES_PER_PERSON, the device reached least recently is dropped.
 */
export function subscribePush(
	userId: string,
	subscription: PushSubscriptionInput,
	userAgent: string,
	now = Date.now()
): string {
	return getDb().transaction((tx) => {
		const row = tx
			.insert(pushSubscriptions)
			.values({
				id: newId(),
				userId,
				endpoint: subscription.endpoint,
				p256dh: subscription.keys.p256dh,
				auth: subscription.keys.auth,
				userAgent: userAgent.slice(0, 300),
				createdAt: new Date(now)
			})
			.onConflictDoUpdate({
				target: pushSubscriptions.endpoint,
				set: {
					userId,
					p256dh: subscription.keys.p256dh,
					auth: subscription.keys.auth,
					userAgent: userAgent.slice(0, 300),
					failures: 0
				}
			})
			.returning({ id: pushSubscriptions.id })
			.get();
		const devices = tx
			.select({ n: count() })
			.from(pushSubscriptions)
			.where(eq(pushSubscriptions.userId, userId))
			.get()!.n;
		if (devices > MAX_DEVICES_PER_PERSON) {
			const oldest = tx
				.select({ id: pushSubscriptions.id })
				.from(pushSubscriptions)
				.where(and(eq(pushSubscriptions.userId, userId), sql`${pushSubscriptions.id} <> ${row.id}`))
				.orderBy(
					asc(sql`coalesce(${pushSubscriptions.lastSuccessAt}, ${pushSubscriptions.createdAt})`)
				)
				.limit(devices - MAX_DEVICES_PER_PERSON)
				.all();
			tx.delete(pushSubscriptions)
				.where(
					inArray(
						pushSubscriptions.id,
						oldest.map((o) => o.id)
					)
				)
				.run();
		}
		return row.id;
	});
}

/** Forgets one of the person's subscriptions by its endpoint; false when it is not theirs. */
export function unsubscribePush(userId: string, endpoint: string): boolean {
	return (
		getDb()
			.delete(pushSubscriptions)
			.where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)))
			.run().changes > 0
	);
}

export type PushDevice = Pick<
	typeof pushSubscriptions.$inferSelect,
	'id' | 'endpoint' | 'userAgent' | 'createdAt' | 'lastSuccessAt'
>;

/** The person's subscribed devices, newest first. */
export function listPushDevices(userId: string): PushDevice[] {
	return getDb()
		.select({
			id: pushSubscriptions.id,
			endpoint: pushSubscriptions.endpoint,
			userAgent: pushSubscriptions.userAgent,
			createdAt: pushSubscriptions.createdAt,
			lastSuccessAt: pushSubscriptions.lastSuccessAt
		})
		.from(pushSubscriptions)
		.where(eq(pushSubscriptions.userId, userId))
		.orderBy(sql`${pushSubscriptions.createdAt} desc`)
		.all();
}

/** A device as the settings page lists it (its endpoint stays on the server). */
export type PushDeviceView = {
	id: string;
	/** Its push service address: the page compares the browser's own subscription with it. */
	endpoint: string;
	/** Its browser and system, read from the agent it subscribed with. */
	device: Device;
	/** This browser's own subscription (by the cookie set when it subscribed). */
	current: boolean;
	createdAt: number;
	/** When a notification last reached it; null when none has yet. */
	lastSuccessAt: number | null;
};

/**
 * What the settings page needs: the key to subscribe with, and the person's devices, named, for
 * their list (`thisEndpoint`: this browser's, from its cookie).
 */
export function pushSettingsOf(
	userId: string,
	thisEndpoint: string | undefined
): { publicKey: string; devices: PushDeviceView[] } {
	return {
		publicKey: vapidPublicKey(),
		devices: listPushDevices(userId).map((device) => ({
			id: device.id,
			endpoint: device.endpoint,
			device: describeUserAgent(device.userAgent),
			current: device.endpoint === thisEndpoint,
			createdAt: device.createdAt.getTime(),
			lastSuccessAt: device.lastSuccessAt?.getTime() ?? null
		}))
	};
}

/**
 * Forgets one of the person's devices by its id (a phone they lost, a browser they no longer
 * use): it gets nothing more. Returns its endpoint, or null when it is not theirs (or gone).
 */
export function removePushDevice(userId: string, deviceId: string): string | null {
	const removed = getDb()
		.delete(pushSubscriptions)
		.where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.id, deviceId)))
		.returning({ endpoint: pushSubscriptions.endpoint })
		.get();
	return removed?.endpoint ?? null;
}

/**
 * This browser's own endpoint, kept in a cookie when it subscribes so that logging out forgets
 * it: on a shared computer, the next person must not see the last one's notifications.
 */
export const PUSH_ENDPOINT_COOKIE = 'hameau_push_endpoint';

const cookieOptions = (url: URL) =>
	({ path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' }) as const;

/** Notes (or, with null, forgets) which endpoint is this browser's. */
export function rememberPushEndpoint(cookies: Cookies, url: URL, endpoint: string | null): void {
	if (endpoint === null) cookies.delete(PUSH_ENDPOINT_COOKIE, cookieOptions(url));
	else {
		const expires = new Date(Date.now() + 400 * 24 * 60 * 60 * 1000);
		cookies.set(PUSH_ENDPOINT_COOKIE, endpoint, { ...cookieOptions(url), expires });
	}
}

/** At log-out: this browser stops receiving the person's notifications. */
export function unsubscribeThisBrowser(cookies: Cookies, url: URL, userId: string): void {
	const endpoint = cookies.get(PUSH_ENDPOINT_COOKIE);
	if (!endpoint) return;
	unsubscribePush(userId, endpoint);
	rememberPushEndpoint(cookies, url, null);
}

// ---------------------------------------------------------------------------------------------
// Sending

type NotificationRow = typeof notifications.$inferSelect;

/** What the service worker receives (src/service-worker.ts): nothing beyond the text and link. */
export type PushPayload = { title: string; body: string; link: string; tag: string };

/**
 * How long a push service keeps a message for a device that is off, and how soon it wakes the
 * device: a knock is worth nothing after a few minutes, a stand-up once its round is over;
 * the rest is still worth reading tomorrow morning. The centre keeps every one anyway.
 */
const DELIVERY: Record<NotificationKind, { ttlSeconds: number; urgency: Urgency }> = {
	knock: { ttlSeconds: 5 * 60, urgency: 'high' },
	standup_live: { ttlSeconds: 60 * 60, urgency: 'high' },
	standup_open: { ttlSeconds: 60 * 60, urgency: 'normal' },
	house_room_joined: { ttlSeconds: 60 * 60, urgency: 'normal' },
	mention: { ttlSeconds: 24 * 60 * 60, urgency: 'normal' },
	task_assigned: { ttlSeconds: 24 * 60 * 60, urgency: 'normal' },
	blocker_carried: { ttlSeconds: 24 * 60 * 60, urgency: 'normal' },
	standup_not_held: { ttlSeconds: 24 * 60 * 60, urgency: 'normal' },
	room_invite: { ttlSeconds: 24 * 60 * 60, urgency: 'normal' },
	statement_ready: { ttlSeconds: 24 * 60 * 60, urgency: 'low' }
};

type Delivery = {
	subscription: typeof pushSubscriptions.$inferSelect;
	payload: string;
	ttlSeconds: number;
	urgency: Urgency;
};

/** The deliveries waiting and under way, one queue per process. */
class PushQueue {
	private readonly waiting: Delivery[] = [];
	private active = 0;
	private idleWaiters: Array<() => void> = [];

	add(delivery: Delivery): void {
		if (this.waiting.length >= MAX_WAITING) {
			logger().warn({ subscriptionId: delivery.subscription.id }, 'push queue full: dropped');
			return;
		}
		this.waiting.push(delivery);
		this.next();
	}

	/** Resolves once nothing is waiting or under way (tests; shutdown could wait on it too). */
	idle(): Promise<void> {
		if (this.active === 0 && this.waiting.length === 0) return Promise.resolve();
		return new Promise((done) => this.idleWaiters.push(done));
	}

	private next(): void {
		while (this.active < CONCURRENCY && this.waiting.length > 0) {
			const delivery = this.waiting.shift()!;
			this.active += 1;
			void send(delivery).finally(() => {
				this.active -= 1;
				this.next();
				if (this.active === 0 && this.waiting.length === 0) {
					const waiters = this.idleWaiters;
					this.idleWaiters = [];
					for (const done of waiters) done();
				}
			});
		}
	}
}

function queue(): PushQueue {
	return processSingleton('hameau.push.queue', () => new PushQueue());
}

/** Resolves once every push delivery started so far has finished (for tests). */
export function pushDeliveriesSettled(): Promise<void> {
	return queue().idle();
}

/** A new notification for push, with its sentence in the person's language. */
export type PushedNotification = { row: NotificationRow; text: string };

/**
 * Queues new notifications, each with its sentence in the person's language, for their
 * subscribed devices (read in one query for everyone), unless a tab of theirs that would ring for
 * it is open (an open tab shows its own browser notification: no double ring). deliver() has
 * checked that push is on for each one's kind and that its person is not in do-not-disturb.
 * Never throws: notify() goes on.
 */
export function pushNotifications(pushed: readonly PushedNotification[]): void {
	try {
		// Notifications of no company reach no tab (deliver() sends them nowhere live).
		const due = pushed.filter(
			({ row }) => row.companyId === null || !liveHub().isConnected(row.userId, row.companyId)
		);
		if (due.length === 0) return;
		const devices = subscriptionsOf([...new Set(due.map(({ row }) => row.userId))]);
		if (devices.size === 0) return;
		const names = companyNamesById(
			due.flatMap(({ row }) => (row.companyId ? [row.companyId] : []))
		);
		for (const { row, text } of due) {
			const payload: PushPayload = {
				// The company it is from: a phone's list of notifications names no page around them.
				title: (row.companyId && names.get(row.companyId)) || 'Hameau',
				body: text.length > MAX_BODY_LENGTH ? `${text.slice(0, MAX_BODY_LENGTH - 1)}…` : text,
				link: row.link,
				tag: row.id
			};
			const json = JSON.stringify(payload);
			for (const subscription of devices.get(row.userId) ?? []) {
				queue().add({ subscription, payload: json, ...DELIVERY[row.kind] });
			}
		}
	} catch (error) {
		logger().error(
			{ err: error, notificationIds: pushed.map(({ row }) => row.id) },
			'push notifications not queued'
		);
	}
}

/** Each of these people's subscribed devices (those with none are left out). */
function subscriptionsOf(
	userIds: readonly string[]
): Map<string, Array<typeof pushSubscriptions.$inferSelect>> {
	const rows = prepared(getDb(), 'push-subscriptions-of', (db) =>
		db
			.select()
			.from(pushSubscriptions)
			.where(inJsonArray(pushSubscriptions.userId, 'userIds'))
			.prepare()
	).all({ userIds: JSON.stringify(userIds) });
	return groupBy(rows, (row) => row.userId);
}

/** Sends one delivery and keeps what its answer says about the subscription. */
async function send({ subscription, payload, ttlSeconds, urgency }: Delivery): Promise<void> {
	let status: number;
	try {
		const request = webpush.generateRequestDetails(
			{
				endpoint: subscription.endpoint,
				keys: { p256dh: subscription.p256dh, auth: subscription.auth }
			},
			payload,
			{ vapidDetails: vapidDetails(), TTL: ttlSeconds, urgency, contentEncoding: 'aes128gcm' }
		);
		const headers = new Headers();
		for (const [name, value] of Object.entries(request.headers)) {
			// fetch sets the length from the body itself.
			if (name.toLowerCase() !== 'content-length') headers.set(name, String(value));
		}
		const response = await fetch(request.endpoint, {
			method: 'POST',
			headers,
			body: request.body ? new Uint8Array(request.body) : null,
			// A push service answers; it does not send us elsewhere (nor anywhere inside).
			redirect: 'manual',
			signal: AbortSignal.timeout(SEND_TIMEOUT_MS)
		});
		status = response.status;
		// The answer's body says nothing we use; read it so the connection is freed.
		await response.arrayBuffer();
	} catch (error) {
		logger().warn({ err: error, subscriptionId: subscription.id }, 'push delivery failed');
		recordFailure(subscription.id);
		return;
	}
	if (status >= 200 && status < 300) recordSuccess(subscription.id);
	else if (status === 404 || status === 410) {
		// The browser unsubscribed or the subscription expired: it will never work again.
		getDb().delete(pushSubscriptions).where(eq(pushSubscriptions.id, subscription.id)).run();
	} else {
		logger().warn({ status, subscriptionId: subscription.id }, 'push service refused a delivery');
		recordFailure(subscription.id);
	}
}

function recordSuccess(id: string): void {
	getDb()
		.update(pushSubscriptions)
		.set({ lastSuccessAt: new Date(), failures: 0 })
		.where(eq(pushSubscriptions.id, id))
		.run();
}

function recordFailure(id: string): void {
	const db = getDb();
	db.transaction((tx) => {
		tx.update(pushSubscriptions)
			.set({ failures: sql`${pushSubscriptions.failures} + 1` })
			.where(eq(pushSubscriptions.id, id))
			.run();
		tx.delete(pushSubscriptions)
			.where(and(eq(pushSubscriptions.id, id), gte(pushSubscriptions.failures, MAX_FAILURES)))
			.run();
	});
}
