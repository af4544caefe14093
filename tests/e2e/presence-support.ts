import { expect, type Page } from '@playwright/test';
import type { Fixtures } from './fixtures';
import {
	postCompany,
	postInvitationLink,
	postJoin,
	postHouse,
	postSignUp,
	uniqueEmail
} from './support';

/** A house of the company, made through the houses page's form (see `postForm`); its id. */
export function addHouse(
	page: Page,
	slug: string,
	name: string,
	seats: string,
	cost: string,
	timeZone?: string
): Promise<string> {
	return postHouse(page, slug, { name, commune: 'Murat', seats, monthlyCost: cost, timeZone });
}

/** A manager with a company and one house, and a member who joined through a link, on its page. */
export async function teamWithAHouse(
	openProfile: Fixtures['openProfile'],
	names: { company: string; house: string; seats: string; cost: string; timeZone?: string }
) {
	const manager = await openProfile();
	await postSignUp(manager, 'Margaux Lefèvre', uniqueEmail('manager'));
	const slug = await postCompany(manager, names.company);
	await addHouse(manager, slug, names.house, names.seats, names.cost, names.timeZone);
	const link = await postInvitationLink(manager, slug);
	const member = await openProfile();
	await postJoin(member, link, 'Bastien Roux');
	await member.goto(`/${slug}`);
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
