// A manager runs a call from a phone (360 × 740). Found on a tour: the call, which covers the page
// there, showed the room's name nowhere; "End for everyone" and its confirmation made the control
// bar three rows high; and the ⋯ menu of a small tile was cut off by the tile and ran off the
// screen's left edge. Now the room's name heads the call, "End for everyone" waits in a menu above
// a bar of two rows, and a tile's menu opens whole in the window. Armed, "End for everyone" can be
// taken back (Cancel, Escape, a tap elsewhere), on a phone and on a wide screen.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { postCompany, postInvitationLink, postJoin, postSignUp, uniqueEmail } from './support';
import { joinRoom, tileOf } from './video-support';

const PHONE = { width: 360, height: 740 };
/** Two rows of 44 px controls and the gap between them. */
const TWO_ROWS = 2 * 44 + 8;

/** A control a finger can reach: whole on the screen, and nothing lies over its middle. */
async function expectWithinReach(page: Page, name: string) {
	const control = page.getByRole('button', { name, exact: true });
	await expect(control).toBeInViewport({ ratio: 1 });
	const box = (await control.boundingBox())!;
	const onTop = await control.evaluate(
		(element, { x, y }) => element.contains(document.elementFromPoint(x, y)),
		{ x: box.x + box.width / 2, y: box.y + box.height / 2 }
	);
	expect(onTop, `${name} is not covered`).toBe(true);
}

test('a manager on a phone sees the room, moderates a small tile and ends the call', async ({
	openProfile
}) => {
	test.setTimeout(240_000);
	const owner = await openProfile({ viewport: PHONE, isMobile: true, hasTouch: true });
	await postSignUp(owner, 'Agathe Brun', uniqueEmail('agathe'));
	const company = `Scierie ${Date.now().toString(36)}`;
	const slug = await postCompany(owner, company);
	const colleagues: Page[] = [];
	for (const name of ['Lucas Morel', 'Inès Faure']) {
		const link = await postInvitationLink(owner, slug);
		const page = await openProfile();
		await postJoin(page, link, name);
		colleagues.push(page);
	}
	const [lucas, ines] = colleagues;

	await joinRoom(owner, slug, 'All hands');
	await joinRoom(lucas, slug, 'All hands');
	await joinRoom(ines, slug, 'All hands', { audioOnly: true });
	await expect(owner.locator('[data-tile]')).toHaveCount(3, { timeout: 20_000 });

	// The room's name is on the call itself, not under it.
	const call = owner.locator('[data-call-layout="phone"]');
	const roomName = call.getByText('All hands', { exact: true });
	await expect(roomName).toBeInViewport({ ratio: 1 });
	const nameBox = (await roomName.boundingBox())!;
	expect(
		await roomName.evaluate(
			(element, { x, y }) => element.contains(document.elementFromPoint(x, y)),
			{ x: nameBox.x + nameBox.width / 2, y: nameBox.y + nameBox.height / 2 }
		)
	).toBe(true);

	// Two rows of controls for a manager too.
	const bar = owner.getByRole('toolbar', { name: 'Call controls' });
	expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(TWO_ROWS);

	// With the chat open the tiles are small: each one's ⋯ menu opens whole on the screen.
	await owner.getByRole('button', { name: 'Chat' }).click();
	await expect(owner.getByRole('textbox', { name: 'Message' })).toBeInViewport();
	for (const person of ['Lucas Morel', 'Inès Faure']) {
		const menu = owner.getByLabel(`Moderate ${person}`);
		await menu.click();
		for (const item of ['Mute microphone', 'Turn camera off', 'Remove from the room']) {
			await expectWithinReach(owner, item);
		}
		await menu.click();
		await expect(owner.getByRole('button', { name: 'Remove from the room' })).toBeHidden();
	}
	// And it works from there.
	await owner.getByLabel('Moderate Lucas Morel').click();
	await owner.getByRole('button', { name: 'Turn camera off', exact: true }).click();
	// The menu closes once the action is sent (left open, it read as not done).
	await expect(owner.getByRole('button', { name: 'Remove from the room' })).toBeHidden();
	await expect(tileOf(owner, 'Lucas Morel').locator('video')).toHaveCount(0, { timeout: 10_000 });
	// Muted, his microphone is not offered to mute again.
	const lucasMenu = owner.getByLabel('Moderate Lucas Morel');
	const muteLucas = owner.getByRole('button', { name: 'Mute microphone', exact: true });
	await lucasMenu.click();
	await expect(muteLucas).toBeEnabled();
	await muteLucas.click();
	await expect(muteLucas).toBeHidden();
	await lucasMenu.click();
	await expect(muteLucas).toBeDisabled({ timeout: 10_000 });
	await lucasMenu.click();
	await expect(muteLucas).toBeHidden();

	// On a wide screen "End for everyone" sits in the bar. Asked for, it can be taken back with
	// Cancel or Escape (it once stayed armed beside Leave with no way back), focus returns to it and
	// the call goes on.
	const question = owner.getByText('End the meeting for everyone in it?');
	const endForEveryone = owner.getByRole('button', { name: 'End for everyone', exact: true });
	const cancel = owner.getByRole('button', { name: 'Cancel', exact: true });
	await owner.setViewportSize({ width: 1280, height: 800 });
	await expect(owner.locator('[data-call-layout="page"]')).toBeVisible();
	await endForEveryone.click();
	await expect(question).toBeVisible();
	await expect(cancel).toBeFocused();
	await cancel.click();
	await expect(question).toBeHidden();
	await expect(endForEveryone).toBeFocused();
	await endForEveryone.click();
	await expect(question).toBeVisible();
	await owner.keyboard.press('Escape');
	await expect(question).toBeHidden();
	await expect(cancel).toBeHidden();
	await expect(endForEveryone).toBeFocused();
	await owner.setViewportSize(PHONE);
	await expect(call).toBeVisible();

	// On a phone "End for everyone" is in the bar's menu; asking for it keeps the bar two rows high,
	// Escape takes it back there too, and the confirmation ends the call.
	await owner.getByRole('button', { name: 'More actions' }).click();
	await endForEveryone.click();
	await expect(question).toBeInViewport();
	await expectWithinReach(owner, 'Cancel');
	await owner.keyboard.press('Escape');
	await expect(question).toBeHidden();
	await expect(endForEveryone).toBeFocused();
	// A tap anywhere else takes it back too (it stayed armed).
	await endForEveryone.click();
	await expect(question).toBeInViewport();
	await roomName.tap();
	await expect(question).toBeHidden();
	await expect(endForEveryone).toBeVisible();
	// Nobody's call ended meanwhile.
	for (const page of [owner, lucas, ines]) {
		await expect(page.locator('[data-call-phase]')).toHaveText('Connected');
	}
	await expect(owner.locator('[data-tile]')).toHaveCount(3);
	await endForEveryone.click();
	await expect(question).toBeInViewport();
	await expectWithinReach(owner, 'End for everyone');
	expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(TWO_ROWS);
	await endForEveryone.click();
	await expect(ines.getByText('The meeting was ended for everyone.')).toBeVisible({
		timeout: 15_000
	});
});
