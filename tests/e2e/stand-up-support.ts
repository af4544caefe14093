// What the stand-up browser tests share: a company with a manager and members, houses, a stand-up
// set up through the form, answers, and the round's buttons.
import { expect, type Page } from '@playwright/test';
import type { Fixtures } from './fixtures';
import {
	pickTimeZone,
	postCompany,
	postInvitationLink,
	postJoin,
	postSignUp,
	uniqueEmail
} from './support';

/** A manager who created a company, and members who joined it through invitation links. */
export async function companyWith(
	openProfile: Fixtures['openProfile'],
	manager: string,
	members: string[]
) {
	const company = `Coop ${Date.now().toString(36)}`;
	const managerPage = await openProfile();
	const prefix = manager
		.normalize('NFD')
		.toLowerCase()
		.replace(/[^a-z]/g, '');
	await postSignUp(managerPage, manager, uniqueEmail(prefix));
	const slug = await postCompany(managerPage, company);
	const pages: Page[] = [];
	for (const name of members) {
		const page = await openProfile();
		await postJoin(page, await postInvitationLink(managerPage, slug), name);
		pages.push(page);
	}
	return { company, slug, manager: managerPage, members: pages };
}

export async function createHouse(
	page: Page,
	slug: string,
	name: string,
	commune: string,
	zone: string
) {
	await page.goto(`/${slug}/houses`);
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Commune').fill(commune);
	await page.getByLabel('Address').fill('1 place de la Mairie');
	await page.getByLabel('Seats').fill('6');
	await page.getByLabel('Monthly running cost (€)').fill('300');
	await pickTimeZone(page, zone);
	await page.getByRole('button', { name: 'Create house' }).click();
	await expect(page.getByText(`House “${name}” created.`)).toBeVisible();
}

export async function chooseHome(page: Page, slug: string, house: string) {
	await page.goto(`/${slug}/houses`);
	await page.getByLabel('Home house', { exact: true }).selectOption({ label: house });
	await page.getByRole('button', { name: 'Save home house' }).click();
	await expect(page.getByText('Your home house is saved.')).toBeVisible();
}

/**
 * The manager sets up a stand-up held every day (Saturday and Sunday ticked besides the weekdays
 * the form starts with), its answers open two days ahead so a run is due whatever day the test
 * runs; `more` fills in the rest of the form. Returns the stand-up page's path.
 */
export async function setUpStandup(
	manager: Page,
	slug: string,
	name: string,
	more: (page: Page) => Promise<void> = async () => {}
): Promise<string> {
	await manager.goto(`/${slug}/standups`);
	await manager.getByRole('link', { name: 'New stand-up' }).click();
	await manager.getByLabel('Name').fill(name);
	await manager.getByLabel('Sat').check();
	await manager.getByLabel('Sun').check();
	await manager.getByLabel('Answers open (hours before)').fill('48');
	await more(manager);
	await manager.getByRole('button', { name: 'Create stand-up' }).click();
	await expect(manager.getByRole('heading', { level: 1, name })).toBeVisible();
	return new URL(manager.url()).pathname;
}

export async function answer(page: Page, texts: [string, string, string]) {
	await page.getByLabel('What will you do today?').fill(texts[0]);
	await page.getByLabel('What did you do yesterday?').fill(texts[1]);
	await page.getByLabel('Is anything blocking you?').fill(texts[2]);
	await page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(page.getByText('Answers submitted.')).toBeVisible();
}

/** Clicks a round button (join, start, next…) and waits for the server's answer. */
export async function roundCommand(page: Page, name: string) {
	const answered = page.waitForResponse(
		(response) => response.request().method() === 'POST' && response.url().includes('?/round')
	);
	await page.getByRole('button', { name, exact: true }).click();
	expect((await answered).status()).toBe(200);
}
