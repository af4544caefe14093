// Two people from two houses meet in a house room through the rooms page: they see each other's
// video with name and house, chat (and the chat is still there the next time), raise a hand, a
// manager mutes someone, and a third colleague watching the rooms page sees them come and go.
import { expect, test } from './fixtures';
import {
	companyWithTwoHouses,
	expectVideoPlays,
	joinRoom,
	roomCard,
	tileOf
} from './video-support';

test('two houses meet in a house room, chat, raise a hand, and a manager mutes', async ({
	openProfile
}) => {
	test.setTimeout(180_000);
	const team = await companyWithTwoHouses(openProfile, {
		company: 'Coopérative de l’Aubrac',
		houses: ['Maison de Nasbinals', 'Maison de Laguiole'],
		owner: 'Margaux Lefèvre',
		colleagues: [
			{ name: 'Bastien Roux', house: 'Maison de Laguiole' },
			{ name: 'Chloé Martin', house: null }
		]
	});
	const { slug, owner: margaux } = team;
	const [bastien, chloe] = team.colleagues;
	const room = 'Maison de Nasbinals';

	// Chloé keeps the rooms page open: nobody is in the house room yet.
	await chloe.goto(`/${slug}/rooms`);
	await expect(roomCard(chloe, room)).toContainText('Nobody inside.');

	await joinRoom(margaux, slug, room);
	await joinRoom(bastien, slug, room);

	// Each sees the other's video, with their name and their house.
	await expectVideoPlays(margaux, 'Bastien Roux');
	await expectVideoPlays(bastien, 'Margaux Lefèvre');
	await expect(tileOf(margaux, 'Bastien Roux')).toContainText('Maison de Laguiole');
	await expect(tileOf(bastien, 'Margaux Lefèvre')).toContainText('Maison de Nasbinals');

	// Chloé's page shows both inside, without reloading it.
	const card = roomCard(chloe, room);
	await expect(card.getByText('Margaux Lefèvre')).toBeVisible({ timeout: 15_000 });
	await expect(card.getByText('Bastien Roux')).toBeVisible({ timeout: 15_000 });
	await expect(card).toContainText('Maison de Laguiole');

	// The presence board says where they are, live, with a link to join them.
	const board = await chloe.context().newPage();
	await board.goto(`/${slug}`);
	const bastienOnBoard = board.getByRole('listitem').filter({ hasText: 'Bastien Roux' });
	await expect(bastienOnBoard).toContainText(`In ${room}`, { timeout: 15_000 });

	// Chat.
	await bastien.getByLabel('Message').fill('Bonjour depuis Laguiole !');
	await bastien.getByRole('button', { name: 'Send' }).click();
	await expect(margaux.getByText('Bonjour depuis Laguiole !')).toBeVisible({ timeout: 10_000 });

	// Raise hand.
	await bastien.getByRole('button', { name: 'Raise hand (H)' }).click();
	await expect(tileOf(margaux, 'Bastien Roux')).toContainText('Hand raised');
	await expect(margaux.getByText('Hands raised: Bastien Roux')).toBeVisible();

	// The owner (a manager) mutes Bastien's microphone from his tile.
	await expect(tileOf(margaux, 'Bastien Roux')).not.toContainText('Microphone off');
	await margaux.getByLabel('Moderate Bastien Roux').click();
	await margaux.getByRole('button', { name: 'Mute microphone', exact: true }).click();
	await expect(tileOf(margaux, 'Bastien Roux')).toContainText('Microphone off', {
		timeout: 10_000
	});
	await expect(bastien.getByRole('button', { name: 'Unmute microphone (M)' })).toBeVisible({
		timeout: 10_000
	});

	// Both leave: Chloé's rooms page empties.
	await bastien.getByRole('button', { name: 'Leave' }).click();
	await margaux.getByRole('button', { name: 'Leave' }).click();
	await expect(bastien.getByText('You left the room.')).toBeVisible();
	await expect(card).toContainText('Nobody inside.', { timeout: 15_000 });
	await expect(bastienOnBoard).not.toContainText(`In ${room}`, { timeout: 15_000 });

	// Bastien comes back: the chat is still there.
	await joinRoom(bastien, slug, room);
	await expect(bastien.getByText('Bonjour depuis Laguiole !')).toBeVisible();
});
