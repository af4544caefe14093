// A colleague knocks while the board is open: the knock is seen and answered, and no card of the
// board is hidden under it — on a desktop as the page opens (fixed at the bottom right, it covered
// the cards of the right-hand column, the person's own first), and on a phone wherever a card is
// scrolled to.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { companyWith, createHouse } from './stand-up-support';

const HOUSES = ['Maison du Lioran', 'Maison de Murat', 'Maison d’Allanche'];

/** Whether what a person sees at the centre of `card` is the card itself, not something above it. */
async function shownAtItsCentre(page: Page, card: Locator): Promise<boolean> {
	return card.evaluate((element) => {
		const box = element.getBoundingClientRect();
		const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
		return top !== null && element.contains(top);
	});
}

test('a knock on the board leaves every card in view and is answered, on a desktop and on a phone', async ({
	openProfile
}) => {
	test.setTimeout(150_000);
	const {
		slug,
		manager: marc,
		members: [anna]
	} = await companyWith(openProfile, 'Marc Aubert', ['Anna Vidal']);
	for (const [index, house] of HOUSES.entries()) {
		await createHouse(marc, slug, house, `Commune ${index + 1}`, 'Europe/Paris');
	}

	await anna.setViewportSize({ width: 1280, height: 800 });
	await anna.goto(`/${slug}`);
	await anna.waitForLoadState('networkidle');
	await marc.goto(`/${slug}`);
	await marc.getByRole('button', { name: 'Knock on Anna Vidal’s door' }).click();
	await expect(marc.getByTestId('knock-sent')).toContainText('Knocking on Anna Vidal’s door…');

	// Anna sees it as the board stands, without scrolling…
	const prompt = anna.getByRole('group', { name: 'Marc Aubert is knocking' });
	await expect(prompt).toBeInViewport();
	await anna.screenshot({ path: test.info().outputPath('knock-1280.png') });
	// …and it hides none of the cards on the screen: the three houses' (the third at the right of
	// the first row), and the people's in the right-hand column.
	const houseCards = anna.getByTestId('house-card');
	await expect(houseCards).toHaveCount(3);
	const third = houseCards.nth(2);
	// Houses come in reading order (src/lib/name-order.ts): d’Allanche, de Murat, du Lioran.
	await expect(third).toContainText('Maison du Lioran');
	await expect(third).toBeInViewport();
	expect(await shownAtItsCentre(anna, third)).toBe(true);
	for (const card of [...(await houseCards.all()), ...(await anna.getByTestId('person').all())]) {
		if (await card.isVisible()) {
			await card.evaluate((element) => element.scrollIntoView({ block: 'nearest' }));
			expect(await shownAtItsCentre(anna, card)).toBe(true);
		}
	}

	// On a phone too, wherever a card is brought into view.
	await anna.setViewportSize({ width: 360, height: 740 });
	await expect(prompt).toBeInViewport();
	await anna.screenshot({ path: test.info().outputPath('knock-360.png'), fullPage: false });
	for (const card of await houseCards.all()) {
		for (const block of ['start', 'center', 'end'] as const) {
			await card.evaluate((element, block) => element.scrollIntoView({ block }), block);
			expect(await shownAtItsCentre(anna, card), `${block}`).toBe(true);
		}
	}

	// Still answerable: "Not now" is told back to Marc.
	await prompt.getByRole('button', { name: 'Not now' }).click();
	await expect(prompt).toHaveCount(0);
	await expect(marc.getByTestId('knock-sent')).toContainText('Anna Vidal can’t talk now.');
});
