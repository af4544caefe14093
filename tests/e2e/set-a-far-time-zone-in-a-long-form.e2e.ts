// The long forms with a time zone — a company's house (new, edit), a stand-up (new, edit), an
// operator's house (new, edit) — offer a few likely zones, not all ~420. A manager who needs a
// far one asks for every zone: with the page's scripts they come in place, without them the form
// comes back as typed with every zone. Either way nothing typed is lost, and Enter in a field
// still saves the form rather than asking for the zones.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openE2eDatabase, postCompany, postSignUp, uniqueEmail } from './support';

function savedZone(table: 'houses' | 'standups', name: string): unknown {
	const db = openE2eDatabase();
	try {
		return db.prepare(`select time_zone from ${table} where name = ?`).get(name);
	} finally {
		db.close();
	}
}

function savedHouse(name: string): unknown {
	const db = openE2eDatabase();
	try {
		return db.prepare('select seats, time_zone from houses where name = ?').get(name);
	} finally {
		db.close();
	}
}

/**
 * Asks for every zone in `form` and checks that the fields typed are still there, then picks
 * `zone`. With scripts the page stays where it is; without them it comes back from the server.
 */
async function showEveryZoneAndPick(
	page: Page,
	form: Locator,
	zone: string,
	typed: Record<string, string>,
	javaScript: boolean
) {
	const select = form.getByLabel('Time zone', { exact: true });
	await expect(select.locator(`option[value="${zone}"]`)).toHaveCount(0);
	expect(await select.locator('option').count()).toBeLessThan(8);
	const url = page.url();
	const fetched = javaScript
		? page.waitForResponse((response) => response.url().endsWith('/api/time-zones'))
		: null;
	await form.getByRole('button', { name: 'Show every time zone' }).click();
	if (fetched) expect((await fetched).status()).toBe(200);
	await expect(select.locator(`optgroup option[value="${zone}"]`)).toBeAttached();
	expect(await select.locator('option').count()).toBeGreaterThan(400);
	if (javaScript) {
		await expect(select).toBeFocused();
		expect(page.url()).toBe(url);
	}
	for (const [label, value] of Object.entries(typed)) {
		await expect(form.getByLabel(label, { exact: true })).toHaveValue(value);
	}
	await select.selectOption(zone);
}

