import { expect, type Page } from '@playwright/test';
import type { Fixtures } from './fixtures';
import {
	createCompany,
	createInvitationLink,
	joinThroughLink,
	pickTimeZone,
	signUp,
	uniqueEmail
} from './support';

export async function addHouse(
	page: Page,
	slug: string,
	name: string,
	seats: string,
	cost: string,
	timeZone?: string
) {
	await page.goto(`/${slug}/houses`);
	const form = page.locator('form', { has: page.getByRole('button', { name: 'Create house' }) });
	await form.getByLabel('Name').fill(name);
	await form.getByLabel('Commune').fill('Murat');
	await form.getByLabel('Seats').fill(seats);
	await form.getByLabel('Monthly running cost (€)').fill(cost);
	if (timeZone) await pickTimeZone(form, timeZone);
	await form.getByRole('button', { name: 'Create house' }).click();
	await expect(page.getByText(`House “${name}” created.`)).toBeVisible();
}

/** A manager with a company and one house, and a member who joined through a link. */
export async function teamWithAHouse(
	openProfile: Fixtures['openProfile'],
	names: { company: string; house: string; seats: string; cost: string; timeZone?: string }
) {
	const manager = await openProfile();
	await signUp(manager, 'Margaux Lefèvre', uniqueEmail('manager'));
	await createCompany(manager, names.company);
	const slug = new URL(manager.url()).pathname.slice(1);
	await addHouse(manager, slug, names.house, names.seats, names.cost, names.timeZone);
	const link = await createInvitationLink(manager, slug);
	const member = await openProfile();
	await joinThroughLink(member, link, 'Bastien Roux', names.company);
	// The invitation page's heading names the company too: wait until the member is in.
	await expect(member).toHaveURL(new RegExp(`/${slug}$`));
	return { slug, manager, member };
}

/**
 * The first of `zones` where the local time is now between 04:00 and 22:00: a status set there
 * now, quiet until 23:59, is neither refused as past nor ended at midnight while a test reads it.
 */
export function aZoneFarFromMidnight(zones: readonly string[], now = new Date()): string {
	const hourIn = (timeZone: string) =>
		Number(
			new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hour12: false }).format(now)
		);
	const zone = zones.find((candidate) => hourIn(candidate) >= 4 && hourIn(candidate) < 22);
	if (!zone) throw new Error(`none of ${zones.join(', ')} is between 04:00 and 22:00 now`);
	return zone;
}

/** Opens the board and waits until its live-events channel is connected. */
export async function openBoard(page: Page, slug: string) {
	await page.goto(`/${slug}`);
	await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
}
