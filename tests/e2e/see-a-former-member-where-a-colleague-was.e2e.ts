import { expect, test } from './fixtures';
import { setUpStandup } from './stand-up-support';
import { companyWithColleague, createDocumentNamed, deleteMyAccount } from './support';

// joinThroughLink's password: the colleague confirms the deletion with it.
const COLLEAGUE_PASSWORD = 'the bells of the village church';
const TITLE = 'Commande de chêne';

test('after a colleague deletes their account, their mention and their blocker read "a former member"', async ({
	openProfile
}) => {
	test.setTimeout(120_000);
	const owner = await openProfile();
	const colleague = await openProfile();
	const slug = await companyWithColleague(owner, colleague, {
		owner: 'Margaux Lefèvre',
		colleague: 'Bastien Roux',
		company: 'Scierie de Condat'
	});
	const standupUrl = await setUpStandup(owner, slug, 'Point du matin');

	// Bastien raises a blocker he owns, and mentions Margaux in a document.
	await colleague.goto(standupUrl);
	await colleague.getByLabel('New blocker').fill('Scie à ruban en panne');
	await colleague.getByRole('button', { name: 'Add blocker' }).click();
	await expect(colleague.getByText('Blocker added.')).toBeVisible();
	await createDocumentNamed(colleague, slug, TITLE);
	const editor = colleague.getByRole('textbox', { name: `Content of ${TITLE}` });
	await editor.click();
	await colleague.keyboard.type('Voir @Mar');
	await colleague.getByRole('option', { name: 'Margaux Lefèvre' }).click();
	await expect(editor.locator('.mention')).toHaveText('@Margaux Lefèvre');

	// Mentions are told once edits settle.
	await expect(async () => {
		await owner.goto('/notifications');
		await expect(owner.getByText(`Bastien Roux mentioned you in ${TITLE}`)).toBeVisible({
			timeout: 1_000
		});
	}).toPass({ timeout: 30_000 });
	await owner.goto(standupUrl);
	await expect(owner.getByRole('list', { name: 'Blockers' })).toContainText('Bastien Roux');

	await deleteMyAccount(colleague, COLLEAGUE_PASSWORD);

	await owner.goto('/notifications');
	await expect(owner.getByText(`A former member mentioned you in ${TITLE}`)).toBeVisible();
	await expect(owner.getByRole('main')).not.toContainText('Bastien');
	await owner.goto(standupUrl);
	const blockers = owner.getByRole('list', { name: 'Blockers' });
	await expect(blockers).toContainText('Scie à ruban en panne');
	await expect(blockers).toContainText('Former member');
	await expect(blockers).not.toContainText('Bastien');
	await expect(blockers).not.toContainText(/no owner/i);

	// Screenshots for a person to look at, when asked for (not part of the check).
	const shots = process.env.E2E_SCREENSHOTS;
	if (shots) {
		for (const locale of ['en', 'fr'] as const) {
			if (locale === 'fr') {
				await owner.goto('/profile');
				await owner.locator('#profile-locale').selectOption('fr');
				await owner.getByRole('button', { name: 'Save profile' }).click();
				await expect(owner.getByRole('heading', { level: 1, name: 'Votre profil' })).toBeVisible();
			}
			for (const width of [360, 1280]) {
				await owner.setViewportSize({ width, height: 900 });
				await owner.goto('/notifications');
				await owner.screenshot({ path: `${shots}/notifications-${locale}-${width}.png` });
				await owner.goto(standupUrl);
				await owner.getByRole('list').filter({ hasText: 'Scie à ruban' }).scrollIntoViewIfNeeded();
				await owner.screenshot({ path: `${shots}/blockers-${locale}-${width}.png` });
			}
		}
	}
});
