// The signed-out header on a 360 px phone: "Log in" and "Sign up" ("Se connecter", "Créer un
// compte") side by side on one line, neither label broken over two lines, nothing past the edge.
import { expect, test } from './fixtures';

type LinkBox = { text: string; top: number; bottom: number; lines: number };

for (const locale of ['en-GB', 'fr-FR']) {
	test(`the header's links sit on one line at 360 px (${locale})`, async ({ openProfile }) => {
		const page = await openProfile({ locale, viewport: { width: 360, height: 740 } });
		for (const path of ['/signup', '/login']) {
			await page.goto(path);
			const links = page.getByRole('navigation').getByRole('link');
			await expect(links).toHaveCount(2);
			const boxes: LinkBox[] = await links.evaluateAll((elements) =>
				elements.map((element) => {
					const box = element.getBoundingClientRect();
					// One rectangle per line the label's text takes.
					const range = document.createRange();
					range.selectNodeContents(element);
					const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
					return {
						text: element.textContent?.trim() ?? '',
						top: box.top,
						bottom: box.bottom,
						lines: lines.size
					};
				})
			);
			for (const link of boxes) expect(link.lines, `${path}: ${link.text}`).toBe(1);
			const [first, second] = boxes;
			// Side by side: each box's vertical middle lies within the other's height.
			const middle = (box: LinkBox) => (box.top + box.bottom) / 2;
			expect(middle(first), path).toBeGreaterThan(second.top);
			expect(middle(first), path).toBeLessThan(second.bottom);
			expect(middle(second), path).toBeGreaterThan(first.top);
			expect(middle(second), path).toBeLessThan(first.bottom);
			expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBe(360);
		}
	});
}
