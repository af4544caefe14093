// How the app reaches LiveKit: an external deployment (LIVEKIT_URL) or the embedded media server.
// The rest of the app never knows which one answers.
import { RoomServiceClient } from 'livekit-server-sdk';
import { config } from '../config';

export type LiveKitKeys = { apiKey: string; apiSecret: string };

/** The API key and secret, or null when video is not configured in this process. */
export function liveKitKeys(): LiveKitKeys | null {
	const { apiKey, apiSecret } = config().livekit;
	return apiKey && apiSecret ? { apiKey, apiSecret } : null;
}

/**
 * The URL a browser connects to. External: LIVEKIT_URL. Embedded: the app's own origin over
 * ws(s), since the app forwards /rtc to the media server.
 */
export function browserLiveKitUrl(requestUrl: URL): string {
	const external = config().livekit.url;
	if (external) return external.replace(/^http/, 'ws');
	return `${requestUrl.protocol === 'https:' ? 'wss' : 'ws'}://${requestUrl.host}`;
}

/** The http(s) URL where the RoomService API answers from this machine, or null when unknown. */
export function liveKitApiUrl(): string | null {
	const { url, mediaApiUrl } = config().livekit;
	if (url) return url.replace(/^ws/, 'http');
	return mediaApiUrl ?? null;
}

let cached: { key: string; client: RoomServiceClient } | undefined;

/** The server-side RoomService client, or null while the media server's API is not known. */
export function roomService(): RoomServiceClient | null {
	const keys = liveKitKeys();
	const url = liveKitApiUrl();
	if (!keys || !url) return null;
	const key = `${url} ${keys.apiKey}`;
	if (cached?.key !== key) {
		cached = { key, client: new RoomServiceClient(url, keys.apiKey, keys.apiSecret) };
	}
	return cached.client;
}

/** Whether the error says the room or participant does not exist (Twirp not_found). */
export function isNotFound(error: unknown): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		((error as { status?: number }).status === 404 ||
			(error as { code?: string }).code === 'not_found')
	);
}
