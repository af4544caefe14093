// On a laptop (1280 × 720) the call stays in the page, its controls stuck to the window's bottom.
// Found on a tour: a fourth person's tile began under the controls until the page was scrolled,
// a shared screen two columns wide (990 × 560 with the chat closed) ran below them, and a
// reaction floated over the last tile's name. Now every tile is whole between the call's status
// line and the controls as the call starts, and a reaction shows on its sender's tile.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postInvitationLink, postJoin, postSignUp, uniqueEmail } from './support';
import { joinRoom, tileOf } from './video-support';

const LAPTOP = { width: 1280, height: 720 };

/** The tiles (`count` of them) that are not whole in the window above the controls. */
async function expectEveryoneAboveControls(page: Page, count: number) {
	const tiles = page.locator('[data-tile]');
	await expect(tiles).toHaveCount(count, { timeout: 20_000 });
	const bar = page.getByRole('toolbar', { name: 'Call controls' });
	await expect(bar).toBeInViewport({ ratio: 1 });
	// The tiles settle once the stage has measured its space (a frame after a change).
	await expect
		.poll(async () => {
			const barTop = (await bar.boundingBox())!.y;
			const rects = await tiles.evaluateAll((figures) =>
				figures.map((figure) => {
					const { top, bottom, left, right } = figure.getBoundingClientRect();
					return { name: figure.getAttribute('aria-label'), top, bottom, left, right };
				})
			);
			return rects
				.filter((r) => r.top < 0 || r.bottom > barTop || r.left < 0 || r.right > LAPTOP.width)
				.map((r) => `${r.name}: ${Math.round(r.top)}–${Math.round(r.bottom)}, bar at ${barTop}`);
		})
		.toEqual([]);
}

/** Boxes overlap. */
function overlap(
	a: { x: number; y: number; width: number; height: number },
	b: { x: number; y: number; width: number; height: number }
) {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('on a laptop everyone in the call, and a shared screen, fit above the controls', async ({
	openProfile
}) => {
	test.setTimeout(240_000);
	const owner = await openProfile({ viewport: LAPTOP });
	await postSignUp(owner, 'Agathe Brun', uniqueEmail('agathe'));
	const company = `Scierie ${Date.now().toString(36)}`;
	const slug = await postCompany(owner, company);
	const colleagues: Page[] = [];
	for (const name of ['Lucas Morel', 'Inès Faure', 'Marc Petit']) {
		const link = await postInvitationLink(owner, slug);
		const page = await openProfile({ viewport: LAPTOP });
		await postJoin(page, link, name);
		colleagues.push(page);
	}
	const [lucas, ines, marc] = colleagues;

	await joinRoom(owner, slug, 'All hands');
	await joinRoom(lucas, slug, 'All hands');
	// The room's title stays in view above the call.
	await expect(owner.getByRole('heading', { level: 1, name: 'All hands' })).toBeInViewport();

	// Lucas shares his screen: the screen and both people are whole, with the chat beside them
	// (open from 1024 px) and without it; the screen keeps its shape.
	await lucas.getByRole('button', { name: 'Share screen' }).click();
	await expect(lucas.getByRole('button', { name: 'Stop sharing' })).toBeVisible({
		timeout: 20_000
	});
	const screen = tileOf(owner, 'Lucas Morel’s screen');
	await expect(screen).toBeVisible({ timeout: 20_000 });
	await expect(owner.getByRole('textbox', { name: 'Message' })).toBeInViewport();
	await expectEveryoneAboveControls(owner, 3);
	await owner.getByRole('button', { name: 'Chat' }).click();
	await expect(owner.getByRole('textbox', { name: 'Message' })).toBeHidden();
	await expectEveryoneAboveControls(owner, 3);
	const screenBox = (await screen.boundingBox())!;
	expect(screenBox.width / screenBox.height).toBeCloseTo(16 / 9, 1);
	// Larger than the people still.
	expect(screenBox.width).toBeGreaterThan(
		(await tileOf(owner, 'Lucas Morel').boundingBox())!.width
	);

	// A reaction shows on its sender's tile, and covers no one's name.
	await lucas.locator('[data-call-controls] summary', { hasText: 'Reactions' }).click();
	await lucas.getByRole('button', { name: 'React with 🎉' }).click();
	const reaction = tileOf(owner, 'Lucas Morel').getByText('🎉');
	await expect(reaction).toBeVisible();
	const reactionBox = (await reaction.boundingBox())!;
	for (const name of await owner.locator('[data-tile-name]').all()) {
		expect(overlap(reactionBox, (await name.boundingBox())!)).toBe(false);
	}
	// Screen readers hear it as before.
	await expect(owner.getByRole('list', { name: 'Reactions' })).toContainText('🎉 Lucas Morel');

	// Four people (two of them listening only, the machine encodes less): all of them whole,
	// without the chat and with it.
	await lucas.getByRole('button', { name: 'Stop sharing' }).click();
	await joinRoom(ines, slug, 'All hands', { audioOnly: true });
	await joinRoom(marc, slug, 'All hands', { audioOnly: true });
	await expectEveryoneAboveControls(owner, 4);
	await owner.getByRole('button', { name: 'Chat' }).click();
	await expect(owner.getByRole('textbox', { name: 'Message' })).toBeInViewport();
	await expectEveryoneAboveControls(owner, 4);

	// The same on the page of the last to join.
	await expectEveryoneAboveControls(marc, 4);
});
