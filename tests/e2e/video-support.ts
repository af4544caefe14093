import { expect, type Page } from '@playwright/test';
import type { Fixtures } from './fixtures';
import {
	postCompany,
	postHomeHouse,
	postHouse,
	postInvitationLink,
	postJoin,
	postSignUp,
	uniqueEmail
} from './support';

/** A house in Aubrac, made through the houses page's form (see `postForm`); its id. */
export function addHouse(page: Page, slug: string, name: string): Promise<string> {
	return postHouse(page, slug, { name, commune: 'Aubrac', seats: '6', monthlyCost: '900' });
}

/**
 * A company with two houses: its owner calls the first home, and each name in `colleagues`
 * joins through a link and calls the house given beside it home (or none).
 */
export async function companyWithTwoHouses(
	openProfile: Fixtures['openProfile'],
	options: {
		company: string;
		houses: [string, string];
		owner: string;
		colleagues: Array<{ name: string; house: string | null }>;
	}
) {
	const owner = await openProfile();
	await postSignUp(owner, options.owner, uniqueEmail('owner'));
	const slug = await postCompany(owner, options.company);
	const houseIds = new Map<string, string>();
	for (const house of options.houses) houseIds.set(house, await addHouse(owner, slug, house));
	await postHomeHouse(owner, slug, houseIds.get(options.houses[0])!);
	const colleagues: Page[] = [];
	for (const colleague of options.colleagues) {
		// The link the page makes is for one person: one each.
		const link = await postInvitationLink(owner, slug);
		const page = await openProfile();
		await postJoin(page, link, colleague.name);
		if (colleague.house) await postHomeHouse(page, slug, houseIds.get(colleague.house)!);
		colleagues.push(page);
	}
	return { slug, owner, colleagues };
}

/** The card of one room on the rooms page. */
export function roomCard(page: Page, room: string) {
	return page.getByRole('listitem', { name: room, exact: true });
}

/**
 * From the rooms page: Join, then "Join now" on the pre-join screen (with "audio only" checked
 * first if asked); waits until connected.
 */
export async function joinRoom(
	page: Page,
	slug: string,
	room: string,
	{ audioOnly = false }: { audioOnly?: boolean } = {}
) {
	await page.goto(`/${slug}/rooms`);
	await page.getByRole('link', { name: `Join ${room}` }).click();
	await expect(page.getByRole('heading', { level: 1, name: room })).toBeVisible();
	if (audioOnly) {
		await page.getByLabel('Audio only (weak connection: no video sent or received)').check();
	}
	const joinNow = page.getByRole('button', { name: 'Join now' });
	await expect(joinNow).toBeEnabled({ timeout: 15_000 });
	await joinNow.click();
	await expect(page.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });
}

/** The tile of someone's camera in the call. */
export function tileOf(page: Page, name: string) {
	return page.getByRole('figure', { name, exact: true });
}

/** The video in a tile plays: it has a size and its frames advance. */
export async function expectVideoPlays(page: Page, name: string) {
	const video = tileOf(page, name).locator('video');
	// No video element: say whether the call paused video for a weak link (its own notice), the
	// first thing to know when this fails on a slow machine.
	const weak = page.locator('[data-link-weak]');
	await expect(video)
		.toHaveCount(1, { timeout: 20_000 })
		.catch(async (error: Error) => {
			if (!(await weak.isVisible())) throw error;
			const notice = await weak.innerText();
			throw new Error(`${error.message}\nThe call paused video: "${notice}"`, { cause: error });
		});
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 20_000 })
		.toBeGreaterThan(0);
	const before = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 })
		.toBeGreaterThan(before);
}
