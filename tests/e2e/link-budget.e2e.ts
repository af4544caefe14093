// Two people at a house whose declared upload is small, both in the house's call: each is told
// that video was reduced for the house, and each camera sends only its lowest simulcast layer
// (read from livekit-client's sender on the page), while they still see and hear each other.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openBoard, teamWithAHouse } from './presence-support';
import { joinRoom, tileOf } from './video-support';

test('two people sharing a house’s small uplink are told video was reduced and send the lowest layer', async ({
	openProfile
}) => {
	test.setTimeout(180_000);
	const { manager, member, slug } = await teamWithAHouse(openProfile, {
		company: 'Coopérative du Cantal',
		house: 'Maison Murat',
		seats: '6',
		cost: '600'
	});

	// The manager declares the house's link: 700 kbit/s up, enough for two microphones and two
	// cameras at their lowest layer, not more.
	await manager.goto(`/${slug}/houses`);
	await manager.locator('a[href*="/houses/"]', { hasText: 'Maison Murat' }).first().click();
	const edit = manager.locator('form[action="?/update"]');
	await edit.getByLabel('Upload (kbit/s)').fill('12');
	await edit.getByRole('button', { name: 'Save changes' }).click();
	await expect(edit.getByText('from 64 to 1,000,000, or leave it empty')).toBeVisible();
	await edit.getByLabel('Upload (kbit/s)').fill('700');
	await edit.getByRole('button', { name: 'Save changes' }).click();
	await expect(edit.getByText('Changes saved.')).toBeVisible();
	await expect(manager.getByText('upload 700 kbit/s')).toBeVisible();

	// Both are at the house today.
	for (const page of [manager, member]) {
		await openBoard(page, slug);
		await page.getByRole('button', { name: 'I’m at Maison Murat today' }).click();
		await expect(page.getByText('You’re at Maison Murat today')).toBeVisible();
	}

	await joinRoom(manager, slug, 'Maison Murat');
	// The member joins second: his page knows the house's cap before he joins, and his camera's
	// upper layers must be off before any answer lets it send, not turned off once it is sending.
	await recordCameraLayersAtEachAnswer(member);
	await joinRoom(member, slug, 'Maison Murat');

	for (const page of [manager, member]) {
		await expect(page.locator('[data-link-reduced]')).toHaveText(
			'Video reduced: 2 people share Maison Murat’s link',
			{ timeout: 15_000 }
		);
		const call = page.locator('[data-link-send]');
		await expect(call).toHaveAttribute('data-link-send', 'low');
		// The camera's sender: only its first (lowest) encoding is active.
		await expect(call).toHaveAttribute('data-send-layers', /^10+$/, { timeout: 15_000 });
	}
	const layersAtAnswers = await member.evaluate(
		() => (window as unknown as { cameraLayersAtAnswers: boolean[][] }).cameraLayersAtAnswers
	);
	expect(layersAtAnswers.length).toBeGreaterThan(0);
	// Only the lowest layer, of the two or three the camera's size gives.
	for (const layers of layersAtAnswers) expect(layers.map(Number).join('')).toMatch(/^10+$/);
	// Video is reduced, not gone: each still sees the other.
	await expect(tileOf(manager, 'Bastien Roux').locator('video')).toHaveCount(1, {
		timeout: 20_000
	});

	// Alone again, the manager gets her medium layer back (627 kbit/s after her microphone).
	await member.getByRole('button', { name: 'Leave' }).click();
	await expect(manager.locator('[data-link-send]')).toHaveAttribute('data-link-send', 'medium', {
		timeout: 15_000
	});
	await expect(manager.locator('[data-link-send]')).toHaveAttribute('data-send-layers', /^110*$/);
});

/**
 * Records on `page`, each time a peer connection takes an answer (the moment its senders may start
 * sending), which encodings of each camera sender are active, in `window.cameraLayersAtAnswers`.
 */
async function recordCameraLayersAtEachAnswer(page: Page): Promise<void> {
	await page.addInitScript(() => {
		const seen: boolean[][] = [];
		(window as unknown as { cameraLayersAtAnswers: boolean[][] }).cameraLayersAtAnswers = seen;
		const setRemote: (
			this: RTCPeerConnection,
			description: RTCSessionDescriptionInit
		) => Promise<void> = RTCPeerConnection.prototype.setRemoteDescription;
		RTCPeerConnection.prototype.setRemoteDescription = function (
			this: RTCPeerConnection,
			description?: RTCSessionDescriptionInit
		) {
			if (description?.type === 'answer') {
				for (const sender of this.getSenders()) {
					const encodings = sender.getParameters().encodings ?? [];
					if (sender.track?.kind === 'video' && encodings.length > 1) {
						seen.push(encodings.map((encoding) => encoding.active !== false));
					}
				}
			}
			return setRemote.call(this, description as RTCSessionDescriptionInit);
		};
	});
}
