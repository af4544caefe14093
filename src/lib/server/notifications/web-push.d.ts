// web-push ships no types: the little of it Hameau uses (push.ts, push-keys.ts).
declare module 'web-push' {
	export type Urgency = 'very-low' | 'low' | 'normal' | 'high';

	export interface PushSubscription {
		endpoint: string;
		keys: { p256dh: string; auth: string };
	}

	export interface RequestOptions {
		vapidDetails: { subject: string; publicKey: string; privateKey: string };
		/** Seconds the push service keeps the message while the device is unreachable. */
		TTL: number;
		urgency: Urgency;
		contentEncoding?: 'aes128gcm' | 'aesgcm';
	}

	export interface RequestDetails {
		method: 'POST';
		headers: Record<string, string | number>;
		body: Buffer | null;
		endpoint: string;
	}

	/** Encrypts the payload and signs the VAPID JWT, without sending anything. */
	export function generateRequestDetails(
		subscription: PushSubscription,
		payload: string | Buffer | null,
		options: RequestOptions
	): RequestDetails;

	export function generateVAPIDKeys(): { publicKey: string; privateKey: string };

	const webpush: {
		generateRequestDetails: typeof generateRequestDetails;
		generateVAPIDKeys: typeof generateVAPIDKeys;
	};
	export default webpush;
}
