// Reacting from a phone. Found on a tour: at 360 px the reactions picker opened from its button
// towards the right and ran off the screen, two reactions out of reach and the page scrolling
// sideways; and the call's controls were announced as "Devices".
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';
import { joinRoom } from './video-support';

const REACTIONS = ['👍', '👏', '😂', '❤️', '🎉', '🤔'];

test('every reaction is within reach on a phone', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await postSignUp(page, 'Rosa Reaction', uniqueEmail('rosa'));
	const slug = await postCompany(page, `Coop ${Date.now().toString(36)}`);
	await joinRoom(page, slug, 'All hands');

	// The button's label is for screen readers only on a phone: it is the smiley of the bar.
	await page.locator('[data-call-controls] summary').click();
	for (const emoji of REACTIONS) {
		await expect(page.getByRole('button', { name: `React with ${emoji}` })).toBeInViewport({
			ratio: 1
		});
	}
	expect(
		await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		)
	).toBeLessThanOrEqual(0);

	await page.getByRole('button', { name: 'React with 🤔' }).click();
	await expect(page.getByRole('button', { name: 'React with 🤔' })).toBeHidden();

	// The bar is named for what it holds (its Devices button opens the device pickers).
	await expect(page.getByRole('toolbar', { name: 'Call controls' })).toBeVisible();
});
