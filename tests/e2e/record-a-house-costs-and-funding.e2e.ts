// An officer records a house's running costs and its funding: each mistake in an amount says what
// is wrong with it, and funding above the month's costs is kept as granted but applied only up to
// the costs, which the page says wherever the funding shows.
import { expect, test } from './fixtures';
import { seedOperatorHouse } from './operator-support';
import { postSignUp, uniqueEmail } from './support';

test('an officer records costs and funding, and reads what is wrong with an amount and how much funding applies', async ({
	page: officer
}) => {
	const officerEmail = uniqueEmail('officer');
	await postSignUp(officer, 'Hélène Mairie', officerEmail);
	const { operatorPath, houseId } = seedOperatorHouse(officerEmail, {
		operator: 'Commune de Marcenat',
		house: 'Maison de Marcenat',
		commune: 'Marcenat',
		address: '1 place de l’Église',
		seats: 6
	});
	await officer.goto(`${operatorPath}/houses/${houseId}/costs`);

	const add = officer.locator('form[action="?/add"]');
	const amount = add.getByLabel('Amount (€)');
	await add.getByLabel('Category').selectOption('rent');
	for (const [typed, message] of [
		['99999999999999', 'This amount is too high: at most €100,000,000.00.'],
		['-99999999999', 'The amount cannot be negative.'],
		['12,345', /^At most two decimals, for the cents/],
		['beaucoup', 'Enter an amount in euros, such as 1 250,50 or 1250.50.']
	] as const) {
		await amount.fill(typed);
		await add.getByRole('button', { name: 'Add', exact: true }).click();
		await expect(amount).toHaveAccessibleDescription(message);
		await expect(amount).toHaveValue(typed);
	}
	await amount.fill('1 210,49');
	await add.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(officer.getByTestId('total-costs')).toHaveText('€1,210.49');

	// The grant is known before all the month's bills: it is saved as granted, applied up to the
	// costs recorded, and the page says so.
	const funding = officer.locator('form[action="?/funding"]');
	await funding.getByLabel('Funding as').selectOption('amount');
	await funding.getByLabel('Amount or percentage').fill('5 000');
	await funding.getByRole('button', { name: 'Save the funding' }).click();
	await expect(
		officer.getByText(
			'Funding saved. It is more than this month’s costs so far (€1,210.49): only €1,210.49 is applied, unless more costs are recorded.'
		)
	).toBeVisible();
	await expect(
		officer.getByText(
			'€5,000.00 granted, €1,210.49 applied: funding never covers more than the month’s costs.'
		)
	).toBeVisible();
	await expect(officer.getByTestId('total-shared')).toHaveText('€0.00');
});
