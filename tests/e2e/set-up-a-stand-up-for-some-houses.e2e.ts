import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { companyWith, createHouse } from './stand-up-support';

// Choosing who a stand-up is for. Found on a tour: the houses to tick appeared under the third
// choice, "Chosen people", so that they read as a list of people; the error for ticking none came
// after that choice too.

/** `first` comes before `second` in the page. */
async function comesBefore(first: Locator, second: Locator) {
	const handle = await second.elementHandle();
	return first.evaluate(
		(element, other) =>
			!!other && !!(element.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING),
		handle
	);
}

test('the houses of a stand-up are chosen right under “The people of some houses”', async ({
	openProfile
}) => {
	const { slug, manager } = await companyWith(openProfile, 'Héloïse Houses', []);
	await createHouse(manager, slug, 'Maison du Vercors', 'Villard-de-Lans', 'Europe/Paris');
	await manager.goto(`/${slug}/standups/new`);
	await manager.waitForLoadState('networkidle');
	await manager.getByLabel('Name').fill('Point des maisons');

	const someHouses = manager.getByRole('radio', { name: 'The people of some houses' });
	const chosenPeople = manager.getByRole('radio', { name: 'Chosen people' });
	await someHouses.check();
	const house = manager.getByRole('checkbox', { name: 'Maison du Vercors' });
	await expect(house).toBeVisible();
	expect(await comesBefore(someHouses, house)).toBe(true);
	expect(await comesBefore(house, chosenPeople)).toBe(true);

	// None ticked: the error says so under the houses, before the next choice.
	await manager.getByRole('button', { name: 'Create stand-up' }).click();
	const error = manager.getByText('Choose at least one house.');
	await expect(error).toBeVisible();
	expect(await comesBefore(error, chosenPeople)).toBe(true);

	await manager.getByRole('checkbox', { name: 'Maison du Vercors' }).check();
	await manager.getByRole('button', { name: 'Create stand-up' }).click();
	await expect(manager.getByRole('heading', { level: 1, name: 'Point des maisons' })).toBeVisible();
});
