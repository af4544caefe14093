// What the service worker shows for a push message and where a click on it leads: only this
// app's paths, whatever the message carries.
import { describe, expect, it } from 'vitest';
import { clickTarget, readPushMessage } from '../../src/lib/push-message';
import { applicationServerKey, samePushKey } from '../../src/lib/push-client';

const ORIGIN = 'https://hameau.example.org';

describe('readPushMessage', () => {
	it('shows the text and leads through the notification, which marks it read', () => {
		expect(
			readPushMessage({
				title: 'Hameau',
				body: 'Ana mentioned you',
				link: '/acme/x',
				tag: 'abc123'
			})
		).toEqual({
			title: 'Hameau',
			body: 'Ana mentioned you',
			tag: 'abc123',
			target: '/notifications/abc123'
		});
	});

	it('falls back to the link, then to the centre, and never leaves the app', () => {
		expect(readPushMessage({ body: 'x', link: '/acme/x' }).target).toBe('/acme/x');
		expect(readPushMessage({ body: 'x', link: 'https://evil.example/' }).target).toBe(
			'/notifications'
		);
		expect(readPushMessage({ body: 'x', link: '//evil.example/' }).target).toBe('/notifications');
		expect(readPushMessage({ tag: '../../logout' }).target).toBe('/notifications');
		expect(readPushMessage(null)).toEqual({
			title: 'Hameau',
			body: '',
			tag: undefined,
			target: '/notifications'
		});
	});
});

describe('clickTarget', () => {
	it('opens paths of this origin only', () => {
		expect(clickTarget({ target: '/notifications/abc' }, ORIGIN)).toBe(
			`${ORIGIN}/notifications/abc`
		);
		expect(clickTarget({ target: '//evil.example/x' }, ORIGIN)).toBe(`${ORIGIN}/notifications`);
		expect(clickTarget({ target: 'javascript:alert(1)' }, ORIGIN)).toBe(`${ORIGIN}/notifications`);
		expect(clickTarget(undefined, ORIGIN)).toBe(`${ORIGIN}/notifications`);
	});
});

describe('the VAPID key in the browser', () => {
	it('decodes the base64url key and recognises a subscription made with it', () => {
		const key = Buffer.alloc(65, 9);
		key[0] = 4;
		const encoded = key.toString('base64url');
		expect(Buffer.from(applicationServerKey(encoded))).toEqual(key);
		const made = (bytes: Uint8Array) => ({
			options: { applicationServerKey: bytes.buffer as ArrayBuffer, userVisibleOnly: true }
		});
		expect(samePushKey(made(new Uint8Array(key)), encoded)).toBe(true);
		expect(samePushKey(made(new Uint8Array(65)), encoded)).toBe(false);
		expect(
			samePushKey({ options: { applicationServerKey: null, userVisibleOnly: true } }, encoded)
		).toBe(false);
	});
});
