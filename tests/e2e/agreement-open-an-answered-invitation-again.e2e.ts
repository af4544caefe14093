import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seedOperatorHouse } from './operator-support';
import { postCompany, postSignUp, uniqueEmail } from './support';

/** On the house's companies page: an invitation to `companyName` from `startDate`, its link. */
async function createInviteLink(officer: Page, companyName: string, startDate: string) {
	const invite = officer.locator('form', {
		has: officer.getByRole('button', { name: 'Create the invitation link' })
	});
	await invite.getByLabel('Company name (shown on the link)').fill(companyName);
	await invite.getByLabel('Start date').fill(startDate);
	await invite.getByLabel('Reserved seats').fill('2');
	await invite.getByRole('button', { name: 'Create the invitation link' }).click();
	const link = officer.getByLabel('Invitation link');
	await expect(link).toHaveValue(/\/house-invite\/[a-z0-9]+$/);
	return link.inputValue();
}

test('a company opens its accepted invitation again and finds its way in; a second one reads superseded', async ({
	page: officer,
	openProfile
}) => {
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, {
		operator: 'Commune de Murat',
		house: 'Maison du Lavoir',
		commune: 'Murat',
		address: '1 place du Lavoir',
		seats: 10
	});
	const companiesPage = `${operatorPath}/houses/${houseId}/companies`;
	await officer.goto(companiesPage);
	const first = await createInviteLink(officer, 'Scierie Roux', '2030-01-01');
	// A second one, sent before the first was answered (new terms, say).
	await officer.goto(companiesPage);
	const second = await createInviteLink(officer, 'Scierie Roux', '2030-02-01');

	const owner = await openProfile();
	await postSignUp(owner, 'Paul Roux', uniqueEmail('owner'));
	await postCompany(owner, 'Scierie Roux');
	await owner.goto(first);
	await owner.getByRole('button', { name: 'Accept and join the house' }).click();
	await expect(owner).toHaveURL(/\/houses$/);

	// The link kept in an email, opened again: what became of it, and the way in.
	await owner.goto(first);
	await expect(
		owner.getByRole('heading', { name: 'Scierie Roux works at Maison du Lavoir' })
	).toBeVisible();
	await expect(
		owner.getByText(/^This invitation from Commune de Murat was accepted on .+ by Scierie Roux\.$/)
	).toBeVisible();
	await owner.getByRole('link', { name: 'Read the agreement' }).click();
	await expect(
		owner.getByRole('heading', { name: 'Agreement for the use of a shared house' })
	).toBeVisible();
	await owner.goto(first);
	await owner.getByRole('link', { name: 'Open Maison du Lavoir' }).click();
	await expect(owner.getByRole('heading', { level: 1, name: 'Maison du Lavoir' })).toBeVisible();

	// The second link no longer waits: the company reads why.
	await owner.goto(second);
	await expect(
		owner.getByText(
			'Scierie Roux already works at Maison du Lavoir under an agreement starting on 1 January 2030, so this later invitation from Commune de Murat is closed.'
		)
	).toBeVisible();
	await expect(owner.getByRole('button', { name: 'Accept and join the house' })).toHaveCount(0);

	// Someone else holding either link reads only that it can no longer be used.
	const stranger = await openProfile();
	await postSignUp(stranger, 'Inès Autre', uniqueEmail('stranger'));
	await postCompany(stranger, 'Autre Atelier');
	await stranger.goto(first);
	await expect(
		stranger.getByRole('heading', { name: 'This invitation can no longer be used' })
	).toBeVisible();
	await expect(stranger.getByText('Scierie Roux')).toHaveCount(0);
	await stranger.goto(second);
	await expect(
		stranger.getByText(
			'This invitation to join Maison du Lavoir is closed: the company it was for already works there under an agreement.',
			{ exact: false }
		)
	).toBeVisible();
	await expect(stranger.getByRole('button', { name: 'Accept and join the house' })).toHaveCount(0);

	// The operator's list: the first accepted, the second superseded, nothing to revoke.
	await officer.goto(companiesPage);
	await expect(officer.getByText('Accepted by Scierie Roux')).toBeVisible();
	await expect(
		officer.getByText('Superseded: Scierie Roux has an agreement here from 1 January 2030')
	).toBeVisible();
	await expect(officer.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
});
