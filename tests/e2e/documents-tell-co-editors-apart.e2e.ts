import type { Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import {
	CARET_COLORS,
	colorPreference
} from '../../src/routes/(app)/[company]/documents/[document]/caret-colors';
import { expect, test } from './fixtures';
import {
	openE2eDatabase,
	PASSWORD,
	postCompany,
	postInvitationLink,
	postSignUp,
	uniqueEmail
} from './support';

const TITLE = 'Plan de la semaine';
const COMPANY = 'Coopérative des Écrins';

const editorOf = (page: Page) => page.getByRole('textbox', { name: `Content of ${TITLE}` });
const statusOf = (page: Page) => page.getByRole('status', { name: 'Sync status' });

/** `#b91c1c` as the browser computes it: `rgb(185, 28, 28)`. */
function rgb(hex: string): string {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
	return `rgb(${r}, ${g}, ${b})`;
}
const PALETTE = CARET_COLORS.map(rgb);

/** The colour of `name`'s round avatar in the list of who is in the document now. */
function avatarColor(page: Page, name: string): Promise<string> {
	return page
		.getByRole('list', { name: 'In this document now' })
		.getByRole('listitem')
		.filter({ hasText: name })
		.evaluate((avatar) => getComputedStyle(avatar).backgroundColor);
}

/** The colour of `name`'s caret label drawn in the text. */
function caretColor(page: Page, name: string): Promise<string> {
	return page
		.locator('.collaboration-carets__label', { hasText: name })
		.evaluate((label) => getComputedStyle(label).backgroundColor);
}

/** Puts the caret at the very end of the document and types there. */
async function typeAtEnd(page: Page, text: string) {
	await editorOf(page).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

/**
 * An account for Bastien whose id prefers the same colour as `userId`'s: two people of nine in a
 * company do, by chance; here it is certain. Same password as the test's sign-ups.
 */
function accountPreferringTheColourOf(userId: string, email: string) {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
	let id: string;
	do {
		id = Array.from({ length: 24 }, () => alphabet[randomInt(alphabet.length)]).join('');
	} while (colorPreference(id)[0] !== colorPreference(userId)[0] || id === userId);
	const db = openE2eDatabase();
	db.pragma('busy_timeout = 5000');
	try {
		const { password_hash } = db
			.prepare('select password_hash from users where id = ?')
			.get(userId) as { password_hash: string };
		db.prepare('insert into users (id, name, email, password_hash) values (?, ?, ?, ?)').run(
			id,
			'Bastien Roux',
			email,
			password_hash
		);
	} finally {
		db.close();
	}
}

test('two colleagues in one document tell each other apart by colour, though their accounts prefer the same one', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const owner = await openProfile();
	const guest = await openProfile();

	const ownerEmail = uniqueEmail('margaux');
	await postSignUp(owner, 'Margaux Lefèvre', ownerEmail);
	const slug = await postCompany(owner, COMPANY);
	const link = await postInvitationLink(owner, slug);

	const db = openE2eDatabase();
	const { id: ownerId } = db
		.prepare('select id from users where email = ?')
		.get(ownerEmail.toLowerCase()) as { id: string };
	db.close();
	const guestEmail = uniqueEmail('bastien');
	accountPreferringTheColourOf(ownerId, guestEmail);
	const ownerColor = rgb(colorPreference(ownerId)[0]);

	// Bastien logs in and joins through the link.
	await guest.goto('/login');
	await guest.getByLabel('Email').fill(guestEmail);
	await guest.getByLabel('Password').fill(PASSWORD);
	await guest.getByRole('button', { name: 'Log in' }).click();
	await expect(guest).not.toHaveURL(/\/login/);
	await guest.goto(link);
	await guest.getByRole('button', { name: `Join ${COMPANY}` }).click();
	await expect(guest.getByRole('heading', { level: 1, name: COMPANY, exact: true })).toBeVisible();

	// Margaux writes a plan and is alone in it: her own colour.
	await owner.goto(`/${slug}/documents`);
	await owner.getByLabel('Title', { exact: true }).fill(TITLE);
	await owner.getByRole('button', { name: 'Create document' }).click();
	await expect(owner).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
	const documentUrl = owner.url();
	await expect(statusOf(owner)).toHaveText('Saved');
	await typeAtEnd(owner, 'Margaux: bring the projector.');
	await expect.poll(() => avatarColor(owner, 'Margaux Lefèvre (you)')).toBe(ownerColor);

	// Bastien opens it too; both write.
	await guest.goto(documentUrl);
	await expect(statusOf(guest)).toHaveText('Saved');
	await typeAtEnd(guest, ' Bastien: book the room.');
	await expect(editorOf(owner)).toContainText('Bastien: book the room.');
	await typeAtEnd(owner, ' Ok.');
	await expect(editorOf(guest)).toContainText('Ok.');
	await expect(
		owner.locator('.collaboration-carets__label', { hasText: 'Bastien Roux' })
	).toBeVisible();
	await expect(
		guest.locator('.collaboration-carets__label', { hasText: 'Margaux Lefèvre' })
	).toBeVisible();

	// Each sees the other in another colour than their own, the same on both screens; Margaux,
	// there first, kept hers.
	await expect.poll(() => avatarColor(guest, 'Margaux Lefèvre')).toBe(ownerColor);
	await expect.poll(() => caretColor(guest, 'Margaux Lefèvre')).toBe(ownerColor);
	await expect.poll(() => avatarColor(owner, 'Margaux Lefèvre (you)')).toBe(ownerColor);
	const guestColor = await avatarColor(guest, 'Bastien Roux (you)');
	expect(PALETTE).toContain(guestColor);
	expect(guestColor).not.toBe(ownerColor);
	await expect.poll(() => avatarColor(owner, 'Bastien Roux')).toBe(guestColor);
	await expect.poll(() => caretColor(owner, 'Bastien Roux')).toBe(guestColor);

	// Bastien comes back after a reload: still told apart from Margaux, who keeps hers.
	await guest.reload();
	await expect(statusOf(guest)).toHaveText('Saved');
	await typeAtEnd(guest, ' Back.');
	await expect(editorOf(owner)).toContainText('Back.');
	await expect.poll(() => caretColor(owner, 'Bastien Roux')).not.toBe(ownerColor);
	expect(PALETTE).toContain(await caretColor(owner, 'Bastien Roux'));
	await expect.poll(() => avatarColor(owner, 'Margaux Lefèvre (you)')).toBe(ownerColor);
	await expect.poll(() => avatarColor(guest, 'Margaux Lefèvre')).toBe(ownerColor);
});
