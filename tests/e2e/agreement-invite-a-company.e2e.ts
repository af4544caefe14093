import { expect, test } from '@playwright/test';
import { seedOperatorHouse } from './operator-support';
import { createCompany, signUp, uniqueEmail } from './support';

test('an operator invites a company to its house, the owner accepts through the link, and both see the agreement', async ({
	browser
}) => {
	const officerContext = await browser.newContext();
	const officer = await officerContext.newPage();
	const officerEmail = uniqueEmail('officer');
	await signUp(officer, 'Hélène Mairie', officerEmail);
	// The commune's operator and its house (creating them is another test's subject).
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, {
		operator: 'Commune de Chalinargues',
		house: 'Maison des entreprises',
		commune: 'Chalinargues',
		address: '4 rue de l’École',
		seats: 10
	});

	const companiesPage = `${operatorPath}/houses/${houseId}/companies`;
	await officer.goto(companiesPage);
	await expect(officer.getByRole('heading', { name: 'Companies in the house' })).toBeVisible();
	const invite = officer.locator('form', {
		has: officer.getByRole('button', { name: 'Create the invitation link' })
	});
	await invite.getByLabel('Company name (shown on the link)').fill('Menuiserie Vidal');
	await invite.getByLabel('Start date').fill('2030-01-01');
	await invite.getByLabel('Tariff model').selectOption('day_rate');
	await invite.getByLabel('Rate per day (€)').fill('15');
	await invite.getByLabel('Rate per half-day (€)').fill('8,50');
	await invite.getByLabel('Reserved seats').fill('2');
	await invite.getByRole('button', { name: 'Create the invitation link' }).click();
	const link = await officer.getByLabel('Invitation link').inputValue();
	expect(link).toMatch(/\/house-invite\/[a-z0-9]+$/);

	// The company's owner, in a browser of their own, opens the link and accepts for their company.
	const ownerContext = await browser.newContext();
	const owner = await ownerContext.newPage();
	await signUp(owner, 'Paul Vidal', uniqueEmail('owner'));
	await createCompany(owner, 'Menuiserie Vidal');
	await owner.goto(link);
	await expect(owner.getByRole('heading', { name: 'Join Maison des entreprises' })).toBeVisible();
	await expect(owner.getByText('€15 per day, €8.50 per half-day')).toBeVisible();
	await owner.getByLabel('Company that joins').selectOption({ label: 'Menuiserie Vidal' });
	await owner.getByRole('button', { name: 'Accept and join the house' }).click();

	await expect(owner).toHaveURL(/\/houses$/);
	await expect(owner.getByRole('heading', { name: 'Maison des entreprises' })).toBeVisible();
	await expect(owner.getByText('Run by Commune de Chalinargues')).toBeVisible();
	await owner.getByRole('link', { name: 'Agreement', exact: true }).click();
	await expect(
		owner.getByRole('heading', { name: 'Agreement for the use of a shared house' })
	).toBeVisible();
	await expect(owner.getByText('Commune de Chalinargues, which runs the house')).toBeVisible();
	await expect(owner.getByText('Menuiserie Vidal, hereafter “the company”.')).toBeVisible();

	// The operator sees the company and its agreement.
	await officer.goto(companiesPage);
	await expect(officer.getByRole('heading', { name: 'Menuiserie Vidal' })).toBeVisible();
	await expect(officer.getByText('Accepted by Menuiserie Vidal')).toBeVisible();
	await officer.getByRole('link', { name: 'Printable agreement' }).click();
	await expect(
		officer.getByRole('heading', { name: 'Agreement for the use of a shared house' })
	).toBeVisible();
	await expect(officer.getByText('Seats reserved for the company: 2')).toBeVisible();

	await officerContext.close();
	await ownerContext.close();
});
