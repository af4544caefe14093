// A manager edits a stand-up: the edit page leads back to it, and saving lands on the stand-up
// saying the changes are saved, once (a reload says nothing more).
import { expect, test } from './fixtures';
import { companyWith, setUpStandup } from './stand-up-support';

test('saving a stand-up’s edit says so on the stand-up, once, and the edit page leads back', async ({
	openProfile
}) => {
	const { slug, manager } = await companyWith(openProfile, 'Marc Manager', []);
	const standupUrl = await setUpStandup(manager, slug, 'Morning round');

	await manager.goto(`${standupUrl}/edit`);
	await manager.getByRole('link', { name: 'Back to the stand-up' }).click();
	await expect(manager).toHaveURL(new RegExp(`${standupUrl}$`));
	await expect(manager.getByText('Changes saved.')).toHaveCount(0);

	await manager.goto(`${standupUrl}/edit`);
	await manager.getByLabel('Name').fill('Afternoon round');
	await manager.getByRole('button', { name: 'Save changes' }).click();
	await expect(manager.getByRole('heading', { level: 1, name: 'Afternoon round' })).toBeVisible();
	await expect(manager.getByText('Changes saved.')).toBeVisible();
	await manager.reload();
	await expect(manager.getByRole('heading', { level: 1, name: 'Afternoon round' })).toBeVisible();
	await expect(manager.getByText('Changes saved.')).toHaveCount(0);
});
