// The browser's side of /api/push/subscription, shared by PushSettings.svelte (the settings page)
// and the service worker (when the push service renews a subscription).
import { decodeBase64urlIgnorePadding } from '@oslojs/encoding';

/** The VAPID public key (base64url, as the server gives it) as the bytes pushManager takes. */
export function applicationServerKey(publicKey: string): Uint8Array<ArrayBuffer> {
	// Copied into a Uint8Array of its own ArrayBuffer, the type pushManager.subscribe takes.
	return new Uint8Array(decodeBase64urlIgnorePadding(publicKey));
}

/** Was this subscription made with this key? One made with an older key can never be used. */
export function samePushKey(
	subscription: Pick<PushSubscription, 'options'>,
	publicKey: string
): boolean {
	const used = subscription.options.applicationServerKey;
	if (!used) return false;
	const expected = applicationServerKey(publicKey);
	const actual = new Uint8Array(used);
	return actual.length === expected.length && actual.every((byte, i) => byte === expected[i]);
}

/** The fetch() arguments that post or delete this browser's subscription. */
export function subscriptionRequest(
	method: 'POST' | 'DELETE',
	body: PushSubscriptionJSON | { endpoint: string }
): [string, RequestInit] {
	return [
		'/api/push/subscription',
		{ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }
	];
}
