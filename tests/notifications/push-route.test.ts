// /api/push/subscription: the signed-in person's own subscriptions only, JSON only, and a 4xx
// with a sentence for anything that is not a browser's subscription.
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { makeUser } from '../helpers/factories';
import type { User } from '../../src/lib/server/db/schema';
import { listPushDevices } from '../../src/lib/server/notifications/push';
import { vapidPublicKey } from '../../src/lib/server/notifications/push-keys';
import { DELETE, GET, POST } from '../../src/routes/api/push/subscription/+server';
import { actions as logoutActions } from '../../src/routes/logout/+page.server';
import { browserKeys } from './push-service';

useTempDatabase();

type Handler = typeof POST;
const URL_ = 'http://hameau.test/api/push/subscription';

/** The browser's cookies, as SvelteKit's `cookies` shows them to a handler. */
const jar = new Map<string, string>();
const cookies = {
	get: (name: string) => jar.get(name),
	set: (name: string, value: string) => void jar.set(name, value),
	delete: (name: string) => void jar.delete(name)
};

/** Calls a handler as SvelteKit would; an error() thrown becomes its response. */
async function call(
	handler: Handler,
	user: User | null,
	init: { body?: unknown; contentType?: string; method?: string } = {}
): Promise<{ status: number; body: unknown }> {
	const headers = new Headers({ 'user-agent': 'Mozilla/5.0 (Android 15) Chrome/140.0' });
	if (init.body !== undefined) headers.set('content-type', init.contentType ?? 'application/json');
	const request = new Request(URL_, {
		method: init.method ?? 'POST',
		headers,
		body:
			init.body === undefined
				? undefined
				: typeof init.body === 'string'
					? init.body
					: JSON.stringify(init.body)
	});
	const event = { locals: { user }, request, url: new URL(URL_), cookies };
	try {
		const response = await handler(event as unknown as Parameters<Handler>[0]);
		const text = await response.text();
		return { status: response.status, body: text ? JSON.parse(text) : null };
	} catch (error) {
		if (isHttpError(error)) return { status: error.status, body: error.body };
		throw error;
	}
}

let person: User;
let other: User;
beforeAll(async () => {
	person = await makeUser('Pushy');
	other = await makeUser('Other');
});

const endpoint = (n: number) => `https://fcm.googleapis.com/fcm/send/device-${n}`;

describe('/api/push/subscription', () => {
	it('answers 401 to anyone signed out, whatever the method', async () => {
		const subscription = { endpoint: endpoint(0), keys: browserKeys().keys };
		for (const [handler, method] of [
			[GET, 'GET'],
			[POST, 'POST'],
			[DELETE, 'DELETE']
		] as const) {
			const body = method === 'GET' ? undefined : subscription;
			const answer = await call(handler, null, { method, body });
			expect(answer.status, method).toBe(401);
			expect(answer.body).toEqual({ message: expect.stringMatching(/Sign in/) });
		}
	});

	it('gives the VAPID public key the browser subscribes with', async () => {
		expect(await call(GET, person, { method: 'GET' })).toEqual({
			status: 200,
			body: { publicKey: vapidPublicKey() }
		});
	});

	it('keeps a valid subscription for the signed-in person, with their browser', async () => {
		const answer = await call(POST, person, {
			body: { endpoint: endpoint(1), keys: browserKeys().keys, expirationTime: null }
		});
		expect(answer.status).toBe(201);
		const [device] = listPushDevices(person.id);
		expect(device.endpoint).toBe(endpoint(1));
		expect(device.userAgent).toMatch(/Android/);
	});

	it('refuses what is not a subscription with 400 and a reason, and what is not JSON with 415', async () => {
		const { keys } = browserKeys();
		const cases: Array<[unknown, RegExp]> = [
			['{not json', /not valid JSON/],
			['"hello"', /push subscription/],
			[{ keys }, /endpoint is missing/],
			[{ endpoint: 'http://fcm.googleapis.com/x', keys }, /https/],
			[{ endpoint: endpoint(2) }, /keys are missing/],
			[{ endpoint: endpoint(2), keys: { ...keys, p256dh: 'AAAA' } }, /p256dh/],
			[{ endpoint: endpoint(2), keys: { p256dh: keys.p256dh } }, /auth secret is missing/]
		];
		for (const [body, message] of cases) {
			const answer = await call(POST, person, { body });
			expect(answer.status, JSON.stringify(body)).toBe(400);
			expect((answer.body as { message: string }).message).toMatch(message);
		}
		const asForm = await call(POST, person, {
			body: `endpoint=${encodeURIComponent(endpoint(3))}`,
			contentType: 'application/x-www-form-urlencoded'
		});
		expect(asForm.status).toBe(415);
		expect(listPushDevices(person.id).map((d) => d.endpoint)).toEqual([endpoint(1)]);
	});

	it('forgets only the person’s own subscription', async () => {
		const theirs = await call(DELETE, other, { method: 'DELETE', body: { endpoint: endpoint(1) } });
		expect(theirs.status).toBe(404);
		expect(listPushDevices(person.id)).toHaveLength(1);
		expect((await call(DELETE, person, { method: 'DELETE', body: {} })).status).toBe(400);
		const own = await call(DELETE, person, { method: 'DELETE', body: { endpoint: endpoint(1) } });
		expect(own.status).toBe(204);
		expect(listPushDevices(person.id)).toEqual([]);
	});

	it('forgets this browser’s subscription when the person logs out (a shared computer)', async () => {
		jar.clear();
		expect(
			(await call(POST, person, { body: { endpoint: endpoint(4), keys: browserKeys().keys } }))
				.status
		).toBe(201);
		expect(
			(await call(POST, person, { body: { endpoint: endpoint(5), keys: browserKeys().keys } }))
				.status
		).toBe(201);
		// This browser subscribed endpoint 5 last; endpoint 4 stands for another of their devices.
		expect(jar.get('hameau_push_endpoint')).toBe(endpoint(5));
		const headers: Record<string, string> = {};
		const logout = {
			locals: { user: person, session: null },
			cookies,
			setHeaders: (set: Record<string, string>) => Object.assign(headers, set),
			url: new URL('http://hameau.test/logout'),
			// The header's log-out form, which sends no `next`.
			request: new Request('http://hameau.test/logout', { method: 'POST', body: new FormData() })
		};
		let redirected = false;
		try {
			await logoutActions.default(logout as unknown as Parameters<typeof logoutActions.default>[0]);
		} catch (error) {
			if (!isRedirect(error)) throw error;
			redirected = true;
		}
		expect(redirected).toBe(true);
		expect(listPushDevices(person.id).map((d) => d.endpoint)).toEqual([endpoint(4)]);
		expect(jar.has('hameau_push_endpoint')).toBe(false);
		// And the browser is told to delete what the site stored in it (documents kept offline).
		expect(headers).toEqual({ 'clear-site-data': '"storage"' });
	});
});
