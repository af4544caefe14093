// On a phone the call's controls are a bar at the bottom of the screen. Found on a tour: the bar,
// stuck over the page, covered the bottom of the second person's tile (their name, their muted
// mark). Now the call fills the phone's window and the tiles share what the bar leaves them,
// upright and sideways, with two, three and four people and with a shared screen.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postInvitationLink, postJoin, postSignUp, uniqueEmail } from './support';
import { joinRoom } from './video-support';

const PHONE = { width: 360, height: 740 };
const PHONE_SIDEWAYS = { width: 740, height: 360 };

/** Every tile (`count` of them) ends above the controls, and nothing lies over its last line. */
async function expectTilesAboveControls(page: Page, count: number) {
	const tiles = page.locator('[data-tile]');
	await expect(tiles).toHaveCount(count, { timeout: 20_000 });
	const bar = page.getByRole('toolbar', { name: 'Call controls' });
	await expect(bar).toBeInViewport({ ratio: 1 });
	// The grid settles once it has measured its space (a frame after a tile comes or goes).
	await expect
		.poll(async () => {
			const barTop = (await bar.boundingBox())!.y;
			const bottoms = await tiles.evaluateAll((figures) =>
				figures.map((figure) => figure.getBoundingClientRect().bottom)
			);
			return Math.max(...bottoms) - barTop;
		})
		.toBeLessThanOrEqual(0);
	// The caption of the last tile is what a person reads there: nothing covers it.
	const last = tiles.last();
	const box = (await last.boundingBox())!;
	const onTop = await page.evaluate(
		({ x, y, key }) =>
			!!document.elementFromPoint(x, y)?.closest(`[data-tile="${CSS.escape(key)}"]`),
		{ x: box.x + 12, y: box.y + box.height - 6, key: (await last.getAttribute('data-tile'))! }
	);
	expect(onTop).toBe(true);
	expect(
		await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		)
	).toBeLessThanOrEqual(0);
}

test('on a phone, upright or sideways, every tile ends above the call controls', async ({
	openProfile
}) => {
	test.setTimeout(240_000);
	const owner = await openProfile({ viewport: { width: 1280, height: 800 } });
	await postSignUp(owner, 'Agathe Brun', uniqueEmail('agathe'));
	const company = `Scierie ${Date.now().toString(36)}`;
	const slug = await postCompany(owner, company);
	const colleagues: Page[] = [];
	for (const name of ['Lucas Morel', 'Inès Faure', 'Marc Petit']) {
		const link = await postInvitationLink(owner, slug);
		const page = await openProfile({ viewport: PHONE, isMobile: true, hasTouch: true });
		await postJoin(page, link, name);
		colleagues.push(page);
	}
	const [lucas, ines, marc] = colleagues;

	await joinRoom(lucas, slug, 'All hands');
	await joinRoom(owner, slug, 'All hands');
	await expectTilesAboveControls(lucas, 2);
	// Each control is a finger's size on the phone.
	for (const control of await lucas
		.getByRole('toolbar', { name: 'Call controls' })
		.locator('button:visible, summary, select')
		.all()) {
		const box = (await control.boundingBox())!;
		expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
	}

	// The others listen only: their tiles take the same place, and the machine encodes less.
	await joinRoom(ines, slug, 'All hands', { audioOnly: true });
	await expectTilesAboveControls(lucas, 3);
	await joinRoom(marc, slug, 'All hands', { audioOnly: true });
	await expectTilesAboveControls(lucas, 4);

	await owner.getByRole('button', { name: 'Share screen' }).click();
	await expect(owner.getByRole('button', { name: 'Stop sharing' })).toBeVisible({
		timeout: 20_000
	});
	await expectTilesAboveControls(lucas, 5);
	await lucas.setViewportSize(PHONE_SIDEWAYS);
	await expectTilesAboveControls(lucas, 5);

	// Sideways with the chat open, and back upright: the tiles still end above the bar.
	await lucas.getByRole('button', { name: 'Chat' }).click();
	await expect(lucas.getByRole('textbox', { name: 'Message' })).toBeInViewport();
	await expectTilesAboveControls(lucas, 5);
	await lucas.setViewportSize(PHONE);
	await expectTilesAboveControls(lucas, 5);
	await expect(lucas.getByRole('textbox', { name: 'Message' })).toBeInViewport();

	// Leaving gives the page back, with its header.
	await lucas.getByRole('button', { name: 'Leave' }).click();
	await expect(lucas.getByRole('button', { name: 'Join again' })).toBeInViewport();
});
