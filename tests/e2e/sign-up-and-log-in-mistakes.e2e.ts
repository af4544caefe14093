import { expect, test } from './fixtures';
import { PASSWORD, signUp, trySignUp, uniqueEmail } from './support';

test('signing up twice with one email says the account exists and keeps what was typed', async ({
	page,
	browser
}) => {
	const email = uniqueEmail('twice');
	await signUp(page, 'Camille Durand', email);
	await expect(page).toHaveURL(/\/companies$/);

	const other = await browser.newPage();
	await trySignUp(other, 'Camille Again', email);
	await expect(other.getByText('An account already exists with this email')).toBeVisible();
	await expect(other.getByLabel('Your name')).toHaveValue('Camille Again');
	await expect(other.getByLabel('Email')).toHaveValue(email);
	await expect(other.getByLabel('Password')).toHaveValue('');
	await other.close();
});

test('a weak password is refused next to the password field', async ({ page }) => {
	const email = uniqueEmail('weak');
	await trySignUp(page, 'Louis Martin', email, 'short');
	await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
	await trySignUp(page, 'Louis Martin', email, 'azertyuiop');
	await expect(page.getByText('This password is among the most common ones')).toBeVisible();
	await trySignUp(page, 'Louis Martin', email, email.toUpperCase());
	await expect(page.getByText('Your password must not be your email address.')).toBeVisible();
	await expect(page).toHaveURL(/\/signup/);
});

test('a wrong password does not log in, the right one does', async ({ page, context }) => {
	const email = uniqueEmail('wrong');
	await signUp(page, 'Inès Moreau', email);
	await context.clearCookies();

	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('not the right password');
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByText('That email and password do not match an account.')).toBeVisible();
	await expect(page.getByLabel('Email')).toHaveValue(email);

	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL(/\/companies$/);
	await expect(page.getByRole('heading', { name: 'Your companies' })).toBeVisible();
});
