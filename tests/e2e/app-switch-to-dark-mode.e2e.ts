// Dark mode follows the device until the person chooses in their profile; the choice is kept
// and is on the page from its first paint (the class on <html> comes from the server).
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createCompany, createDocumentNamed, postSignUp, uniqueEmail } from './support';

/** The page's background lightness, 0 (black) to 1 (white), as the browser painted it. */
function backgroundLightness(page: Page): Promise<number> {
	return page.evaluate(() => {
		const probe = document.createElement('canvas').getContext('2d')!;
		probe.fillStyle = getComputedStyle(document.body).backgroundColor;
		probe.fillRect(0, 0, 1, 1);
		const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
		return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
	});
}

/** An element's text colour's lightness, 0 (black) to 1 (white), as the browser paints it. */
function textLightness(element: Locator): Promise<number> {
	return element.evaluate((node) => {
		const probe = document.createElement('canvas').getContext('2d')!;
		probe.fillStyle = getComputedStyle(node).color;
		probe.fillRect(0, 0, 1, 1);
		const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
		return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
	});
}

test('someone on a dark device gets dark pages, then chooses light, then dark, and it stays', async ({
	openProfile
}) => {
	const page = await openProfile({ colorScheme: 'dark' });
	await postSignUp(page, 'Lucien Morel', uniqueEmail('theme'));
	await page.goto('/companies');
	const html = page.locator('html');

	// No choice yet: the device's.
	await page.goto('/profile');
	await expect(html).toHaveClass('theme-system');
	await expect(page.getByRole('radio', { name: 'Same as this device' })).toBeChecked();
	expect(await backgroundLightness(page)).toBeLessThan(0.2);

	await page.getByRole('radio', { name: 'Light' }).check();
	await page.getByRole('button', { name: 'Save appearance' }).click();
	await expect(page.getByText('Appearance saved.')).toBeVisible();
	await expect(html).toHaveClass('light');
	expect(await backgroundLightness(page)).toBeGreaterThan(0.9);

	await page.getByRole('radio', { name: 'Dark' }).check();
	await page.getByRole('button', { name: 'Save appearance' }).click();
	await expect(html).toHaveClass('dark');

	// Kept, and served with the page: on a light device, in a fresh load, it is dark at once.
	await page.emulateMedia({ colorScheme: 'light' });
	const response = await page.goto('/companies');
	expect(await response!.text()).toMatch(/<html lang="en" class="dark"/);
	await expect(html).toHaveClass('dark');
	expect(await backgroundLightness(page)).toBeLessThan(0.2);
	await page.goto('/profile');
	await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();

	// On the board, initials stay light on the person's colour (it is the same in both themes).
	await createCompany(page, 'Atelier Sombre');
	const initials = page.getByTestId('person').first().locator('.board-avatar');
	await expect(initials).toHaveText('LM');
	expect(await textLightness(initials)).toBeGreaterThan(0.8);

	// A document reads light on dark: its text and headings follow the theme too.
	const slug = new URL(page.url()).pathname.slice(1);
	await createDocumentNamed(page, slug, 'Notes du soir');
	const editor = page.getByRole('textbox', { name: 'Content of Notes du soir' });
	await editor.click();
	await page.keyboard.type('# Ordre du jour');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Le four à pain, la salle du haut.');
	const heading = editor.getByRole('heading', { name: 'Ordre du jour' });
	await expect(heading).toBeVisible();
	expect(await backgroundLightness(page)).toBeLessThan(0.2);
	expect(await textLightness(heading)).toBeGreaterThan(0.8);
	expect(await textLightness(editor.getByText('Le four à pain'))).toBeGreaterThan(0.7);
});
