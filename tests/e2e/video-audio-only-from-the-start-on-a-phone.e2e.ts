// A newcomer on a phone and a weak link joins with "audio only" chosen at pre-join: no video
// reaches them from the first second (not even the camera already in the call), the controls stay
// on their small screen and the chat waits until they open it. Switching video back on and off
// during the call, a reaction received just before leaving, and the reactions picker closing.
import { expect, test } from './fixtures';
import { companyWithTwoHouses, expectVideoPlays, joinRoom, tileOf } from './video-support';

test('audio only from pre-join receives no video; a phone keeps its controls on screen', async ({
	openProfile
}) => {
	test.setTimeout(240_000);
	const team = await companyWithTwoHouses(openProfile, {
		company: 'Fromagerie du Cantal',
		houses: ['Maison de Salers', 'Maison de Murat'],
		owner: 'Hélène Vidal',
		colleagues: [{ name: 'Paul Rouquier', house: 'Maison de Murat' }]
	});
	const { slug, owner: helene } = team;
	const [paul] = team.colleagues;
	await paul.setViewportSize({ width: 360, height: 740 });

	// Hélène is in the call with her camera on before Paul comes.
	await joinRoom(helene, slug, 'All hands');
	await joinRoom(paul, slug, 'All hands', { audioOnly: true });

	// On his phone the Leave button is on screen from the top of the page, the chat is closed.
	await paul.evaluate(() => window.scrollTo(0, 0));
	await expect(paul.getByRole('button', { name: 'Leave' })).toBeInViewport();
	await expect(paul.locator('[data-call-chat]')).toHaveCount(0);

	// He hears her (her microphone is subscribed)...
	await expect(paul.locator('audio')).toHaveCount(1, { timeout: 20_000 });
	const call = paul.locator('[data-video-received]');
	// ...and once a message from her has reached him too, no video track ever came.
	await helene.getByLabel('Message').fill('Bonjour Paul');
	await helene.getByRole('button', { name: 'Send' }).click();
	await paul.getByRole('button', { name: 'Chat' }).click();
	await expect(paul.getByText('Bonjour Paul')).toBeVisible({ timeout: 15_000 });
	await paul.getByRole('button', { name: 'Chat' }).click();
	await expect(call).toHaveAttribute('data-video-received', '0');
	await expect(tileOf(paul, 'Hélène Vidal')).toContainText('H');
	await expect(tileOf(paul, 'Hélène Vidal').locator('video')).toHaveCount(0);
	await expectVideoPlays(helene, 'Hélène Vidal (you)');

	// Normal video during the call: her camera comes, then audio only again shows her initial
	// and name, not a black box.
	await paul.getByLabel('Connection').selectOption('Normal video');
	await expectVideoPlays(paul, 'Hélène Vidal');
	await expect(call).not.toHaveAttribute('data-video-received', '0');
	await paul.getByLabel('Connection').selectOption('Audio only');
	await expect(tileOf(paul, 'Hélène Vidal').locator('video')).toHaveCount(0);
	await expect(tileOf(paul, 'Hélène Vidal')).toContainText('H');
	await expect(tileOf(paul, 'Hélène Vidal')).toContainText('Hélène Vidal');

	// Hélène reacts: her picker closes after the pick.
	await helene.getByText('Reactions').click();
	await helene.getByRole('button', { name: 'React with 👏' }).click();
	await expect(helene.getByRole('button', { name: 'React with 👏' })).toBeHidden();
	const reaction = paul
		.getByRole('list', { name: 'Reactions' })
		.getByRole('listitem')
		.filter({ hasText: 'Hélène Vidal' });
	await expect(reaction).toContainText('👏');
	// Paul leaves at once and joins again: the reaction is gone.
	await paul.getByRole('button', { name: 'Leave' }).click();
	await paul.getByRole('button', { name: 'Join again' }).click();
	await expect(paul.getByRole('button', { name: 'Join now' })).toBeEnabled({ timeout: 15_000 });
	await paul.getByRole('button', { name: 'Join now' }).click();
	await expect(paul.locator('[data-call-phase]')).toHaveText('Connected', { timeout: 20_000 });
	await expect(tileOf(paul, 'Hélène Vidal')).toBeVisible({ timeout: 15_000 });
	await expect(reaction).toHaveCount(0);
});
