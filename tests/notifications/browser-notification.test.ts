// The notification a hidden tab shows on screen (the Notification API): titled with the company
// the notification is from, as a push is, never "Hameau" — someone in several companies could
// not tell which one it is about.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotificationBell, showBrowserNotification } from '../../src/lib/notifications.svelte';
import type { NotificationView } from '../../src/lib/live-events';

/** What the page shows: every Notification constructed, with its title and options. */
function fakeBrowser(visibility: 'hidden' | 'visible') {
	const shown: Array<{ title: string; options: NotificationOptions }> = [];
	class FakeNotification {
		static permission = 'granted';
		onclick: (() => void) | null = null;
		constructor(title: string, options: NotificationOptions) {
			shown.push({ title, options });
		}
		close() {}
	}
	vi.stubGlobal('Notification', FakeNotification);
	vi.stubGlobal('document', { visibilityState: visibility });
	return shown;
}

afterEach(() => {
	vi.unstubAllGlobals();
});

const mention: NotificationView = {
	id: 'n1',
	kind: 'mention',
	text: 'Ana mentioned you in Plan',
	link: '/atelier/documents/d1',
	createdAt: 0,
	read: false
};

describe('a notification shown on screen while the tab is hidden', () => {
	it('is titled with the company it is from', () => {
		const shown = fakeBrowser('hidden');
		showBrowserNotification(mention, 'Atelier des Combes');
		expect(shown).toEqual([
			{
				title: 'Atelier des Combes',
				options: expect.objectContaining({ body: 'Ana mentioned you in Plan', tag: 'n1' })
			}
		]);
	});

	it('is titled so when it rings through the bell, from the company stream it came on', () => {
		const shown = fakeBrowser('hidden');
		const bell = new NotificationBell(() => ({ unread: 0, at: 1 }));
		bell.received(mention, 1, true, 'Coopérative du Causse');
		bell.received({ ...mention, id: 'n2' }, 2, false, 'Coopérative du Causse');
		expect(shown.map((notification) => notification.title)).toEqual(['Coopérative du Causse']);
		expect(bell.unread).toBe(2);
	});

	it('is not shown while the tab is visible (the bell says it)', () => {
		const shown = fakeBrowser('visible');
		showBrowserNotification(mention, 'Atelier des Combes');
		expect(shown).toEqual([]);
	});
});
