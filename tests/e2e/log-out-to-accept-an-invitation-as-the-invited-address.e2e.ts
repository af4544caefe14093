// Someone opens an invitation sent to another of their addresses while signed in as the wrong
// one: "Log out" brings them back to the same invitation, signed out, its sign-up form holding the
// invited address, and they join from there (it used to land on the login page, the link lost).
import { expect, test } from './fixtures';
import { createCompany, signUp, uniqueEmail } from './support';

test('signed in as another address, a person logs out and joins as the invited one', async ({
	openProfile
}) => {
	const owner = await openProfile();
	await signUp(owner, 'Margaux Lefèvre', uniqueEmail('owner'));
	await createCompany(owner, 'Scierie Durand');
	const slug = new URL(owner.url()).pathname.slice(1);
	const invited = uniqueEmail('bastien-work');
	await owner.goto(`/${slug}/invitations`);
	await owner.getByLabel('Role').selectOption('member');
	await owner.getByLabel('Email (optional)').fill(invited);
	await owner.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await owner.getByLabel('Invitation link').inputValue();

	const guest = await openProfile();
	await signUp(guest, 'Bastien Roux', uniqueEmail('bastien-home'));
	await guest.goto(link);
	await expect(guest.getByRole('alert')).toContainText(
		'This invitation was sent to another email address.'
	);
	await guest.getByRole('button', { name: 'Log out' }).click();

	await expect(guest).toHaveURL(new RegExp(`${new URL(link).pathname}$`));
	await expect(guest.getByLabel('Email')).toHaveValue(invited);
	await guest.getByLabel('Your name').fill('Bastien Roux');
	await guest.getByLabel('Password').fill('the bells of the village church');
	await guest.getByRole('button', { name: 'Create account and join' }).click();
	await expect(guest).toHaveURL(new RegExp(`/${slug}$`));
	await expect(guest.getByRole('heading', { level: 1, name: 'Scierie Durand' })).toBeVisible();
});
