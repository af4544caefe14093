// Turning on notifications for when Hameau is closed, on /notifications/settings. Chromium's push
// service is Google's (FCM), out of reach here: the first test goes as far as the browser's own
// refusal to subscribe; the second stands in for the browser's push service (pushManager, which
// is outside Hameau) with a subscription made of real P-256 keys, to follow the rest — the server
// keeps it, the page says so after a reload and lists the device, another device (a lost phone) is
// removed from that list, and "Turn off" forgets this one. Delivery itself is tested
// against a local push service in tests/notifications/push.test.ts.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openE2eDatabase, postSignUp, signUpInFrench, uniqueEmail } from './support';

const ENDPOINT = `https://push.example.org/send/${Date.now().toString(36)}`;

/**
 * The browser's push service, stood in for: a subscription with real keys, kept in the page's
 * session storage so that a reload finds it, as a real one would be.
 */
async function standInForThePushService(page: Page) {
	await page.addInitScript((endpoint) => {
		const b64url = (bytes: ArrayBuffer) =>
			btoa(String.fromCharCode(...new Uint8Array(bytes)))
				.replaceAll('+', '-')
				.replaceAll('/', '_')
				.replace(/=+$/, '');
		const fake = (keys: { p256dh: string; auth: string }, serverKey: ArrayBuffer) => ({
			endpoint,
			expirationTime: null,
			options: { applicationServerKey: serverKey, userVisibleOnly: true },
			toJSON: () => ({ endpoint, expirationTime: null, keys }),
			unsubscribe: async () => {
				sessionStorage.removeItem('fake-push');
				return true;
			}
		});
		const stored = () => {
			const saved = sessionStorage.getItem('fake-push');
			if (!saved) return null;
			const { keys, serverKey } = JSON.parse(saved);
			return fake(keys, Uint8Array.from(serverKey as number[]).buffer);
		};
		PushManager.prototype.getSubscription = async () =>
			stored() as unknown as PushSubscription | null;
		PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
			const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
				'deriveBits'
			]);
			const p256dh = b64url(await crypto.subtle.exportKey('raw', pair.publicKey));
			const auth = b64url(crypto.getRandomValues(new Uint8Array(16)).buffer);
			const serverKey = [...new Uint8Array(options!.applicationServerKey as Uint8Array)];
			sessionStorage.setItem('fake-push', JSON.stringify({ keys: { p256dh, auth }, serverKey }));
			return stored() as unknown as PushSubscription;
		};
	}, ENDPOINT);
}

test('turning on push where the browser cannot reach its push service says so', async ({
	openProfile
}) => {
	const page = await openProfile({ permissions: ['notifications'] });
	await postSignUp(page, 'Claire Dumas', uniqueEmail('push-refused'));
	await page.goto('/notifications/settings');
	const section = page.getByRole('region', {
		name: 'Notifications on this device when Hameau is closed'
	});
	// The grid has the push column, on by default.
	await expect(
		page.getByRole('checkbox', { name: 'Mentioned in a document: Hameau closed' })
	).toBeChecked();
	await section.getByRole('button', { name: 'Turn on for this device' }).click();
	await expect(section.getByRole('alert')).toContainText(
		'This browser could not subscribe with its push service'
	);
	await expect(section.getByRole('button', { name: 'Turn on for this device' })).toBeEnabled();
});

