// Four people of one house in the house's call behind the village link (512 kbit/s up shared by
// the four, 2 Mbit/s down, 300 ms round trip, 5% loss in bursts: village-link.ts), the house's
// link declared as it is. Each still hears the other three — sound energy keeps arriving from every
// microphone — and is told video was reduced for the house. The one who chose "audio only" at
// pre-join receives no video at all, though two cameras were on in the call when he came (he
// checks in at the house only then, so until that their cameras fit the link). Their browsers
// measure the link's round trip and loss, printed for the record.
import type { Page } from '@playwright/test';
import { openBoard, teamWithAHouse } from './presence-support';
import { postInvitationLink, postJoin } from './support';
import { VILLAGE } from './village-link';
import { expect, measuredLink, received, recordPeerConnections, test } from './village-support';
import { expectVideoPlays, joinRoom } from './video-support';

const COMPANY = 'Coopérative de Murat';
const HOUSE = 'Maison Murat';

test('on a village link everyone in a four-person house call hears the other three, video reduced', async ({
	openProfile,
	link
}) => {
	test.setTimeout(300_000);
	// Setting up the company is not what is measured: pages load faster without the rate limit
	// (the round trip and loss stay).
	link.setRates(null, null);
	const {
		manager: anne,
		member: bruno,
		slug
	} = await teamWithAHouse(openProfile, {
		company: COMPANY,
		house: HOUSE,
		seats: '6',
		cost: '600'
	});
	const [chloe, denis] = [await openProfile(), await openProfile()];
	// An invitation link lets one person in.
	await postJoin(chloe, await postInvitationLink(anne, slug), 'Chloé Bouquet');
	await postJoin(denis, await postInvitationLink(anne, slug), 'Denis Mazars');
	const people: Array<[Page, string]> = [
		[anne, 'Margaux Lefèvre'],
		[bruno, 'Bastien Roux'],
		[chloe, 'Chloé Bouquet'],
		[denis, 'Denis Mazars']
	];

	// The manager declares the house's link as it is.
	await anne.goto(`/${slug}/houses`);
	await anne.locator('a[href*="/houses/"]', { hasText: HOUSE }).first().click();
	const edit = anne.locator('form[action="?/update"]');
	await edit.getByLabel('Upload (kbit/s)').fill(String(VILLAGE.upKbps));
	await edit.getByLabel('Download (kbit/s)').fill(String(VILLAGE.downKbps));
	await edit.getByRole('button', { name: 'Save changes' }).click();
	await expect(edit.getByText('Changes saved.')).toBeVisible();

	const checkIn = async (page: Page) => {
		await openBoard(page, slug);
		await page.getByRole('button', { name: `I’m at ${HOUSE} today` }).click();
		await expect(page.getByText(`You’re at ${HOUSE} today`)).toBeVisible();
	};
	for (const [page] of people) await recordPeerConnections(page);
	for (const page of [anne, bruno, chloe]) await checkIn(page);
	link.setRates(VILLAGE.upKbps, VILLAGE.downKbps);

	// Two of them first: their cameras fit the link at the lowest layer, and play.
	await joinRoom(anne, slug, HOUSE);
	await joinRoom(bruno, slug, HOUSE);
	await expectVideoPlays(anne, 'Bastien Roux');
	// Denis, not at the house yet (he does not count in its link), chooses audio only at pre-join:
	// he hears them, their cameras still play, and not one byte of video reaches him.
	await joinRoom(denis, slug, HOUSE, { audioOnly: true });
	await expect
		.poll(async () => (await received(denis)).audio.filter((a) => a.samples > 0).length, {
			message: 'microphones heard by Denis Mazars',
			timeout: 30_000
		})
		.toBe(2);
	await expectVideoPlays(bruno, 'Margaux Lefèvre');
	expect((await received(denis)).videoBytes).toBe(0);
	// He checks in at the house (the board in another tab), then Chloé comes: four share the link.
	const board = await denis.context().newPage();
	await checkIn(board);
	await board.close();
	await joinRoom(chloe, slug, HOUSE);

	for (const [page] of people) {
		await expect(page.locator('[data-link-reduced]')).toContainText(
			`Video reduced: 4 people share ${HOUSE}’s link`,
			{ timeout: 30_000 }
		);
	}
	for (const [page, name] of people) {
		await expect
			.poll(async () => (await received(page)).audio.filter((a) => a.samples > 0).length, {
				message: `microphones heard by ${name}`,
				timeout: 60_000
			})
			.toBe(3);
	}
	const before = await Promise.all(people.map(([page]) => received(page)));
	for (const [index, [page, name]] of people.entries()) {
		// Every microphone's sound keeps coming: energy and samples grow for all three.
		await expect
			.poll(
				async () =>
					(await received(page)).audio.filter((stream) => {
						const earlier = before[index].audio.find((entry) => entry.ssrc === stream.ssrc);
						return (
							earlier !== undefined &&
							stream.energy > earlier.energy &&
							stream.samples > earlier.samples
						);
					}).length,
				{ message: `microphones still heard by ${name}`, timeout: 30_000 }
			)
			.toBe(3);
	}

	// Still not one byte of video for Denis.
	expect((await received(denis)).videoBytes).toBe(0);

	// The media really crossed the relays: what the browsers measured, printed for the record.
	const measured = await measuredLink(people.map(([page]) => page));
	console.log(
		`village link measured: RTCP round trip ${measured.rtcpRttMs.toFixed(0)} ms, ICE round trip ` +
			`${measured.iceRttMs.toFixed(0)} ms, audio packets lost ${measured.audioLossPercent.toFixed(1)}%`
	);
	// The relays hold each packet half the round trip each way: less is a path round them.
	expect(measured.iceRttMs).toBeGreaterThanOrEqual(VILLAGE.rttMs * 0.95);
	expect(measured.rtcpRttMs).toBeGreaterThanOrEqual(VILLAGE.rttMs * 0.95);
	// 5% on average, in bursts: a few thousand packets land within a few points of it.
	expect(measured.audioLossPercent).toBeGreaterThan(VILLAGE.lossPercent / 3);
	expect(measured.audioLossPercent).toBeLessThan(VILLAGE.lossPercent * 3);
});
