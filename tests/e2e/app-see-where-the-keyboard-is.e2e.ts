// Every stop on the board shows where the keyboard is: a global rule used to remove the outline
// from links, buttons and fields, and 10 of the board's 29 tab stops showed nothing.
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';

test('someone tabs through the board and sees each stop, in light and dark', async ({
	openProfile
}) => {
	const page = await openProfile();
	await postSignUp(page, 'Agathe Rivière', uniqueEmail('focus'));
	await page.goto(`/${await postCompany(page, 'Atelier du Clavier')}`);
	await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');

	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		await page.locator('body').click({ position: { x: 1, y: 1 } });
		const unseen: string[] = [];
		for (let stop = 0; stop < 29; stop += 1) {
			await page.keyboard.press('Tab');
			const focused = await page.evaluate(() => {
				const element = document.activeElement as HTMLElement | null;
				if (!element || element === document.body) return null;
				const style = getComputedStyle(element);
				const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
				const ring = style.boxShadow !== 'none';
				return {
					seen: outline || ring,
					name: `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 40)}"`
				};
			});
			if (focused && !focused.seen) unseen.push(focused.name);
		}
		expect(unseen, `${colorScheme}: stops without a visible focus`).toEqual([]);
	}
});
