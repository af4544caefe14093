import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { MAX_PASTE_BYTES } from '../../src/routes/(app)/[company]/documents/[document]/paste-size';
import { expect, test } from './fixtures';
import { createDocumentNamed, postCompany, postSignUp, uniqueEmail } from './support';

// A paste larger than the collaboration server takes in one frame used to be sent anyway: the
// server closed the socket, every reconnection sent it again, and nothing typed after it was
// ever saved, under an endless "Offline". Now the editor refuses it and says why.

const TITLE = 'Inventaire';
const editorOf = (page: Page) => page.getByRole('textbox', { name: `Content of ${TITLE}` });
const statusOf = (page: Page) => page.getByRole('status', { name: 'Sync status' });

/** Pastes `text` into the editor as the browser does from the clipboard. */
async function paste(page: Page, text: string) {
	await editorOf(page).evaluate((editor, pasted) => {
		const data = new DataTransfer();
		data.setData('text/plain', pasted);
		editor.dispatchEvent(
			new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
		);
	}, text);
}

test('a paste too large for the server is refused with a message, and the document stays saved', async ({
	page
}) => {
	await postSignUp(page, 'Pascale Collet', uniqueEmail('pascale'));
	const slug = await postCompany(page, `Coop ${Date.now().toString(36)}`);
	await createDocumentNamed(page, slug, TITLE);

	await editorOf(page).click();
	await page.keyboard.type('Début.');
	await expect(statusOf(page)).toHaveText('Saved');

	// Paragraphs of a spreadsheet's export: well over the limit as a Yjs update.
	const rows = Math.ceil((MAX_PASTE_BYTES * 1.5) / 40);
	const huge = Array.from({ length: rows }, (_, n) => `ligne ${n};quantité;prix;remarque`).join(
		'\n\n'
	);
	await paste(page, huge);
	await expect(page.getByRole('alert')).toContainText(
		'This is too large to paste into a shared document'
	);
	await expect(page.getByRole('alert')).toContainText('1 MB at most');
	await expect(editorOf(page)).toHaveText('Début.');
	await expect(statusOf(page)).toHaveText('Saved');

	// A paste of a reasonable size goes in, is saved, and the message goes away.
	await paste(page, ' Suite collée.');
	await expect(editorOf(page)).toHaveText('Début. Suite collée.');
	await expect(page.getByRole('alert')).toHaveCount(0);
	await expect(statusOf(page)).toHaveText('Saved');

	await page.reload();
	await expect(editorOf(page)).toHaveText('Début. Suite collée.');
	await expect(statusOf(page)).toHaveText('Saved');
});

test('a change kept on this device that the server cannot take stops the editor with a notice, not an endless “Offline”', async ({
	page
}) => {
	await postSignUp(page, 'Paul Collet', uniqueEmail('paul'));
	const slug = await postCompany(page, `Coop ${Date.now().toString(36)}`);
	await createDocumentNamed(page, slug, TITLE);
	const documentUrl = page.url();
	const documentId = documentUrl.split('/').at(-1)!;
	await editorOf(page).click();
	await page.keyboard.type('Début.');
	await expect(statusOf(page)).toHaveText('Saved');
	await page.goto(`/${slug}/documents`);

	// What an older editor (before the paste guard) left in this browser's offline copy: a change
	// larger than the server's frame limit, which goes out with the next connection.
	const large = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	large.getXmlFragment('default').insert(0, [paragraph]);
	const words = new Y.XmlText();
	paragraph.insert(0, [words]);
	words.insert(0, 'x'.repeat(2.5 * 1024 * 1024));
	const update = Buffer.from(Y.encodeStateAsUpdate(large)).toString('base64');
	await page.evaluate(
		async ({ name, base64 }) => {
			const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const opening = indexedDB.open(name);
				opening.onsuccess = () => resolve(opening.result);
				opening.onerror = () => reject(opening.error);
			});
			await new Promise<void>((resolve, reject) => {
				const adding = db.transaction('updates', 'readwrite').objectStore('updates');
				const request = adding.add(bytes);
				request.onsuccess = () => resolve();
				request.onerror = () => reject(request.error);
			});
			db.close();
		},
		{ name: `hameau-doc-${documentId}`, base64: update }
	);

	let sockets = 0;
	page.on('websocket', (socket) => {
		if (socket.url().endsWith(`/collab/${documentId}`)) sockets += 1;
	});
	await page.goto(documentUrl);
	await expect(statusOf(page)).toHaveText('Not saved');
	await expect(page.getByRole('alert')).toContainText(
		'A change made on this device is too large for the server to accept'
	);
	// Read-only from then on, so that nothing more is typed in vain.
	await expect(editorOf(page)).toHaveAttribute('contenteditable', 'false');
	// y-websocket retries a closed connection after 100 ms, then backs off; the editor must not.
	// Nothing to await here but time: it is the absence of a retry that is checked.
	await page.waitForTimeout(2000);
	expect(sockets).toBe(1);
});
