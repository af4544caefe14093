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
 * Why the app refused a token, in the page's language: the call says "Could not join the room:
 * <reason>". Before, it showed the answer's status and raw body ("404 {"message":"Not Found"}").
 */
export function refusalReason(status: number): string {
	if (status === 401) return m.video_refused_signed_out();
	if (status === 403 || status === 404) return m.video_refused_no_access();
	return m.video_refused_server();
}

/** Why a moderation (mute, remove, end) did not work, in the page's language; null when it did. */
export function moderationFailure(response: Response | null): string | null {
	if (response === null) return m.video_moderate_offline();
	if (response.ok) return null;
	if (response.status === 404) return m.video_moderate_not_in_room();
	if (response.status === 403) return m.video_moderate_not_allowed();
	if (response.status === 503) return m.video_unavailable();
	return m.video_moderate_media_failed();
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
	if (!response.ok) throw new RefusedError(response.status, refusalReason(response.status));
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
