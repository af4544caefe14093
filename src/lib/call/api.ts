// The two calls a call page makes to the app: a media token, and saving a chat message.
import { m } from '$lib/paraglide/messages';

/** The app refused a token (not allowed in the room, or it is gone). */
export class RefusedError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
		this.name = 'RefusedError';
	}
}

/**
 * POSTs to the room's token URL for the media server's address and a token. Throws a message to
 * show when the media server is unavailable, and a RefusedError when the app says no.
 */
export async function fetchToken(
	tokenUrl: string,
	roomDevice: boolean
): Promise<{ url: string; token: string }> {
	const response = await fetch(tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ roomDevice })
	});
	if (response.status === 503) throw new Error(m.video_unavailable());
	if (!response.ok) {
		throw new RefusedError(response.status, `${response.status} ${await response.text()}`);
	}
	return (await response.json()) as { url: string; token: string };
}

/** Saves a chat message for the room's history; false when it could not be saved. */
export function saveChat(chatUrl: string, message: { id: string; body: string }): Promise<boolean> {
	return fetch(chatUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(message)
	}).then(
		(response) => response.ok,
		() => false
	);
}
