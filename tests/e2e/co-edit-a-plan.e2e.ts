import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postInvitationLink, postJoin, postSignUp, uniqueEmail } from './support';

const TITLE = 'Plan de la semaine';

const editorOf = (page: Page) => page.getByRole('textbox', { name: `Content of ${TITLE}` });
const statusOf = (page: Page) => page.getByRole('status', { name: 'Sync status' });

/** The document's text, without the other people's caret labels drawn inside the editor. */
function documentText(page: Page): Promise<string> {
	return editorOf(page).evaluate((editor) => {
		const copy = editor.cloneNode(true) as HTMLElement;
		for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
		return copy.textContent ?? '';
	});
}

/** Puts the caret at the very end of the document and types there. */
async function typeAtEnd(page: Page, text: string) {
	await editorOf(page).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

test('two colleagues co-edit a plan, keep writing offline, and restore a named version', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const owner = await openProfile();
	const guest = await openProfile();

	await postSignUp(owner, 'Margaux Lefèvre', uniqueEmail('owner'));
	const slug = await postCompany(owner, 'Coopérative des Écrins');
	const link = await postInvitationLink(owner, slug);
	await postJoin(guest, link, 'Bastien Roux');

	// The owner starts a weekly plan from its template.
	await owner.goto(`/${slug}/documents`);
	await owner.getByLabel('Title', { exact: true }).fill(TITLE);
	await owner.getByLabel('Start from').selectOption('weekly_plan');
	await owner.getByRole('button', { name: 'Create document' }).click();
	await expect(owner).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
	const documentUrl = owner.url();
	await expect(editorOf(owner).getByRole('heading', { name: 'Goals for the week' })).toBeVisible();
	await expect(statusOf(owner)).toHaveText('Saved');

	// The colleague finds it in the list, with who edited it last.
	await guest.goto(`/${slug}/documents`);
	await expect(guest.getByRole('listitem').filter({ hasText: TITLE })).toContainText(
		'by Margaux Lefèvre'
	);
	await guest.getByRole('link', { name: TITLE }).click();
	await expect(guest).toHaveURL(documentUrl);
	await expect(statusOf(guest)).toHaveText('Saved');

	// Each sees the other's text and named caret, and who is in the document now.
	await typeAtEnd(owner, 'Margaux: bring the projector.');
	await expect(editorOf(guest)).toContainText('Margaux: bring the projector.');
	await typeAtEnd(guest, ' Bastien: book the room.');
	await expect(editorOf(owner)).toContainText('Bastien: book the room.');
	await expect(
		owner.locator('.collaboration-carets__label', { hasText: 'Bastien Roux' })
	).toBeVisible();
	await typeAtEnd(owner, ' Ok.');
	await expect(
		guest.locator('.collaboration-carets__label', { hasText: 'Margaux Lefèvre' })
	).toBeVisible();
	const ownerPeers = owner.getByRole('list', { name: 'In this document now' });
	await expect(ownerPeers).toContainText('Bastien Roux, no home house');
	await expect(ownerPeers).toContainText('Margaux Lefèvre (you), no home house');
	await expect(statusOf(owner)).toHaveText('Saved');
	await expect(statusOf(guest)).toHaveText('Saved');

	// The colleague loses the network; both keep typing.
	await guest.context().setOffline(true);
	await expect(statusOf(guest)).toHaveText('Offline — everything is saved');
	await typeAtEnd(guest, ' Written on the train.');
	await expect(statusOf(guest)).toHaveText('Offline — unsaved changes kept on this device');
	await typeAtEnd(owner, ' Written at the house.');
	await expect(statusOf(owner)).toHaveText('Saved');
	await expect(editorOf(guest)).not.toContainText('Written at the house.');

	// Back online: both converge to the same text, with both offline-time sentences.
	await guest.context().setOffline(false);
	await expect(statusOf(guest)).toHaveText('Saved', { timeout: 15_000 });
	await expect(editorOf(owner)).toContainText('Written on the train.');
	await expect(editorOf(guest)).toContainText('Written at the house.');
	await expect
		.poll(async () => (await documentText(owner)) === (await documentText(guest)))
		.toBe(true);
	const converged = await documentText(owner);

	// The owner saves a named version from the history page (in another tab).
	const history = await owner.context().newPage();
	await history.goto(`${documentUrl}/history`);
	await history.getByLabel('Version name').fill('Avant le train');
	await history.getByRole('button', { name: 'Save a named version' }).click();
	await expect(history.getByText('Version “Avant le train” saved.')).toBeVisible();

	// The colleague changes the text afterwards.
	await typeAtEnd(guest, ' A change to undo.');
	await expect(editorOf(owner)).toContainText('A change to undo.');
	await expect(statusOf(guest)).toHaveText('Saved');

	// The owner looks at the version and restores it; the colleague sees it live.
	await history.reload();
	await history.getByRole('link', { name: 'View “Avant le train”' }).click();
	await expect(history.getByText('Written on the train.')).toBeVisible();
	await expect(history.getByText('A change to undo.')).toHaveCount(0);
	await history.getByRole('button', { name: 'Restore this version' }).click();
	await history
		.getByRole('alertdialog')
		.getByRole('button', { name: 'Restore this version' })
		.click();
	await expect(history.getByText('The document is back to “Avant le train”.')).toBeVisible();

	await expect(editorOf(guest)).not.toContainText('A change to undo.');
	await expect(editorOf(guest)).toContainText('Written on the train.');
	await expect(editorOf(owner)).not.toContainText('A change to undo.');
	await expect.poll(() => documentText(guest)).toBe(converged);
	await expect.poll(() => documentText(owner)).toBe(converged);
});
