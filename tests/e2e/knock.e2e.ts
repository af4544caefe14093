// Knocking on a colleague's door from the board: the other person's prompt rings, Accept takes
// both of them to the same call; "Not now" is said at the knocker's side.
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
