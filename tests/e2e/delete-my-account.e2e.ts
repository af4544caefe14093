import { expect, test } from './fixtures';
import { openBoard } from './presence-support';
import {
	createDocumentNamed,
	postCompany,
	postInvitationLink,
	postSignUp,
	uniqueEmail
} from './support';

const PASSWORD = 'les cloches du village sonnent';

test('a member deletes their account in French: signed out, cannot log in, gone from the board, their document stays', async ({
	openProfile
}) => {
	const owner = await openProfile();
	await postSignUp(owner, 'Margaux Lefèvre', uniqueEmail('owner'));
	const slug = await postCompany(owner, 'Scierie de Condat');

	const member = await openProfile();
	const email = uniqueEmail('leaving');
	await member.goto(await postInvitationLink(owner, slug));
	await member.getByLabel('Your name').fill('Bastien Roux');
	await member.getByLabel('Email').fill(email);
	await member.getByLabel('Password').fill(PASSWORD);
	await member.getByRole('button', { name: 'Create account and join' }).click();
	await expect(member).toHaveURL(new RegExp(`/${slug}$`));
	await createDocumentNamed(member, slug, 'Notes de Bastien');
	const documentUrl = member.url();

	await openBoard(owner, slug);
	await expect(owner.getByText('Bastien Roux').first()).toBeVisible();

	// Bastien reads Hameau in French.
	await member.goto('/profile');
	await member.locator('#profile-locale').selectOption('fr');
	await member.getByRole('button', { name: 'Save profile' }).click();
	await expect(member.getByRole('heading', { level: 1, name: 'Votre profil' })).toBeVisible();
	await member.waitForLoadState('networkidle');

	const section = member.getByTestId('delete-account');
	await expect(section).toContainText('ancien membre');
	await section.getByLabel('Votre mot de passe', { exact: true }).fill(PASSWORD);
	await section.getByRole('button', { name: 'Supprimer mon compte' }).click();
	// The dialog asks once the page is alive; before, the server asks in the page.
	const dialog = member.getByRole('alertdialog');
	const inPage = member.getByTestId('inline-confirm');
	await expect(dialog.or(inPage)).toBeVisible();
	if (await dialog.isVisible()) {
		await dialog.getByRole('button', { name: 'Supprimer mon compte' }).click();
	} else {
		await inPage.getByLabel('Votre mot de passe, encore une fois').fill(PASSWORD);
		await inPage.getByRole('button', { name: 'Supprimer mon compte' }).click();
	}

	await expect(member).toHaveURL(/\/login\?account=deleted$/);
	await expect(member.getByText('Votre compte est supprimé')).toBeVisible();
	await member.goto('/profile');
	await expect(member).toHaveURL(/\/login\?next=/);

	await member.getByLabel('E-mail').fill(email);
	await member.getByLabel('Mot de passe').fill(PASSWORD);
	await member.getByRole('button', { name: 'Se connecter' }).click();
	await expect(
		member.getByText('Cet e-mail et ce mot de passe ne correspondent à aucun compte.')
	).toBeVisible();

	await openBoard(owner, slug);
	await expect(owner.getByText('Margaux Lefèvre').first()).toBeVisible();
	await expect(owner.getByText('Bastien Roux')).toHaveCount(0);
	await owner.goto(documentUrl);
	await expect(owner.getByRole('textbox', { name: 'Content of Notes de Bastien' })).toBeVisible();
	await owner.goto(`/${slug}/audit`);
	await expect(owner.getByText('Bastien Roux deleted their account')).toBeVisible();
});

// Found on a tour: an empty password brought "Delete your account for good?" first, and only once
// confirmed did the page say the field was required. The password is checked before the question.
test('a missing or wrong password is said beside the field before any “for good?”', async ({
	page
}) => {
	await postSignUp(page, 'Lucie Marty', uniqueEmail('mistaken'), PASSWORD);
	await page.goto('/profile');
	const section = page.getByTestId('delete-account');
	const password = section.getByLabel('Your password', { exact: true });
	const remove = section.getByRole('button', { name: 'Delete my account' });
	const dialog = page.getByRole('alertdialog');
	const inPage = page.getByTestId('inline-confirm');

	// Empty: the browser's own check stops it before anything is sent.
	await remove.click();
	expect(await password.evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(
		true
	);
	// That check off (a browser that leaves it to the server): said beside the field, and nothing
	// asked.
	await password.evaluate((input) => input.removeAttribute('required'));
	await remove.click();
	await expect(password).toHaveAccessibleDescription('This field is required.');
	await expect(dialog.or(inPage)).toHaveCount(0);

	// Wrong: said beside the field too, and no password stays in it.
	await password.fill('not my password at all');
	await remove.click();
	await expect(password).toHaveAccessibleDescription('This is not your current password.');
	await expect(password).toHaveValue('');
	await expect(dialog.or(inPage)).toHaveCount(0);

	// Right: the question, once; answered, the account goes.
	await password.fill(PASSWORD);
	await remove.click();
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('Delete your account for good?');
	await expect(inPage).toHaveCount(0);
	await expect(password).not.toHaveAttribute('aria-invalid', 'true');
	await dialog.getByRole('button', { name: 'Delete my account' }).click();
	await expect(page).toHaveURL(/\/login\?account=deleted$/);
});
