// The bell's state in the browser: the unread count the layout loaded, kept current by the
// notifications that arrive on the company's live channel, and the browser notifications shown
// for them while the tab is hidden. Made by the root layout and shared through context, since the
// header (root layout) shows what the company layout's live channel hears.
import { getContext, setContext } from 'svelte';
import type { NotificationView } from './live-events';

const CONTEXT_KEY = Symbol('hameau.notifications');

export class NotificationBell {
	/** The count the live channel sent, and the load it supersedes. */
	private heard = $state<{ over: number; unread: number } | null>(null);

	/**
	 * @param loaded the count of the latest load and when that load ran (read again after each
	 *   one: a new load, marking read say, supersedes what was heard before it)
	 */
	constructor(private readonly loaded: () => { unread: number; at: number }) {}

	get unread(): number {
		const loaded = this.loaded();
		return this.heard && this.heard.over === loaded.at ? this.heard.unread : loaded.unread;
	}

	/**
	 * A notification arrived live on `company`'s stream (its name): the count the server sent,
	 * and a ring when it says so.
	 */
	received(notification: NotificationView, unread: number, ring: boolean, company: string): void {
		this.heard = { over: this.loaded().at, unread };
		if (ring) showBrowserNotification(notification, company);
	}
}

/**
 * A browser notification, only while the page is hidden (a visible page shows the bell) and
 * only once the person allowed them (asked on the notifications page, never on first load).
 * Titled with the name of the company it is from, as a push is (push.ts): the system's list of
 * notifications shows no page around it, and someone in several companies could not tell.
 */
export function showBrowserNotification(notification: NotificationView, company: string): void {
	if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
	if (document.visibilityState !== 'hidden') return;
	const shown = new Notification(company || 'Hameau', {
		body: notification.text,
		tag: notification.id,
		icon: '/favicon.svg'
	});
	shown.onclick = () => {
		window.focus();
		location.assign(notification.link);
		shown.close();
	};
}

export function setNotificationBell(bell: NotificationBell): void {
	setContext(CONTEXT_KEY, bell);
}

export function getNotificationBell(): NotificationBell | undefined {
	return getContext<NotificationBell | undefined>(CONTEXT_KEY);
}
