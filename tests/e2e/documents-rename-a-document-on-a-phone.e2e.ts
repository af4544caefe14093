import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { companyWithColleague } from './support';

const TITLE = 'Plan de la semaine';
const RENAMED = 'Plan de la semaine 12';
const PHONE = { width: 360, height: 740 };

const rowOf = (page: Page, title: string) =>
	page.getByRole('listitem').filter({ has: page.getByRole('link', { name: title, exact: true }) });

/** Opens the rename form of the row titled `current` and sends `title`, as a person does. */
async function rename(
	page: Page,
	current: string,
	title: string
): Promise<{ field: Locator; save: Locator }> {
	await rowOf(page, current).getByText('Rename', { exact: true }).click();
	const field = page.getByLabel(`New title for “${current}”`);
	await field.fill(title);
	const save = page.getByRole('button', { name: 'Save title' });
	await save.click();
	return { field, save };
}

/** The refusal is the field's own: its description, right under it, above Save title. */
async function expectRefusedInTheField(page: Page, field: Locator, save: Locator) {
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(field).toHaveAccessibleDescription('This field is required.');
	const error = page.getByRole('alert').filter({ hasText: 'This field is required.' });
	await expect(error).toHaveCount(1);
	// In the rename form itself, not at the foot of the row under Archive and Delete.
	await expect(field.locator('xpath=ancestor::form').getByRole('alert')).toHaveText(
		'This field is required.'
	);
	const [fieldBox, errorBox, saveBox] = await Promise.all([
		field.boundingBox(),
		error.boundingBox(),
		save.boundingBox()
	]);
	// Under the field, within a line or so of it, and above the button (a phone stacks them).
	expect(errorBox!.y).toBeGreaterThanOrEqual(fieldBox!.y + fieldBox!.height);
	expect(errorBox!.y - (fieldBox!.y + fieldBox!.height)).toBeLessThan(12);
	expect(errorBox!.y + errorBox!.height).toBeLessThanOrEqual(saveBox!.y);
}

test('a member renames a document on a phone: a blank title is refused beside the field, with and without scripts', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const owner = await openProfile();
	const member = await openProfile({ viewport: PHONE });
	const slug = await companyWithColleague(owner, member, {
		owner: 'Margaux Lefèvre',
		colleague: 'Bastien Roux',
		company: 'Coopérative des Écrins'
	});
	await owner.goto(`/${slug}/documents`);
	await owner.getByLabel('Title', { exact: true }).fill(TITLE);
	await owner.getByRole('button', { name: 'Create document' }).click();
	await expect(owner).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));

	// With the page's scripts: spaces only are no title.
	await member.goto(`/${slug}/documents`);
	const { field, save } = await rename(member, TITLE, '   ');
	await expectRefusedInTheField(member, field, save);
	await expect(rowOf(member, TITLE)).toBeVisible();

	// A real title goes through; the row says so, and the field is no longer marked.
	await field.fill(RENAMED);
	await save.click();
	await expect(rowOf(member, RENAMED)).toContainText('Title saved.');
	await expect(member.getByLabel(`New title for “${RENAMED}”`)).not.toHaveAttribute('aria-invalid');
	await expect(member.getByText('This field is required.')).toHaveCount(0);

	// Without scripts, the same person on the same phone: the page comes back with the form open
	// and the refusal in it.
	const plain = await openProfile({
		viewport: PHONE,
		javaScriptEnabled: false,
		storageState: await member.context().storageState()
	});
	await plain.goto(`/${slug}/documents`);
	const refused = await rename(plain, RENAMED, '   ');
	await expect(plain).toHaveURL(new RegExp(`/${slug}/documents\\?/rename$`));
	await expectRefusedInTheField(plain, refused.field, refused.save);
	await expect(rowOf(plain, RENAMED)).toBeVisible();
});
