// Someone who uses the keyboard (or a screen reader) reacts, leaves and joins again. Found on a
// tour: after each of these the control that held the focus went away (the picker closing, the
// call ending, the "Join again" button giving way to the pre-join screen) and the focus fell back
// to the top of the page.
import { expect, test } from './fixtures';
import { postCompany, postSignUp, uniqueEmail } from './support';
import { joinRoom } from './video-support';

test('after a reaction, leaving and joining again, the focus stays where the person is', async ({
	page
}) => {
	test.setTimeout(90_000);
	await page.setViewportSize({ width: 1280, height: 800 });
	await postSignUp(page, 'Nora Clavier', uniqueEmail('nora'));
	const slug = await postCompany(page, `Atelier ${Date.now().toString(36)}`);
	await joinRoom(page, slug, 'All hands');

	const reactions = page.locator('[data-call-controls] summary');
	await reactions.focus();
	await page.keyboard.press('Enter');
	await page.getByRole('button', { name: 'React with 👏' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: 'React with 👏' })).toBeHidden();
	await expect(reactions).toBeFocused();

	await page.getByRole('button', { name: 'Leave' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: 'Join again' })).toBeFocused();

	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Ready to join?' })).toBeFocused();
});
