import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
	companyWithColleague,
	createDocumentNamed,
	openE2eDatabase,
	postCompany,
	postSignUp,
	signOutEverywhereElse,
	uniqueEmail
} from './support';

const TITLE = 'Notes de la réunion';

const editorOf = (page: Page) => page.getByRole('textbox', { name: `Content of ${TITLE}` });
const statusOf = (page: Page) => page.getByRole('status', { name: 'Sync status' });

test('a colleague removed from the company while editing sees it at once and can no longer write', async ({
	openProfile
}) => {
	const owner = await openProfile();
	const guest = await openProfile();
	const slug = await companyWithColleague(owner, guest, {
		owner: 'Hélène Vidal',
		colleague: 'Paul Bonnet',
		company: 'Atelier des Causses'
	});
	await createDocumentNamed(owner, slug, TITLE);
	await guest.goto(owner.url());
	await expect(statusOf(guest)).toHaveText('Saved');
	await expect(editorOf(guest)).toHaveAttribute('contenteditable', 'true');

	await owner.goto(`/${slug}/members`);
	await owner.getByRole('button', { name: 'Remove Paul Bonnet' }).click();
	await owner.getByRole('button', { name: 'Remove from company' }).click();
	await expect(owner.getByText('Member removed.')).toBeVisible();

	await expect(guest.getByRole('alert')).toHaveText(
		'You no longer have access to this document: what is on screen is no longer saved.'
	);
	await expect(statusOf(guest)).toHaveText('Read-only');
	await expect(editorOf(guest)).toHaveAttribute('contenteditable', 'false');
	// The header's switcher no longer offers the company, while the text stays on screen.
	await guest.getByRole('button', { name: /: switch company/ }).click();
	await expect(guest.getByRole('menuitem', { name: 'Create a company' })).toBeVisible();
	await expect(guest.getByRole('menuitem', { name: 'Atelier des Causses' })).toHaveCount(0);
	await guest.keyboard.press('Escape');
	await expect(editorOf(guest)).toBeVisible();
	// The company's document does not stay in this browser's offline copies.
	const copies = () =>
		guest.evaluate(
			async () =>
				(await indexedDB.databases()).filter((db) => db.name?.startsWith('hameau-doc-')).length
		);
	await expect.poll(copies).toBe(0);
});

test('a colleague whose access ended while their connection was down is told, not left "Offline"', async ({
	openProfile
}) => {
	const owner = await openProfile();
	const guest = await openProfile();
	const slug = await companyWithColleague(owner, guest, {
		owner: 'Hélène Vidal',
		colleague: 'Paul Bonnet',
		company: 'Atelier du Lot'
	});
	await createDocumentNamed(owner, slug, TITLE);
	await guest.goto(owner.url());
	await expect(statusOf(guest)).toHaveText('Saved');

	// Removed while the laptop slept (nothing could tell its socket): gone from the database.
	const db = openE2eDatabase();
	const removed = db
		.prepare(
			`delete from memberships where role = 'member'
			 and company_id = (select id from companies where slug = ?)`
		)
		.run(slug);
	expect(removed.changes).toBe(1);
	db.close();
	// The socket goes and comes back, as when the laptop wakes: an archive closes every socket
	// with "reconnect" (4001), and the server refuses this one's return, as it would a woken one.
	await owner.goto(`/${slug}/documents`);
	await owner.getByRole('button', { name: 'Archive' }).click();
	await expect(owner.getByRole('button', { name: 'Unarchive' })).toBeVisible();

	await expect(guest.getByRole('alert')).toHaveText(
		'You no longer have access to this document: what is on screen is no longer saved.'
	);
	await expect(statusOf(guest)).toHaveText('Read-only');
	await expect(editorOf(guest)).toHaveAttribute('contenteditable', 'false');
});

test('signing out everywhere else turns the editor on the other device read-only, saying why', async ({
	openProfile
}) => {
	const laptop = await openProfile();
	const email = uniqueEmail('laptop');
	await postSignUp(laptop, 'Claire Fabre', email);
	const slug = await postCompany(laptop, 'Ferme du Larzac');
	await createDocumentNamed(laptop, slug, TITLE);
	await expect(statusOf(laptop)).toHaveText('Saved');

	await signOutEverywhereElse(await openProfile(), email);

	await expect(laptop.getByRole('alert')).toHaveText(
		'You were signed out of this session: what is on screen is no longer saved. Sign in again to go on.'
	);
	await expect(statusOf(laptop)).toHaveText('Read-only');
	await expect(editorOf(laptop)).toHaveAttribute('contenteditable', 'false');
});
