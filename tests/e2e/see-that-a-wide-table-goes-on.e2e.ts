// A manager reads the team week on a 360 px phone: the table is wider than the screen and scrolls
// inside its box. Found on a tour of a company's pages: nothing said there was more to the right
// (the tabs above already faded out at such an edge). The table now fades the same way, and its
// box can be reached with the keyboard and scrolled with the arrows.
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { companyWith } from './stand-up-support';

/** Which edges of the scrolling box fade out, as the browser applies its mask. */
const fadingEdges = (box: Locator) =>
	box.evaluate((element) => {
		const style = getComputedStyle(element);
		const mask = style.maskImage || style.getPropertyValue('-webkit-mask-image');
		const clear = '(transparent|rgba\\(0, 0, 0, 0\\))';
		return {
			left: new RegExp(`^linear-gradient\\(to right, ${clear},`).test(mask),
			right: new RegExp(`, ${clear}\\)$`).test(mask)
		};
	});

test('a wide table on a phone fades where more lies, and the keyboard scrolls it', async ({
	openProfile
}) => {
	const { slug, manager } = await companyWith(openProfile, 'Olivia Owner', ['Anna Vidal']);
	await manager.setViewportSize({ width: 360, height: 740 });
	await manager.goto(`/${slug}/team`);

	const table = manager.getByRole('region', { name: 'Team week', exact: true });
	await expect(table.getByRole('table')).toBeVisible();
	// More to the right, none to the left: the right edge fades out.
	await expect.poll(() => fadingEdges(table)).toEqual({ left: false, right: true });

	// The box takes focus (after the tabs and links above it) and the arrows scroll it.
	await expect(table).toHaveAttribute('tabindex', '0');
	await table.focus();
	await expect(table).toBeFocused();
	for (let i = 0; i < 30; i++) await manager.keyboard.press('ArrowRight');
	await expect.poll(() => table.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
	// At the far end: the left edge fades now, and the right one no longer.
	await table.evaluate((element) => (element.scrollLeft = element.scrollWidth));
	await expect.poll(() => fadingEdges(table)).toEqual({ left: true, right: false });

	// On a desktop the whole week fits: no fade, and no stop for the keyboard.
	await manager.setViewportSize({ width: 1280, height: 800 });
	await expect.poll(() => fadingEdges(table)).toEqual({ left: false, right: false });
	await expect(table).not.toHaveAttribute('tabindex');
});
