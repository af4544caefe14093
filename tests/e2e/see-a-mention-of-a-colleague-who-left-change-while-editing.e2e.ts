import { expect, test } from './fixtures';
import { companyWithColleague, createDocumentNamed, deleteMyAccount } from './support';

// joinThroughLink's password: the colleague confirms the deletion with it.
const COLLEAGUE_PASSWORD = 'the bells of the village church';
const TITLE = 'Tournée des chantiers';

test('a mention of a colleague who deletes their account turns into "Former member" on the screen of whoever is editing', async ({
	openProfile
}) => {
	test.setTimeout(90_000);
	const owner = await openProfile();
	const colleague = await openProfile();
	const slug = await companyWithColleague(owner, colleague, {
		owner: 'Margaux Lefèvre',
		colleague: 'Bastien Roux',
		company: 'Charpentes du Lévezou'
	});

	// Margaux writes Bastien's name into her plan and leaves the document open.
	await createDocumentNamed(owner, slug, TITLE);
	const editor = owner.getByRole('textbox', { name: `Content of ${TITLE}` });
	await editor.click();
	await owner.keyboard.type('Appeler @Bas');
	await owner.getByRole('option', { name: 'Bastien Roux' }).click();
	await owner.keyboard.type('pour le devis');
	const mention = editor.locator('.mention');
	await expect(mention).toHaveText('@Bastien Roux');
	const status = owner.getByRole('status', { name: 'Sync status' });
	await expect(status).toHaveText('Saved');

	await deleteMyAccount(colleague, COLLEAGUE_PASSWORD);

	// Without a reload: the server's change reaches the open editor.
	await expect(mention).toHaveText('@Former member');
	await expect(editor).not.toContainText('Bastien');
	// She goes on writing; what she types and the change both stay.
	await editor.click();
	await owner.keyboard.press('Control+End');
	await owner.keyboard.type(' avant vendredi');
	await expect(editor).toContainText('Appeler @Former member pour le devis avant vendredi');
	await expect(status).toHaveText('Saved');
	await owner.reload();
	await expect(owner.getByRole('textbox', { name: `Content of ${TITLE}` })).toContainText(
		'Appeler @Former member pour le devis avant vendredi'
	);
});
