import { expect, test } from './fixtures';
import { signUpInFrench, uniqueEmail } from './support';
import type { Locator } from '@playwright/test';

/** The distinct tops of some elements, rounded: one value when they sit on one line. */
async function tops(items: Locator): Promise<number[]> {
	const boxes = await items.evaluateAll((elements) =>
		elements.map((element) => Math.round(element.getBoundingClientRect().top))
	);
	return [...new Set(boxes)];
}

test('on a laptop in French, an owner sees every company tab on one line and each room’s buttons beside its name', async ({
	openProfile
}) => {
	const page = await openProfile({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
	await signUpInFrench(page, 'Odile Fabre', uniqueEmail('odile'));
	await page.goto('/companies');
	await page.getByLabel('Nom de l’entreprise').fill('Coopérative des Cimes');
	await page.getByRole('button', { name: 'Créer l’entreprise' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Coopérative des Cimes' })
	).toBeVisible();
	const slug = new URL(page.url()).pathname.slice(1);

	// "Journal d’audit" dropped alone onto a second line.
	const tabs = page.getByRole('navigation', { name: 'Coopérative des Cimes' }).getByRole('link');
	await expect(tabs.last()).toHaveText('Journal');
	expect(await tops(tabs)).toHaveLength(1);

	// A long name put Archive and Enter under it; a short one kept them on its right.
	await page.goto(`/${slug}/rooms`);
	for (const name of ['Café', 'Point hebdo ☕ <script>alert(1)</script> avec toute l’équipe']) {
		await page.getByLabel('Nom', { exact: true }).fill(name);
		await page.getByRole('button', { name: 'Créer la salle' }).click();
		await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
	}
	for (const name of ['Café', 'Point hebdo']) {
		const card = page.locator('li[data-room]', { has: page.getByRole('heading', { name }) });
		const title = await card.getByRole('heading', { name }).boundingBox();
		const join = await card.getByRole('link', { name: /^Entrer/ }).boundingBox();
		expect(join!.y, name).toBeLessThan(title!.y + title!.height);
		expect(join!.x, name).toBeGreaterThan(title!.x + title!.width);
	}
});
