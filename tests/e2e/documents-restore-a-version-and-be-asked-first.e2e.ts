import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

// A restore replaces everyone's content at once. Posted before the page's scripts ran (or with
// none), it went through unasked; from a version's own page, a refused restore closed the dialog
// and said nothing.
test('restoring a version asks first without scripts, and says why it was refused', async ({
	openProfile
}) => {
	const owner = await openProfile();
	await postSignUp(owner, 'Inès Carpentier', uniqueEmail('restore'));
	const slug = await postCompany(owner, 'Atelier Métairie');
	await owner.goto(`/${slug}/documents`);
	await owner.getByLabel('Title', { exact: true }).fill('Compte rendu');
	await owner.getByRole('button', { name: 'Create document' }).click();
	await expect(owner).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
	const historyUrl = `${new URL(owner.url()).pathname}/history`;
	await owner.goto(historyUrl);
	await owner.getByLabel('Version name').fill('Au départ');
	await owner.getByRole('button', { name: 'Save a named version' }).click();
	await expect(owner.getByText('Version “Au départ” saved.')).toBeVisible();

	// Without scripts: the server asks in the page; Cancel restores nothing, confirming does.
	const context = await owner
		.context()
		.browser()!
		.newContext({ javaScriptEnabled: false, storageState: await owner.context().storageState() });
	const plain = await context.newPage();
	await plain.goto(historyUrl);
	await plain.getByRole('button', { name: 'Restore this version' }).click();
	const asked = plain.getByRole('group', { name: 'Restore “Au départ”?' });
	await expect(asked).toContainText('what is there now stays in the history');
	await expect(plain.getByText('The document is back to “Au départ”.')).toHaveCount(0);
	await asked.getByRole('link', { name: 'Cancel' }).click();
	await expect(plain.getByRole('group', { name: 'Restore “Au départ”?' })).toHaveCount(0);
	await plain.getByRole('button', { name: 'Restore this version' }).click();
	await plain
		.getByRole('group', { name: 'Restore “Au départ”?' })
		.getByRole('button', { name: 'Restore this version' })
		.click();
	await expect(plain.getByText(/The document is back to “Au départ”\./)).toBeVisible();
	await context.close();

	// From the version's page, archived meanwhile (another tab): the refusal is said there.
	await owner.goto(historyUrl);
	await owner.getByRole('link', { name: 'View “Au départ”' }).click();
	await expect(owner.getByRole('button', { name: 'Restore this version' })).toBeEnabled();
	const other = await owner.context().newPage();
	await other.goto(`/${slug}/documents`);
	await other.getByRole('button', { name: 'Archive' }).click();
	await expect(other.getByRole('button', { name: 'Unarchive' })).toBeVisible();
	await owner.getByRole('button', { name: 'Restore this version' }).click();
	await owner
		.getByRole('alertdialog')
		.getByRole('button', { name: 'Restore this version' })
		.click();
	await expect(
		owner.getByText('An archived document cannot change: unarchive it first.')
	).toBeVisible();
});
