import { expect, test } from './fixtures';
import { postSignUp, signUpInFrench, uniqueEmail } from './support';

// The browser-test server has no SMTP: the settings show the email column, its defaults, and why
// it cannot be used here. Ticked boxes alone read as "emails will be sent" (a tour): the page says
// plainly, above the table and in the column's heading, that this Hameau sends no email yet and
// that the ticks are what will apply once it does.
test('on a phone, a person sees the email column of their notification settings disabled, and why', async ({
	openProfile
}) => {
	const page = await openProfile({ viewport: { width: 360, height: 740 } });
	await postSignUp(page, 'Inès Garnier', uniqueEmail('email-settings'));
	await page.goto('/notifications/settings');

	await expect(page.getByRole('columnheader', { name: 'By email' })).toBeVisible();
	const mention = page.getByRole('checkbox', { name: 'Mentioned in a document: By email' });
	await expect(mention).toBeDisabled();
	// The defaults: mentions by email, not the stand-up's opening (over by the time it leaves).
	await expect(mention).toBeChecked();
	await expect(
		page.getByRole('checkbox', { name: 'Stand-up answers open: By email' })
	).not.toBeChecked();
	const notYet =
		'This Hameau sends no email yet: no mail server is set up. The ticks under “By email” are what will apply once one is; saving here keeps them as they are.';
	await expect(mention).toHaveAccessibleDescription(notYet);
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
	await expect(page.getByRole('columnheader', { name: 'Par e-mail pas encore' })).toBeVisible();
	await expect(
		page.getByText(
			'Ce Hameau n’envoie pas encore d’e-mails : aucun serveur de messagerie n’est configuré. Les cases cochées sous « Par e-mail » sont ce qui s’appliquera une fois qu’il le sera ; enregistrer ici les garde telles quelles.'
		)
	).toBeVisible();
});

test('without a mail server, the settings say that no email is sent yet and what the ticks mean', async ({
	openProfile
}) => {
	const page = await openProfile({ viewport: { width: 360, height: 740 } });
	await postSignUp(page, 'Hugo Vialard', uniqueEmail('email-not-yet'));
	await page.goto('/notifications/settings');

	// Said before the table, where the ticks are read...
	const note = page.getByTestId('email-not-yet');
	await expect(note).toHaveText(
		'This Hameau sends no email yet: no mail server is set up. The ticks under “By email” are what will apply once one is; saving here keeps them as they are.'
	);
	const table = page.getByRole('table');
	expect((await note.boundingBox())!.y).toBeLessThan((await table.boundingBox())!.y);
	await expect(note).toBeInViewport();
	// ...and in the column's heading, which the other columns do not have.
	await expect(page.getByRole('columnheader', { name: 'By email not yet' })).toBeVisible();
	await expect(page.getByRole('columnheader', { name: 'In Hameau', exact: true })).toBeVisible();
	// The ticks are still the saved choices (here the defaults), kept for when email is set up.
	await expect(
		page.getByRole('checkbox', { name: 'Mentioned in a document: By email' })
	).toBeChecked();
});
