import { expect, test } from './fixtures';
import { answer, companyWith, roundCommand, setUpStandup } from './stand-up-support';

// A French owner ends a stand-up she never answered. Found on a tour: once answers were closed the
// card still said she had "not sent them yet" and that she "had not answered yet", with the "…"
// of someone still to answer.
test.describe.configure({ timeout: 90_000 });

/** The weekday ("Mon") and wall time ("14:05") an hour from now in `timeZone`. */
function inAnHour(timeZone: string): { day: string; time: string } {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		weekday: 'short',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(Date.now() + 3600_000);
	const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
	return { day: part('weekday'), time: `${part('hour')}:${part('minute')}` };
}

test('after a stand-up ends, someone who did not answer reads as not having answered, not as pending', async ({
	openProfile
}) => {
	const {
		slug,
		manager: olivia,
		members
	} = await companyWith(openProfile, 'Olivia Owner', ['Ana Martin']);
	const [ana] = members;
	// Held once a week, an hour from now: its card is open (answers open two days ahead) and, once
	// it has ended, stays on it; held every day, the page moves on to tomorrow's card at once.
	const { day, time } = inAnHour('Europe/Paris');
	const standupUrl = await setUpStandup(olivia, slug, 'Point du matin', async (page) => {
		for (const other of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) {
			await page.getByLabel(other, { exact: true }).setChecked(other === day);
		}
		await page.getByLabel('Time', { exact: true }).fill(time);
		await page.getByLabel('Time zone').selectOption('Europe/Paris');
	});
	await ana.goto(standupUrl);
	await answer(ana, ['Relire le dossier', 'Rangé l’atelier', 'Rien']);

	await olivia.goto(standupUrl);
	await olivia.getByRole('button', { name: 'Français' }).click();
	const answered = olivia.getByRole('list', { name: 'Qui a répondu' });
	const her = answered.getByRole('listitem').filter({ hasText: 'Olivia Owner' });
	// While answers are open, she may still send hers.
	await expect(olivia.getByText('Pas encore envoyées', { exact: true })).toBeVisible();
	await expect(her).toHaveText(/^Olivia Owner\s*n’a pas encore répondu\s*…$/);

	await roundCommand(olivia, 'Lancer le stand-up');
	await roundCommand(olivia, 'Terminer le stand-up');
	await expect(
		olivia.getByText('Le stand-up est terminé : les réponses sont closes.')
	).toBeVisible();
	// Answers are closed: she did not send hers, and nothing marks her as still to answer.
	await expect(olivia.getByText('Non envoyées', { exact: true })).toBeVisible();
	await expect(olivia.getByText('Pas encore envoyées')).toHaveCount(0);
	await expect(her).toHaveText(/^Olivia Owner\s*n’a pas répondu\s*$/);
	await expect(answered.getByRole('listitem').filter({ hasText: 'Ana Martin' })).toHaveText(
		/^Ana Martin\s*a répondu\s*✓$/
	);
	await expect(answered).not.toContainText('…');
});

/**
 * The day of the stand-up held an hour from now in Paris, as the stand-up page writes a recent day
 * in `locale`: weekday first, the year only when it is not this year's, French "1er".
 */
function dayInAnHour(locale: 'en-GB' | 'fr-FR'): string {
	const read = (at: number, options: Intl.DateTimeFormatOptions) =>
		new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Paris', ...options }).format(at);
	const at = Date.now() + 3600_000;
	const year = read(at, { year: 'numeric' });
	const otherYear = year !== read(Date.now(), { year: 'numeric' });
	const [weekday, day, month] = [
		read(at, { weekday: 'long' }),
		read(at, { day: 'numeric' }),
		read(at, { month: 'long' })
	];
	const dayOfMonth = locale === 'fr-FR' && day === '1' ? '1er' : day;
	return `${weekday} ${dayOfMonth} ${month}${otherYear ? ` ${year}` : ''}`;
}

test('once a daily stand-up has ended, its page moves on and says which day’s stand-up ended', async ({
	openProfile
}) => {
	const { slug, manager } = await companyWith(openProfile, 'Olivia Owner', []);
	const { time } = inAnHour('Europe/Paris');
	const standupUrl = await setUpStandup(manager, slug, 'Point du matin', async (page) => {
		await page.getByLabel('Time', { exact: true }).fill(time);
		await page.getByLabel('Time zone').selectOption('Europe/Paris');
	});

	await roundCommand(manager, 'Start the stand-up');
	await roundCommand(manager, 'End the stand-up');
	// Held every day: the page is at tomorrow's stand-up, and says the one just held has ended.
	await expect(manager.getByRole('status').filter({ hasText: 'has ended' })).toHaveText(
		new RegExp(`^The stand-up of ${dayInAnHour('en-GB')} has ended\\.`)
	);

	await manager.goto(standupUrl);
	await manager.getByRole('button', { name: 'Français' }).click();
	await expect(manager.getByRole('status').filter({ hasText: 'est terminé' })).toHaveText(
		new RegExp(`^Le stand-up du ${dayInAnHour('fr-FR')} est terminé\\.`)
	);
});

test('starting and ending a stand-up from the keyboard leaves the focus on the round, not at the top of the page', async ({
	openProfile
}) => {
	const { slug, manager } = await companyWith(openProfile, 'Olivia Owner', []);
	const { time } = inAnHour('Europe/Paris');
	await setUpStandup(manager, slug, 'Point du matin', async (page) => {
		await page.getByLabel('Time', { exact: true }).fill(time);
		await page.getByLabel('Time zone').selectOption('Europe/Paris');
	});
	const round = manager.getByRole('heading', { level: 2, name: 'Live round', exact: true });

	// Each button goes once pressed: the focus goes to the round, whose new state is read next.
	await manager.getByRole('button', { name: 'Start the stand-up', exact: true }).focus();
	await manager.keyboard.press('Enter');
	await expect(
		manager.getByRole('button', { name: 'End the stand-up', exact: true })
	).toBeVisible();
	await expect(round).toBeFocused();

	await manager.getByRole('button', { name: 'End the stand-up', exact: true }).focus();
	await manager.keyboard.press('Enter');
	await expect(manager.getByRole('status').filter({ hasText: 'has ended' })).toBeVisible();
	await expect(round).toBeFocused();
});