test('turning push on and off for this device, on a phone', async ({ openProfile }) => {
	const page = await openProfile({
		permissions: ['notifications'],
		viewport: { width: 360, height: 740 }
	});
	await standInForThePushService(page);

	await postSignUp(page, 'Julien Marchand', uniqueEmail('push-on'));
	await page.goto('/notifications/settings');
	const section = page.getByRole('region', {
		name: 'Notifications on this device when Hameau is closed'
	});
	await section.getByRole('button', { name: 'Turn on for this device' }).click();
	await expect(section.getByText('On for this device.')).toBeVisible();
	await expect(section.getByRole('button', { name: 'Turn off' })).toBeInViewport();

	const db = openE2eDatabase();
	try {
		const kept = () =>
			db.prepare('select user_agent from push_subscriptions where endpoint = ?').get(ENDPOINT) as
				{ user_agent: string } | undefined;
		expect(kept()?.user_agent).toMatch(/Chrome/);

		// The devices that receive them: this one, named as its person knows it.
		const devices = section.getByRole('listitem');
		await expect(devices).toHaveCount(1);
		await expect(devices.first()).toContainText('Chrome on Linux');
		await expect(devices.first()).toContainText('This device');

		// A phone turned on weeks ago, and lost since: listed after a reload, removed from here.
		const userId = (
			db.prepare('select user_id from push_subscriptions where endpoint = ?').get(ENDPOINT) as {
				user_id: string;
			}
		).user_id;
		db.prepare(
			`insert into push_subscriptions (id, user_id, endpoint, p256dh, auth, user_agent, created_at)
			 values (?, ?, ?, 'key', 'auth', ?, ?)`
		).run(
			`lost-${Date.now()}`,
			userId,
			`${ENDPOINT}-lost-phone`,
			'Mozilla/5.0 (Android 15; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0',
			Date.now() - 21 * 24 * 3600 * 1000
		);
		await page.reload();
		await expect(section.getByText('On for this device.')).toBeVisible();
		await expect(devices).toHaveCount(2);
		const lost = devices.filter({ hasText: 'Firefox on Android' });
		await expect(lost).toContainText('Turned on 3 weeks ago · no notification yet');
		await expect(lost).not.toContainText('This device');
		await lost.getByRole('button', { name: 'Remove · Firefox on Android' }).click();
		await expect(section.getByText('Device removed: it will receive nothing more.')).toBeVisible();
		await expect(devices).toHaveCount(1);
		await expect(devices.first()).toContainText('This device');
		expect(
			db.prepare('select count(*) as n from push_subscriptions where user_id = ?').get(userId)
		).toEqual({ n: 1 });
		// This device still on.
		await expect(section.getByText('On for this device.')).toBeVisible();

		await section.getByRole('button', { name: 'Turn off' }).click();
		await expect(section.getByRole('button', { name: 'Turn on for this device' })).toBeVisible();
		expect(kept()).toBeUndefined();
		await expect(devices).toHaveCount(0);
	} finally {
		db.close();
	}
});

test('a browser without push is told how to get it, in French', async ({ openProfile }) => {
	const page = await openProfile({ locale: 'fr-FR', viewport: { width: 360, height: 740 } });
	await page.addInitScript(() => {
		// As Safari on an iPhone before Hameau is added to the home screen.
		delete (window as { PushManager?: unknown }).PushManager;
	});
	await signUpInFrench(page, 'Hélène Petit', uniqueEmail('push-fr'));
	await page.goto('/notifications/settings');
	const section = page.getByRole('region', {
		name: 'Notifications sur cet appareil quand Hameau est fermé'
	});
	await expect(section).toContainText('ajoutez d’abord Hameau à l’écran d’accueil');
	await expect(section.getByRole('button')).toHaveCount(0);
	await expect(
		page.getByRole('checkbox', { name: 'Mentionné dans un document : Hameau fermé' })
	).toBeChecked();
});

test('turning push on after the session ended says so in the page’s language', async ({
	openProfile
}) => {
	const page = await openProfile({
		locale: 'fr-FR',
		permissions: ['notifications'],
		viewport: { width: 360, height: 740 }
	});
	await standInForThePushService(page);
	await signUpInFrench(page, 'Hugo Besse', uniqueEmail('push-ended'));
	await page.goto('/notifications/settings');
	const section = page.getByRole('region', {
		name: 'Notifications sur cet appareil quand Hameau est fermé'
	});
	// Signed out elsewhere (or the session ran out) while the page stayed open.
	await page.context().clearCookies();
	await section.getByRole('button', { name: 'Activer sur cet appareil' }).click();
	await expect(section.getByRole('alert')).toHaveText(
		'Hameau n’a pas accepté cet appareil\u202f: votre session est terminée\u202f; reconnectez-vous, puis activez les notifications sur cet appareil.'
	);
});
