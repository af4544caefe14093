// Knocking on a colleague's door from the board: the other person's prompt rings, Accept takes
// both of them to the same call; "Not now" is said at the knocker's side.
import { expect, test } from './fixtures';
import { companyWith } from './stand-up-support';

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
