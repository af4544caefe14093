// After a save the focus stays where the person was (SvelteKit moved it to the top of the page),
// and the page says it was saved.
import { expect, test } from './fixtures';
import {
	createDocumentNamed,
	openE2eDatabase,
	postCompany,
	postSignUp,
	uniqueEmail
} from './support';

test('saving the profile with Enter leaves the focus in its field and says it was saved', async ({
	openProfile
}) => {
	const page = await openProfile();
	await postSignUp(page, 'Armand Delpeuch', uniqueEmail('armand'));
	await page.goto('/profile');
	const name = page.getByLabel('Your name');
	await name.fill('Armand Delpeuch-Roux');
	await name.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
	await expect(name).toBeFocused();
	await expect(name).toHaveValue('Armand Delpeuch-Roux');
});

test('choosing the dark theme from the keyboard keeps the focus on the choice and says it was saved', async ({
	openProfile
}) => {
	const page = await openProfile();
	await postSignUp(page, 'Rose Malbec', uniqueEmail('rose'));
	await page.goto('/profile');
	const dark = page.getByRole('radio', { name: 'Dark' });
	await dark.focus();
	await page.keyboard.press('Space');
	await expect(dark).toBeChecked();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Appearance saved.' })).toBeVisible();
	await expect(dark).toBeFocused();
});

test('saving notification choices from the keyboard keeps the focus on the box just changed', async ({
	openProfile
}) => {
	const page = await openProfile();
	await postSignUp(page, 'Paul Ternant', uniqueEmail('paul'));
	await page.goto('/notifications/settings');
	const mention = page.getByRole('checkbox', { name: 'Mentioned in a document: In Hameau' });
	const was = await mention.isChecked();
	await mention.focus();
	await page.keyboard.press('Space');
	await page.keyboard.press('Enter');
	await expect(
		page.getByRole('status').filter({ hasText: 'Your choices are saved.' })
	).toBeVisible();
	await expect(mention).toBeChecked({ checked: !was });
	await expect(mention).toBeFocused();
});

test('archiving a document from the keyboard leaves the focus on the answer, in the row’s new place', async ({
	openProfile
}) => {
	const page = await openProfile();
	await postSignUp(page, 'Jeanne Chastel', uniqueEmail('jeanne'));
	const slug = await postCompany(page, 'Conseil de Salers');
	await createDocumentNamed(page, slug, 'Compte rendu du conseil');
	await page.goto(`/${slug}/documents`);
	await page.getByRole('button', { name: 'Archive “Compte rendu du conseil”' }).focus();
	await page.keyboard.press('Enter');

	// The row went to the archived list with its form and the button that had the focus.
	const answer = page
		.getByRole('status')
		.filter({ hasText: '“Compte rendu du conseil” is archived: it is read-only now.' });
	await expect(answer).toBeVisible();
	await expect(answer).toBeFocused();
	// From there the keyboard goes on in the archived row (Shift+Tab: its own buttons), not from
	// the top of the page.
	await page.keyboard.press('Shift+Tab');
	const place = await page.evaluate(() => ({
		section: document.activeElement?.closest('section')?.getAttribute('aria-labelledby'),
		row: document.activeElement?.closest('li')?.textContent ?? ''
	}));
	expect(place.section).toBe('archived-documents-title');
	expect(place.row).toContain('Compte rendu du conseil');
});

test('marking a notification as read from the keyboard moves on to the next one, not to the top', async ({
	openProfile
}) => {
	const page = await openProfile();
	const email = uniqueEmail('lea');
	await postSignUp(page, 'Léa Martin', email);
	// Two mentions waiting, as colleagues' documents leave them (the mention itself is
	// notifications.e2e.ts's): straight into the database, the older first.
	const db = openE2eDatabase();
	try {
		const { id } = db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string };
		const add = db.prepare(
			`INSERT INTO notifications (id, user_id, kind, payload, link, dedupe_key, created_at)
			 VALUES (?, ?, 'mention', ?, '/notifications', ?, ?)`
		);
		for (const [age, title] of [
			[2, 'Plan de mars'],
			[1, 'Plan d’avril']
		] as const) {
			const key = `${id}-${age}`;
			add.run(key, id, JSON.stringify({ title }), key, Date.now() - age * 60_000);
		}
	} finally {
		db.close();
	}
	await page.goto('/notifications');
	const april = page.getByRole('link', { name: /^Unread: .*Plan d’avril$/ });
	await expect(april).toBeVisible();
	// Newest first: April's button comes first.
	const markApril = page.getByRole('button', { name: 'Mark as read' }).first();
	await expect(markApril).toHaveAccessibleDescription(/Plan d’avril$/);
	await markApril.focus();
	await page.keyboard.press('Enter');
	// The newest row is read now and has no button; the focus goes on to the next row.
	await expect(page.getByRole('link', { name: /^[^U].*Plan d’avril$/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /^Unread: .*Plan de mars$/ })).toBeFocused();
	await expect(page.getByRole('button', { name: 'Mark as read' })).toHaveCount(1);
});
