// What the service worker makes of a Web Push message (src/service-worker.ts), apart from the
// worker so it can be tested. The server sends { title, body, link, tag } (notifications/push.ts,
// tag = the notification's id); the worker trusts none of it to be well formed.
import { safeReturnPath } from './safe-url';

export type PushMessage = {
	title: string;
	body: string;
	/** The notification's id: a second message with the same tag replaces the first on screen. */
	tag: string | undefined;
	/** Where a click leads, a path of this app. */
	target: string;
};

const text = (value: unknown, fallback: string) =>
	typeof value === 'string' && value.trim() !== '' ? value : fallback;

/** A path of this app (the rule of safe-url.ts), else the notification centre. */
const appPath = (value: unknown) =>
	safeReturnPath(typeof value === 'string' ? value : null, '/notifications');

/**
 * The notification to show for a message's data (already parsed from JSON, or null). A click goes
 * through /notifications/<id>, which marks it read and redirects to its place; without an id, to
 * the link itself; with neither, to the notification centre.
 */
export function readPushMessage(data: unknown): PushMessage {
	const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
	const tag =
		typeof record.tag === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(record.tag)
			? record.tag
			: undefined;
	return {
		title: text(record.title, 'Hameau'),
		body: text(record.body, ''),
		tag,
		target: tag ? `/notifications/${tag}` : appPath(record.link)
	};
}

/**
 * The absolute address a click on a shown notification opens, from what it carried
 * (`data.target`): only on this origin; anything else opens the notification centre.
 */
export function clickTarget(data: unknown, origin: string): string {
	return new URL(appPath((data as { target?: unknown } | null)?.target), origin).href;
}
