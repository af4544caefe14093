import { expect, test } from './fixtures';
import { postCompany, postInvitationLink, postSignUp, uniqueEmail } from './support';

test('a member who forgot their password gets a reset link from the owner and sets a new one', async ({
	openProfile
}) => {
	// The owner copies the link with the page's button, as they would to paste it in a message.
	const owner = await openProfile({ permissions: ['clipboard-read', 'clipboard-write'] });
	await postSignUp(owner, 'Odile Martin', uniqueEmail('owner'));
	const slug = await postCompany(owner, 'Ferme des Combes');
	const invitation = await postInvitationLink(owner, slug);

	const laptop = await openProfile();
	const email = uniqueEmail('member');
	await laptop.goto(invitation);
	await laptop.getByLabel('Your name').fill('Jules Perrin');
	await laptop.getByLabel('Email').fill(email);
	await laptop.getByLabel('Password').fill('the bells of the village church');
	await laptop.getByRole('button', { name: 'Create account and join' }).click();
	await expect(laptop).toHaveURL(new RegExp(`/${slug}$`));

	// On another device, the member cannot remember the password; this Hameau sends no email.
	const phone = await openProfile();
	await phone.goto('/login');
	await phone.getByRole('link', { name: 'Forgot your password?' }).click();
	await expect(phone.getByText('This Hameau does not send emails.')).toBeVisible();

	await owner.goto(`/${slug}/members`);
	await owner
		.getByRole('button', { name: 'Create a password reset link for Jules Perrin' })
		.click();
	const linkField = owner.getByLabel('Reset link for Jules Perrin', { exact: true });
	await expect(linkField).toHaveValue(/\/reset-password\/[a-z0-9]+$/);
	const link = await linkField.inputValue();
	await expect(owner.getByText('Hand this link to Jules Perrin yourself.')).toBeVisible();
	await owner.getByRole('button', { name: 'Copy', exact: true }).click();
	await expect(owner.getByText('Link copied.')).toBeVisible();
	expect(await owner.evaluate(() => navigator.clipboard.readText())).toBe(link);

	await phone.goto(link);
	await expect(phone.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
	await expect(phone.getByText(`For ${email}.`)).toBeVisible();
	await phone.getByLabel('New password').fill('short');
	await phone.getByRole('button', { name: 'Save the new password' }).click();
	await expect(phone.getByText('Use at least 10 characters.')).toBeVisible();
	await phone.getByLabel('New password').fill('a new path through the meadow');
	await phone.getByRole('button', { name: 'Save the new password' }).click();
	await expect(phone.getByRole('heading', { name: 'Your companies' })).toBeVisible();
	// Where it lands says it worked, once.
	const changed = phone.getByText('Your password is changed.');
	await expect(changed).toBeVisible();
	await phone.reload();
	await expect(phone.getByRole('heading', { name: 'Your companies' })).toBeVisible();
	await expect(changed).toHaveCount(0);

	// The laptop's session ended with the reset; the new password opens it again.
	await laptop.goto(`/${slug}`);
	await expect(laptop).toHaveURL(/\/login/);
	await laptop.getByLabel('Email').fill(email);
	await laptop.getByLabel('Password').fill('a new path through the meadow');
	await laptop.getByRole('button', { name: 'Log in' }).click();
	await expect(laptop).toHaveURL(new RegExp(`/${slug}$`));

	// The link was for one use.
	await phone.goto(link);
	await expect(phone.getByText('This reset link has expired or was already used.')).toBeVisible();
});
