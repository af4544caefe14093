// The editor works under the Content-Security-Policy (nothing it needs is refused), and a link
// another client wrote with a disguised javascript: address is shown without it.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { appendLinkedParagraph } from '../helpers/linked-text';
import { expectNoncePolicy, expectNoPolicyViolations, watchedOwner } from './policy-support';

const TITLE = 'Notes sous politique';

const editorOf = (page: Page) => page.getByRole('textbox', { name: `Content of ${TITLE}` });
const statusOf = (page: Page) => page.getByRole('status', { name: 'Sync status' });

/** A raw Yjs client with the person's cookies, as a script outside the app could run one. */
function rawClient(baseUrl: string, documentId: string, cookie: string): WebsocketProvider {
	class CookieWebSocket extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie } });
		}
	}
	return new WebsocketProvider(
		`${baseUrl.replace(/^http/, 'ws')}/collab`,
		documentId,
		new Y.Doc(),
		{
			WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		}
	);
}

test('someone writes a document and sees it saved, with no policy violation', async ({
	openProfile,
	baseURL
}) => {
	test.setTimeout(90_000);
	const { context, consoleSeen, page, slug } = await watchedOwner(
		openProfile,
		'Noémie Vidal',
		'Atelier des Politiques'
	);

	await page.goto(`/${slug}/documents`);
	await page.getByLabel('Title', { exact: true }).fill(TITLE);
	await page.getByRole('button', { name: 'Create document' }).click();
	await expect(page).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
	const documentUrl = page.url();
	await expect(statusOf(page)).toHaveText('Saved');

	await editorOf(page).click();
	await page.keyboard.type('Ordre du jour: la politique de sécurité.');
	await expect(statusOf(page)).toHaveText('Saved');

	// A fresh load (with its own nonce) shows what was typed, from the server.
	const reloaded = await page.reload();
	expectNoncePolicy(reloaded);
	await expect(editorOf(page)).toContainText('Ordre du jour: la politique de sécurité.');

	// Another client writes links with disguised addresses; the editor keeps the text only.
	const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join('; ');
	const provider = rawClient(baseURL!, documentUrl.split('/').at(-1)!, cookie);
	try {
		await expect.poll(() => provider.synced, { timeout: 10_000 }).toBe(true);
		appendLinkedParagraph(provider.doc, [
			['piège tab', 'java\tscript:window.__ran=1'],
			[' piège ctrl', '\x01javascript:window.__ran=2'],
			[' piège tel', 'tel:+33100000000'],
			[' site sûr', 'https://example.org/']
		]);
		await expect(editorOf(page)).toContainText('site sûr');
	} finally {
		provider.doc.destroy();
		provider.destroy();
	}
	const hrefs = await editorOf(page)
		.locator('a')
		.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
	expect(hrefs.filter((href) => href !== '')).toEqual(['https://example.org/']);
	expect(await page.evaluate(() => (window as { __ran?: number }).__ran)).toBeUndefined();

	await expectNoPolicyViolations([page], consoleSeen);
});
