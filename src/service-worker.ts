/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The installable app's worker: the built app comes from the cache once fetched, and a page that
// cannot be reached shows the offline page instead of the browser's error. Which request gets what is
// decided in $lib/offline/requests.ts; nothing with someone's data is ever stored. Documents keep
// their own offline copy in IndexedDB (y-indexeddb), which this worker does not touch.
import { build, files, version } from '$service-worker';
import { OFFLINE_PAGE, requestHandling } from '$lib/offline/requests';
import { applicationServerKey, subscriptionRequest } from '$lib/push-client';
import { clickTarget, readPushMessage } from '$lib/push-message';

const worker = self as unknown as ServiceWorkerGlobalScope;

// One cache per build: a new version fetches its own files and deletes the previous ones.
const CACHE = `hameau-${version}`;
const SHELL = new Set([...build, ...files]);

// Installing keeps what the offline page needs (the page, its styles, the icons), not the whole
// built app: that is 500 files (4 MB), a lot on a phone's data plan for a first visit, and each
// browser profile of the tests would fetch it all. The built files are kept as they are used.
worker.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll(files);
			await keepOfflinePage(cache);
			// A new build takes over at once: the old one's files are gone from the server anyway.
			await worker.skipWaiting();
		})()
	);
});

/** Fetches the offline page (in the language of the moment) and the stylesheets it links. */
async function keepOfflinePage(cache: Cache): Promise<void> {
	const response = await fetch(OFFLINE_PAGE);
	if (!response.ok) throw new Error(`${OFFLINE_PAGE} answered ${response.status}`);
	// SvelteKit links assets relative to the page (./_app/…): the page stands in for any address,
	// /acme/documents/x too, where those would point elsewhere, so they are made absolute.
	const html = (await response.text()).replace(/(href|src)="(?:\.\.?\/)+/g, '$1="/');
	const styles = [...html.matchAll(/<link[^>]+href="(\/[^"]+\.css)"/g)].map((match) => match[1]);
	await cache.addAll(styles.filter((path) => SHELL.has(path)));
	const headers = new Headers();
	for (const name of ['Content-Type', 'Content-Security-Policy']) {
		const value = response.headers.get(name);
		if (value) headers.set(name, value);
	}
	await cache.put(OFFLINE_PAGE, new Response(html, { headers }));
}

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			// Pages start loading while the worker wakes up, instead of after.
			await worker.registration.navigationPreload?.enable();
			// The page that installed the worker is covered too, not only the next ones.
			await worker.clients.claim();
		})()
	);
});

worker.addEventListener('fetch', (event) => {
	const { request } = event;
	const handling = requestHandling(
		{
			url: new URL(request.url),
			method: request.method,
			mode: request.mode,
			origin: worker.location.origin
		},
		SHELL
	);
	if (handling === 'shell') event.respondWith(fromCache(request));
	else if (handling === 'page') event.respondWith(page(event));
});

async function fromCache(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(request);
	if (cached) return cached;
	const response = await fetch(request);
	// Built files never change under their name: kept once fetched, until the next build.
	if (response.ok) await cache.put(request, response.clone());
	return response;
}

async function page(event: FetchEvent): Promise<Response> {
	try {
		const preloaded = (await event.preloadResponse) as Response | undefined;
		return preloaded ?? (await fetch(event.request));
	} catch (error) {
		// Only a network failure lands here (an HTTP error is a response): no server to ask.
		const offline = await caches.match(OFFLINE_PAGE, { cacheName: CACHE });
		if (offline) return offline;
		throw error;
	}
}

// The offline page speaks the language it was fetched in: the layout says which one is in use,
// and the page is fetched again when that changed.
worker.addEventListener('message', (event) => {
	const data = event.data as { type?: string; locale?: string } | null;
	if (data?.type !== 'locale' || typeof data.locale !== 'string') return;
	const locale = data.locale;
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			const cached = await cache.match(OFFLINE_PAGE);
			if (cached && (await cached.text()).includes(`<html lang="${locale}"`)) return;
			await keepOfflinePage(cache);
		})()
	);
});

// Web Push (docs/features.md "Web Push"): the server sends a notification here when no Hameau
// tab of the person is open. Every push shows one (browsers require it of a subscription made
// with userVisibleOnly, and would show a vaguer one of their own otherwise).
worker.addEventListener('push', (event) => {
	let data: unknown = null;
	try {
		data = event.data?.json() ?? null;
	} catch (error) {
		// Not JSON: still shown, as a plain "Hameau" leading to the notification centre.
		console.warn('push message is not JSON', error);
	}
	const message = readPushMessage(data);
	event.waitUntil(
		worker.registration.showNotification(message.title, {
			body: message.body,
			tag: message.tag,
			data: { target: message.target },
			icon: '/icons/icon-192.png'
		})
	);
});

// A click brings Hameau forward where it is already open, at the notification's place;
// otherwise it opens a window there.
worker.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const url = clickTarget(event.notification.data, worker.location.origin);
	event.waitUntil(showPage(url));
});

async function showPage(url: string): Promise<void> {
	const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
	const open = windows.find((client) => new URL(client.url).origin === worker.location.origin);
	if (open) {
		try {
			const focused = await open.focus();
			await focused.navigate(url);
			return;
		} catch (error) {
			// A window this worker does not control cannot be navigated from here: open one.
			console.warn('could not navigate the open window', error);
		}
	}
	await worker.clients.openWindow(url);
}

/** Not in TypeScript's lib yet (Firefox and Chromium fire it; newSubscription is Firefox's). */
type PushSubscriptionChangeEvent = ExtendableEvent & {
	readonly oldSubscription: PushSubscription | null;
	readonly newSubscription: PushSubscription | null;
};

// The push service renewed or dropped the subscription: subscribe again with the same key and
// tell the server, or this device would silently stop receiving.
worker.addEventListener('pushsubscriptionchange', (event) => {
	const change = event as PushSubscriptionChangeEvent;
	change.waitUntil(resubscribe(change.oldSubscription, change.newSubscription));
});

async function resubscribe(
	old: PushSubscription | null,
	renewed: PushSubscription | null
): Promise<void> {
	const subscription =
		renewed ??
		(await worker.registration.pushManager.subscribe({
			userVisibleOnly: true,
			applicationServerKey:
				old?.options.applicationServerKey ?? applicationServerKey(await serverKey())
		}));
	await sendSubscription('POST', subscription.toJSON());
	if (old && old.endpoint !== subscription.endpoint) {
		await sendSubscription('DELETE', { endpoint: old.endpoint });
	}
}

async function serverKey(): Promise<string> {
	const response = await fetch('/api/push/subscription');
	if (!response.ok) throw new Error(`/api/push/subscription answered ${response.status}`);
	return ((await response.json()) as { publicKey: string }).publicKey;
}

async function sendSubscription(
	method: 'POST' | 'DELETE',
	body: PushSubscriptionJSON | { endpoint: string }
): Promise<void> {
	const response = await fetch(...subscriptionRequest(method, body));
	// 404 on DELETE: already forgotten. Anything else is worth a line in the worker's console.
	if (!response.ok && !(method === 'DELETE' && response.status === 404)) {
		console.warn(`${method} /api/push/subscription answered ${response.status}`);
	}
}
