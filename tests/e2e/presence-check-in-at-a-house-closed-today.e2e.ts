// Someone checks in at a house that does not open today: the check-in is taken (someone may have
// a key), and the confirmation tells them the house is closed and when it opens, on the board's
// button with JavaScript and without, and on the house's check-in link. The houses open every day
// but today and tomorrow on their clock, so the test reads the same whatever day it runs, and
// across midnight.
import { expect, test } from './fixtures';
import { openBoard } from './presence-support';
import { postCompany, postSignUp, uniqueEmail } from './support';

const WEEK = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Today's and tomorrow's weekdays on the Paris clock, as the houses read them. */
function todayAndTomorrowInParis(): [string, string] {
	const today = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/Paris',
		weekday: 'long'
	}).format(new Date());
	const index = WEEK.indexOf(today);
	return [today, WEEK[(index + 1) % 7]];
}

/** "Maison … is closed today (open <its days>, 08:30–18:30): check you can get in." */
const closedWarning = (house: string) =>
	new RegExp(`^${house} is closed today \\(open .+, 08:30–18:30\\): check you can get in\\.$`);

test('a person checks in at a house closed today and is told to check they can get in', async ({
	openProfile
}) => {
	const page = await openProfile();
	await postSignUp(page, 'Owen Pryce', uniqueEmail('closed-check-in'));
	const slug = await postCompany(page, 'Pryce Joinery');
	const [today, tomorrow] = todayAndTomorrowInParis();

	// Two houses that open every day but today and tomorrow.
	await page.goto(`/${slug}/houses`);
	const form = page.locator('form', { has: page.getByRole('button', { name: 'Create house' }) });
	const days = form.getByRole('group', { name: 'Opening days' });
	for (const name of ['Maison des Orgues', 'Maison du Puy']) {
		await form.getByLabel('Name', { exact: true }).fill(name);
		await form.getByLabel('Commune').fill('Murat');
		await form.getByLabel('Seats').fill('4');
		await form.getByLabel('Monthly running cost (€)').fill('300');
		await form.getByLabel('Time zone').selectOption('Europe/Paris');
		for (const day of WEEK) await days.getByLabel(day).check();
		for (const day of [today, tomorrow]) await days.getByLabel(day).uncheck();
		await form.getByRole('button', { name: 'Create house' }).click();
		await expect(page.getByText(`House “${name}” created.`)).toBeVisible();
	}

	// The house's check-in link (its QR code), opened on a phone: checked in, and told.
	const phone = await openProfile({
		viewport: { width: 360, height: 740 },
		storageState: await page.context().storageState()
	});
	await phone.goto(`/${slug}/check-in`);
	await phone.getByRole('link', { name: 'I’m at Maison des Orgues today' }).click();
	await expect(phone.getByTestId('checked-in')).toHaveText('You’re at Maison des Orgues today');
	const onTheLink = phone.getByTestId('check-in-closed');
	await expect(onTheLink).toHaveText(closedWarning('Maison des Orgues'));
	await expect(onTheLink).not.toContainText(today);
	await expect(onTheLink).not.toContainText(tomorrow);

	// On the board, with JavaScript: the usual confirmation, and the warning beside it.
	await openBoard(page, slug);
	const puy = page.getByTestId('house-card').filter({ hasText: 'Maison du Puy' });
	await expect(puy.getByTestId('house-closed-today')).toBeVisible();
	await puy.getByRole('button', { name: 'I’m at Maison du Puy today' }).click();
	// Checked in at Orgues already today: as on the house's link, only the half of the day it is
	// now moves here, the other staying at Orgues.
	await expect(page.getByRole('status').filter({ hasText: 'You’re at' })).toHaveText(
		/^You’re at Maison du Puy this (morning|afternoon)$/
	);
	await expect(page.getByTestId('check-in-closed')).toHaveText(closedWarning('Maison du Puy'));
	// Taken all the same: the card lists the person there.
	await expect(puy.getByText('Owen Pryce')).toBeVisible();

	// Without JavaScript, the board's button posts the form and the page that comes back says it.
	const plain = await openProfile({
		javaScriptEnabled: false,
		storageState: await page.context().storageState()
	});
	await plain.goto(`/${slug}`);
	await plain.getByRole('button', { name: 'I’m at Maison des Orgues today' }).click();
	// The half of the day it is now comes back to Orgues, which held the other.
	await expect(
		plain.getByText(/^You’re at Maison des Orgues (today|this morning|this afternoon)$/)
	).toBeVisible();
	await expect(plain.getByTestId('check-in-closed')).toHaveText(closedWarning('Maison des Orgues'));
});
