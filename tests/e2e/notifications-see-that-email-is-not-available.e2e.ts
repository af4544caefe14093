import { expect, test } from './fixtures';
import { signUp, signUpInFrench, uniqueEmail } from './support';

// The browser-test server has no SMTP: the settings show the email column, its defaults, and why
// it cannot be used here.
test('on a phone, a person sees the email column of their notification settings disabled, and why', async ({
	openProfile
}) => {
	const page = await openProfile({ viewport: { width: 360, height: 740 } });
	await signUp(page, 'Inès Garnier', uniqueEmail('email-settings'));
	await page.goto('/notifications/settings');

	await expect(page.getByRole('columnheader', { name: 'By email' })).toBeVisible();
	const mention = page.getByRole('checkbox', { name: 'Mentioned in a document: By email' });
	await expect(mention).toBeDisabled();
	// The defaults: mentions by email, not the stand-up's opening (over by the time it leaves).
	await expect(mention).toBeChecked();
	await expect(
		page.getByRole('checkbox', { name: 'Stand-up answers open: By email' })
	).not.toBeChecked();
	await expect(mention).toHaveAccessibleDescription(
		'Email is not available on this server: no mail server is configured, so nothing is sent by email.'
	);
	await expect(
		page.getByRole('checkbox', { name: 'Mentioned in a document: In Hameau' })
	).toBeEnabled();

	// The table fits the phone's width.
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	// ...and its own box: a table wider than the form spills past its edge without widening the page.
	const table = await page.getByRole('table').boundingBox();
	const form = await page.getByRole('table').locator('xpath=..').boundingBox();
	expect(table!.x + table!.width).toBeLessThanOrEqual(form!.x + form!.width + 0.5);

	// Saving the other choices leaves the email ones as they were.
	await page.getByRole('checkbox', { name: 'Given a task: On screen' }).uncheck();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Your choices are saved.')).toBeVisible();
	await page.reload();
	await expect(page.getByRole('checkbox', { name: 'Given a task: On screen' })).not.toBeChecked();
	await expect(mention).toBeChecked();
});

test('in French, the email column and its explanation read in French', async ({ openProfile }) => {
	const page = await openProfile({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
	await signUpInFrench(page, 'Inès Garnier', uniqueEmail('email-settings-fr'));

	await page.goto('/notifications/settings');
	await expect(page.getByRole('columnheader', { name: 'Par e-mail' })).toBeVisible();
	await expect(
		page.getByText(
			'L’e-mail n’est pas disponible sur ce serveur : aucun serveur de messagerie n’est configuré, donc rien n’est envoyé par e-mail.'
		)
	).toBeVisible();
});
