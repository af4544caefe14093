// Someone watches a colleague's video while the call around it changes (hands go up, microphones
// are muted): the picture goes on without starting over. (Issue 4: every change of the call
// re-attached each video, which restarted its stream — a black tile on a busy machine — and
// told the media server the video was hidden then shown.)
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { companyWithTwoHouses, expectVideoPlays, joinRoom, tileOf } from './video-support';

/** Counts the times the video in `name`'s tile starts loading a stream again from now on. */
async function countRestarts(page: Page, name: string) {
	await tileOf(page, name)
		.locator('video')
		.evaluate((video: HTMLVideoElement) => {
			const counted = video as HTMLVideoElement & { restarts?: number };
			counted.restarts = 0;
			video.addEventListener('emptied', () => (counted.restarts = (counted.restarts ?? 0) + 1));
		});
	return () =>
		tileOf(page, name)
			.locator('video')
			.evaluate(
				(video: HTMLVideoElement) => (video as HTMLVideoElement & { restarts?: number }).restarts
			);
}

test('a video goes on without starting over while hands go up and microphones are muted', async ({
	openProfile
}) => {
	test.setTimeout(180_000);
	const team = await companyWithTwoHouses(openProfile, {
		company: 'Scierie du Morvan',
		houses: ['Maison de Saulieu', 'Maison de Lormes'],
		owner: 'Agathe Moreau',
		colleagues: [{ name: 'Yann Perrin', house: 'Maison de Lormes' }]
	});
	const { slug, owner: agathe } = team;
	const [yann] = team.colleagues;
	await joinRoom(agathe, slug, 'All hands');
	await joinRoom(yann, slug, 'All hands');
	await expectVideoPlays(agathe, 'Yann Perrin');
	const restarts = await countRestarts(agathe, 'Yann Perrin');

	// Yann raises his hand, mutes and unmutes his microphone, lowers his hand: each changes
	// Agathe's call.
	await yann.getByRole('button', { name: 'Raise hand (H)' }).click();
	await expect(tileOf(agathe, 'Yann Perrin')).toContainText('Hand raised');
	await yann.getByRole('button', { name: 'Mute microphone (M)' }).click();
	await expect(tileOf(agathe, 'Yann Perrin')).toContainText('Microphone off');
	await yann.getByRole('button', { name: 'Unmute microphone (M)' }).click();
	await expect(tileOf(agathe, 'Yann Perrin')).not.toContainText('Microphone off');
	await yann.getByRole('button', { name: 'Lower hand (H)' }).click();
	await expect(tileOf(agathe, 'Yann Perrin')).not.toContainText('Hand raised');

	await expectVideoPlays(agathe, 'Yann Perrin');
	expect(await restarts()).toBe(0);
});
