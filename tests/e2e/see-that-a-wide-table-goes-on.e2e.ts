// A manager reads the team week on a 360 px phone: the table is wider than the screen and scrolls
// inside its box. Found on a tour of a company's pages: nothing said there was more to the right
// (the tabs above already faded out at such an edge). The table now fades the same way, and its
// box can be reached with the keyboard and scrolled with the arrows. Its first column (whose row it
// is) stays in view while the days scroll under it, in both languages (also from a tour: the names
// scrolled away with the days, and a long half-day cell was cut at the edge with no name beside it).
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { companyWith } from './stand-up-support';
import { signUpInFrench, uniqueEmail } from './support';

/** Which edges of the scrolling box fade out, as the browser applies its mask. */
const fadingEdges = (box: Locator) =>
	box.evaluate((element) => {
		const style = getComputedStyle(element);
		const mask = style.maskImage || style.getPropertyValue('-webkit-mask-image');
		const clear = '(transparent|rgba\\(0, 0, 0, 0\\))';
		return {
			// From the edge, or (a table whose first column stays in view) from that column's end.
			left: new RegExp(`^linear-gradient\\(to right, (rgb\\(0, 0, 0\\) [\\d.]+px, )?${clear}`).test(
				mask
			),
			right: new RegExp(`, ${clear}\\)$`).test(mask)
		};
	});

/** Where the start's fade begins, in pixels from the box's left edge (0: at the edge). */
const fadeStart = (box: Locator) =>
	box.evaluate((element) => {
		const style = getComputedStyle(element);
		const mask = style.maskImage || style.getPropertyValue('-webkit-mask-image');
		return Number(/^linear-gradient\(to right, rgb\(0, 0, 0\) ([\d.]+)px,/.exec(mask)?.[1] ?? 0);
	});

/**
 * The first column's cell of `row` stays in view while the table scrolls to its end, at the
 * box's start, on top of the days that slide under it and with a background of its own (they
 * do not show through); its heading stays with it.
 */
async function expectFirstColumnKept(page: Page, table: Locator, row: string) {
	const cell = table.getByRole('rowheader', { name: row });
	const before = (await cell.boundingBox())!;
	const scrollTo = async (left: number) => {
		await table.evaluate((element, to) => (element.scrollLeft = to), left);
		await expect.poll(() => table.evaluate((element) => element.scrollLeft)).toBeGreaterThan(50);
		return (await cell.boundingBox())!;
	};
	const partWay = await scrollTo(100);
	const atTheEnd = await scrollTo(100_000);
	expect(Math.abs(atTheEnd.x - partWay.x)).toBeLessThan(1);
	expect(atTheEnd.x).toBeLessThanOrEqual(before.x);
	expect(atTheEnd.x + atTheEnd.width).toBeLessThanOrEqual(page.viewportSize()!.width);
	const shown = await cell.evaluate((element) => {
		const box = element.getBoundingClientRect();
		const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
		return {
			onTop: element.contains(hit),
			background: getComputedStyle(element).backgroundColor
		};
	});
	expect(shown.onTop).toBe(true);
	expect(shown.background).not.toMatch(/^(transparent|rgba\(0, 0, 0, 0\))$/);
	// Nothing of the days passes on the column's left, between it and the box's edge.
	const boxLeft = (await table.boundingBox())!.x;
	expect(Math.abs(atTheEnd.x - boxLeft)).toBeLessThan(1);
	// The start's fade runs beside the column, not over it.
	expect(await fadeStart(table)).toBeGreaterThanOrEqual(
		Math.floor(atTheEnd.x + atTheEnd.width - boxLeft) - 1
	);
	const heading = table.getByRole('columnheader').first();
	expect(Math.abs((await heading.boundingBox())!.x - atTheEnd.x)).toBeLessThan(1);
}

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

test('on a phone, the team week keeps whose row it is in view while the days scroll', async ({
	openProfile
}) => {
	const { slug, manager } = await companyWith(openProfile, 'Olivia Owner', [
		'Anne-Sophie Delacroix-Montagnac'
	]);
	await manager.setViewportSize({ width: 360, height: 740 });
	await manager.goto(`/${slug}/team`);
	const table = manager.getByRole('region', { name: 'Team week', exact: true });
	await expect(table.getByRole('table')).toBeVisible();
	await expectFirstColumnKept(manager, table, 'Anne-Sophie Delacroix-Montagnac');
});

test('in French, the team week keeps the names column in view on a phone', async ({
	openProfile
}) => {
	const page = await openProfile({ locale: 'fr-FR', viewport: { width: 360, height: 740 } });
	await signUpInFrench(page, 'Bérénice Chassagne-Laroque', uniqueEmail('semaine'));
	await page.goto('/companies');
	await page.getByLabel('Nom de l’entreprise').fill(`Coop ${Date.now().toString(36)}`);
	await page.getByRole('button', { name: 'Créer l’entreprise' }).click();
	await expect(page).toHaveURL(/\/coop-[a-z0-9-]+$/);
	await page.goto(`${new URL(page.url()).pathname}/team`);
	const table = page.getByRole('region', { name: 'Semaine de l’équipe', exact: true });
	await expect(table.getByRole('columnheader', { name: 'Personne' })).toBeVisible();
	await expectFirstColumnKept(page, table, 'Bérénice Chassagne-Laroque');
});
