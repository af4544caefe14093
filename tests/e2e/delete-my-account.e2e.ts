import { expect, test } from './fixtures';
import { openBoard } from './presence-support';
import {
	createCompany,
	createDocumentNamed,
	createInvitationLink,
	signUp,
	uniqueEmail
} from './support';

const PASSWORD = 'les cloches du village sonnent';

test('a member deletes their account in French: signed out, cannot log in, gone from the board, their document stays', async ({
	openProfile
}) => {
	const owner = await openProfile();
	await signUp(owner, 'Margaux Lefèvre', uniqueEmail('owner'));
	await createCompany(owner, 'Scierie de Condat');
	const slug = new URL(owner.url()).pathname.slice(1);

	const member = await openProfile();
	const email = uniqueEmail('leaving');
	await member.goto(await createInvitationLink(owner, slug));
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