async function setZonesOnEveryForm(page: Page, javaScript: boolean) {
	// Unique names: the database is read by name, and a test may run again on the same server.
	const tag = `${javaScript ? 'js' : 'nojs'}-${Date.now().toString(36)}`;
	await postSignUp(page, 'Odile Manager', uniqueEmail(`zones-${tag}`));
	const company = `Coopérative ${tag}`;
	const slug = await postCompany(page, company);

	// A company's new house: Martinique is nowhere among the zones offered.
	const house = `Case du Lamentin ${tag}`;
	await page.goto(`/${slug}/houses`);
	let form = page.locator('form[action="?/create"]');
	await form.getByLabel('Name', { exact: true }).fill(house);
	await form.getByLabel('Commune').fill('Le Lamentin');
	await form.getByLabel('Seats').fill('9');
	await form.getByLabel('Monthly running cost (€)').fill('450');
	await showEveryZoneAndPick(
		page,
		form,
		'America/Martinique',
		{ Name: house, Commune: 'Le Lamentin', Seats: '9', 'Monthly running cost (€)': '450' },
		javaScript
	);
	await form.getByRole('button', { name: 'Create house' }).click();
	await expect(page.getByText(`House “${house}” created.`)).toBeVisible();
	expect(savedZone('houses', house)).toEqual({ time_zone: 'America/Martinique' });

	// Its edit form. Enter in a text field saves it, though the zones button comes before the
	// form's own in the page.
	await page.getByRole('link', { name: house }).first().click();
	form = page.locator('form[action="?/update"]');
	await form.getByLabel('Seats').fill('10');
	await form.getByLabel('Seats').press('Enter');
	await expect(page.getByText('Changes saved.')).toBeVisible();
	expect(savedHouse(house)).toEqual({ seats: 10, time_zone: 'America/Martinique' });
	await form.getByLabel('Seats').fill('11');
	await showEveryZoneAndPick(page, form, 'Pacific/Tahiti', { Seats: '11' }, javaScript);
	await form.getByRole('button', { name: 'Save changes' }).click();
	await expect.poll(() => savedHouse(house)).toEqual({ seats: 11, time_zone: 'Pacific/Tahiti' });

	// A new stand-up: the house's zone is offered now, Tokyo is not.
	const standup = `Point du matin ${tag}`;
	await page.goto(`/${slug}/standups/new`);
	form = page.locator('form', { has: page.getByRole('button', { name: 'Create stand-up' }) });
	await form.getByLabel('Name', { exact: true }).fill(standup);
	await form.getByLabel('Time per speaker (seconds)').fill('75');
	await expect(
		form.getByLabel('Time zone', { exact: true }).locator('option[value="Pacific/Tahiti"]')
	).toHaveCount(1);
	await showEveryZoneAndPick(
		page,
		form,
		'Asia/Tokyo',
		{ Name: standup, 'Time per speaker (seconds)': '75' },
		javaScript
	);
	await form.getByRole('button', { name: 'Create stand-up' }).click();
	await expect(page.getByRole('heading', { level: 1, name: standup })).toBeVisible();
	expect(savedZone('standups', standup)).toEqual({ time_zone: 'Asia/Tokyo' });

	// Its edit form.
	await page.goto(`${new URL(page.url()).pathname}/edit`);
	form = page.locator('form', { has: page.getByRole('button', { name: 'Save changes' }) });
	await form.getByLabel('Name', { exact: true }).fill(`${standup} (edited)`);
	await showEveryZoneAndPick(
		page,
		form,
		'America/Toronto',
		{ Name: `${standup} (edited)` },
		javaScript
	);
	await form.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByText('Changes saved.')).toBeVisible();
	expect(savedZone('standups', `${standup} (edited)`)).toEqual({ time_zone: 'America/Toronto' });

	// An operator's new house and its edit form.
	await page.goto('/operators/new');
	await page.getByLabel('Name', { exact: true }).fill(`Commune ${tag}`);
	await page.getByRole('button', { name: 'Create the operator' }).click();
	// Its page, not /operators/new still.
	await expect(page).toHaveURL(new RegExp(`/operators/commune-${tag}(-\\d+)?$`));
	const operatorUrl = new URL(page.url()).pathname;
	const operated = `Maison des entreprises ${tag}`;
	await page.goto(`${operatorUrl}/houses`);
	form = page.locator('form[action="?/create"]');
	await form.getByLabel('Name', { exact: true }).fill(operated);
	await form.getByLabel('Commune').fill('Saint-Pierre');
	await form.getByLabel('Seats').fill('14');
	await form.getByLabel('Saturday').check();
	await showEveryZoneAndPick(
		page,
		form,
		'America/Miquelon',
		{ Name: operated, Commune: 'Saint-Pierre', Seats: '14' },
		javaScript
	);
	await expect(form.getByLabel('Saturday')).toBeChecked();
	await form.getByRole('button', { name: 'Add the house' }).click();
	await expect(page.getByText(`House added: ${operated}.`)).toBeVisible();
	expect(savedZone('houses', operated)).toEqual({ time_zone: 'America/Miquelon' });

	await page.getByRole('link', { name: operated }).click();
	form = page.locator('form[action="?/update"]');
	await form.getByLabel('Commune').fill('Miquelon');
	await showEveryZoneAndPick(page, form, 'Atlantic/Azores', { Commune: 'Miquelon' }, javaScript);
	await form.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByText('House saved.')).toBeVisible();
	expect(savedZone('houses', operated)).toEqual({ time_zone: 'Atlantic/Azores' });
}

test('a manager sets far time zones on the house and stand-up forms', async ({ page }) => {
	await setZonesOnEveryForm(page, true);
});

test('a manager without JavaScript sets far time zones on the same forms', async ({
	openProfile
}) => {
	await setZonesOnEveryForm(await openProfile({ javaScriptEnabled: false }), false);
});
