import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

// An operator's page left open by one of its staff: once they are taken off the staff, its pages
// leave the screen, it says why, and the header stops offering the operator (a 404 now).

test('a helper taken off an operator’s staff while its page is open sees why, and the switcher no longer offers it', async ({
	openProfile
}) => {
	const officer = await openProfile();
	const helper = await openProfile();
	await postSignUp(officer, 'Hélène Vidal', uniqueEmail('officer'));
	await officer.goto('/operators/new');
	await officer.getByLabel('Name', { exact: true }).fill('Commune de Marvejols');
	await officer.getByRole('button', { name: 'Create the operator' }).click();
	await expect(officer).toHaveURL(/\/operators\/commune-de-marvejols(-\d+)?$/);
	const operatorUrl = new URL(officer.url()).pathname;
	await officer.goto(`${operatorUrl}/invitations`);
	await officer.getByLabel('Role').selectOption('staff');
	await officer.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await officer.getByLabel('Invitation link').inputValue();

	// The helper runs a company of their own, which they stay in.
	await postSignUp(helper, 'Paul Bonnet', uniqueEmail('helper'));
	const own = `/${await postCompany(helper, 'Scierie Bonnet')}`;
	await helper.goto(link);
	await helper.getByRole('button', { name: 'Join Commune de Marvejols' }).click();
	await expect(helper).toHaveURL(new RegExp(`${operatorUrl}$`));
	await expect(helper.getByRole('navigation', { name: 'Commune de Marvejols' })).toBeVisible();

	await officer.goto(`${operatorUrl}/members`);
	await officer.getByRole('button', { name: 'Remove Paul Bonnet' }).click();
	await officer.getByRole('button', { name: 'Remove', exact: true }).click();
	await expect(officer.getByText('Member removed.')).toBeVisible();

	await expect(helper.getByRole('alert')).toHaveText(
		'You are no longer on the staff of Commune de Marvejols: its pages are no longer shown here.'
	);
	await expect(helper.getByRole('navigation', { name: 'Commune de Marvejols' })).toHaveCount(0);

	// The switcher offers their company, and no longer the operator (nor its group).
	await helper.getByRole('button', { name: /: switch company/ }).click();
	await expect(helper.getByRole('menuitem', { name: 'Scierie Bonnet' })).toBeVisible();
	await expect(helper.getByRole('menuitem', { name: 'Commune de Marvejols' })).toHaveCount(0);
	await expect(helper.getByText('Houses you run')).toHaveCount(0);
	await helper.keyboard.press('Escape');
	await expect(helper.getByRole('alert')).toHaveText(
		/no longer on the staff of Commune de Marvejols/
	);
	await helper.getByRole('link', { name: 'Go to the home page' }).click();
	await expect(helper).toHaveURL(new RegExp(`${own}$`));
});
