// Knocking on a colleague's door from the board: the other person's prompt rings, Accept takes
// both of them to the same call; "Not now" is said at the knocker's side.
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { companyWith } from './stand-up-support';
import { openE2eDatabase } from './support';

test('a knock from the board, accepted, takes both people to one call; "not now" is told back', async ({
	openProfile
}) => {
	test.setTimeout(120_000);
	const {
		slug,
		manager: marc,
		members: [anna]
	} = await companyWith(openProfile, 'Marc Aubert', ['Anna Vidal']);
	// Anna is on a phone: the prompt fits 360 px.
	await anna.setViewportSize({ width: 360, height: 740 });
	await anna.goto(`/${slug}`);
	await marc.goto(`/${slug}`);

	// No knocking on your own door.
	await expect(marc.getByRole('button', { name: 'Knock on Anna Vidal’s door' })).toBeVisible();
	await expect(marc.getByRole('button', { name: 'Knock on Marc Aubert’s door' })).toHaveCount(0);

	await marc.getByRole('button', { name: 'Knock on Anna Vidal’s door' }).click();
	const knocking = marc.getByTestId('knock-sent');
	await expect(knocking).toContainText('Knocking on Anna Vidal’s door…');

	const prompt = anna.getByRole('group', { name: 'Marc Aubert is knocking' });
	await expect(prompt).toBeVisible();
	await expect(prompt).toBeInViewport();
	await prompt.getByRole('button', { name: 'Accept' }).click();

	await expect(anna).toHaveURL(new RegExp(`/${slug}/rooms/[a-z0-9]+$`));
	const room = new URL(anna.url()).pathname;
	await expect(marc).toHaveURL(room);
	for (const page of [marc, anna]) {
		await expect(page.getByRole('heading', { name: 'Marc Aubert & Anna Vidal' })).toBeVisible();
	}
	await expect(prompt).toHaveCount(0);

	// Now Anna knocks on Marc's door, and Marc cannot talk.
	await anna.goto(`/${slug}`);
	await marc.goto(`/${slug}`);
	await anna.getByRole('button', { name: 'Knock on Marc Aubert’s door' }).click();
	const back = marc.getByRole('group', { name: 'Anna Vidal is knocking' });
	await back.getByRole('button', { name: 'Not now' }).click();
	await expect(back).toHaveCount(0);
	await expect(anna.getByTestId('knock-sent')).toContainText('Marc Aubert can’t talk now.');
});

test('a knock that expired before it was seen offers to knock back, and the knocks page says where knocking is', async ({
	openProfile
}) => {
	const {
		slug,
		manager: marc,
		members: [anna]
	} = await companyWith(openProfile, 'Marc Aubert', ['Anna Vidal']);
	await marc.goto(`/${slug}`);
	await marc.getByRole('button', { name: 'Knock on Anna Vidal’s door' }).click();
	await expect(marc.getByTestId('knock-sent')).toContainText('Knocking on Anna Vidal’s door…');
	// Anna was away: the knock rang out half an hour ago and Marc has gone since.
	const db = openE2eDatabase();
	let knockId: string;
	try {
		const row = db
			.prepare(
				`select knocks.id from knocks join users on users.id = knocks.to_user_id
				 where users.name = 'Anna Vidal' order by knocks.created_at desc`
			)
			.get() as { id: string };
		knockId = row.id;
		db.prepare("update knocks set status = 'missed', created_at = ? where id = ?").run(
			Date.now() - 30 * 60_000,
			knockId
		);
	} finally {
		db.close();
	}
	await marc.close();
	await anna.goto(`/${slug}/knocks/${knockId}`);
	await expect(
		anna.getByText('This knock has expired: Marc Aubert is no longer waiting.')
	).toBeVisible();
	await anna.getByRole('button', { name: 'Knock on Marc Aubert’s door' }).click();
	await expect(anna.getByTestId('knock-sent')).toContainText('Knocking on Marc Aubert’s door…');

	await anna.goto(`/${slug}/knocks`);
	await expect(
		anna.getByText('To knock on a colleague’s door, press “Knock” on their card on the board.')
	).toBeVisible();
});

test('three colleagues knocking at once leave the board’s cards in view, on a desktop and on a phone', async ({
	openProfile
}) => {
	test.setTimeout(120_000);
	const {
		slug,
		manager: olivia,
		members
	} = await companyWith(openProfile, 'Olivia Owner', ['Anna Vidal', 'Paul Besse', 'Zoé Martin']);
	await olivia.setViewportSize({ width: 1280, height: 800 });
	await olivia.goto(`/${slug}`);
	for (const colleague of members) {
		await colleague.goto(`/${slug}`);
		await colleague.getByRole('button', { name: 'Knock on Olivia Owner’s door' }).click();
		await expect(colleague.getByTestId('knock-sent')).toContainText(
			'Knocking on Olivia Owner’s door…'
		);
	}

	// Nobody has set a status: every card is in the right-hand column, where the knocks once floated.
	const column = olivia.getByRole('region', { name: /^Not set yet/ });
	const cards = column.getByTestId('person');
	await expect(cards).toHaveCount(4);
	const knocks = olivia.getByRole('region', { name: 'Knocks' });
	// One knock shows, the others behind a button.
	await expect(knocks.getByTestId('knock-incoming')).toHaveCount(1);
	const more = knocks.getByRole('button', { name: 'and 2 more knocks' });
	await expect(more).toBeVisible();

	/** Whether the knocks hide part of `card` where it is on the screen now. */
	const covered = async (card: Locator) => {
		const [a, b] = [await knocks.boundingBox(), await card.boundingBox()];
		if (!a || !b) throw new Error('not laid out');
		return (
			a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
		);
	};
	const scrollToEnd = () => olivia.evaluate(() => window.scrollTo(0, document.body.scrollHeight));

	// On a desktop, the column's first card is clear of them as the page opens; at the page's end,
	// so is its last.
	expect(await covered(cards.first())).toBe(false);
	await scrollToEnd();
	expect(await covered(cards.last())).toBe(false);

	// The other knocks are one press away, and can be answered there.
	await more.click();
	await expect(knocks.getByTestId('knock-incoming')).toHaveCount(3);
	await knocks
		.getByRole('group', { name: 'Zoé Martin is knocking' })
		.getByRole('button', { name: 'Not now' })
		.click();
	await expect(knocks.getByTestId('knock-incoming')).toHaveCount(2);
	await knocks.getByRole('button', { name: 'Show fewer' }).click();
	await expect(knocks.getByTestId('knock-incoming')).toHaveCount(1);
	await expect(knocks.getByRole('button', { name: 'and 1 more knock' })).toBeVisible();

	// On a phone the knocks span the screen's width: the page's end still comes out from under
	// them, down to the footer's language switch.
	await olivia.setViewportSize({ width: 360, height: 740 });
	await scrollToEnd();
	await expect.poll(async () => covered(cards.last())).toBe(false);
	await expect
		.poll(async () => covered(olivia.getByRole('button', { name: 'Français' })))
		.toBe(false);
	await expect(knocks).toBeInViewport();

	// Without JavaScript nothing could open the rest: the page shows every knock still ringing.
	const plain = await openProfile({
		javaScriptEnabled: false,
		storageState: await olivia.context().storageState()
	});
	await plain.goto(`/${slug}`);
	const plainKnocks = plain.getByRole('region', { name: 'Knocks' });
	await expect(plainKnocks.getByTestId('knock-incoming')).toHaveCount(2);
	await expect(plainKnocks.getByRole('button', { name: /more knock/ })).toHaveCount(0);
});
