// A company's own house has its opening days and hours, as an operated house does: the manager
// sets them in the house form (a closing time before the opening one refused beside it), every
// member reads them on the house's page, the edit form comes back with them, and a day planned
// there when it does not open says so.
import { expect, test } from './fixtures';
import { postCompany, postSignUp, signUpInFrench, uniqueEmail } from './support';

test('a manager opens a company house on Saturday mornings and its page says so', async ({
	openProfile
}) => {
	const owner = await openProfile({ locale: 'fr-FR' });
	await signUpInFrench(owner, 'Margaux Lefèvre', uniqueEmail('hours'));
	await owner.getByLabel('Nom de l’entreprise').fill('Fournil du Causse');
	await owner.getByRole('button', { name: 'Créer l’entreprise' }).click();
	await expect(owner.getByRole('heading', { level: 1, name: 'Fournil du Causse' })).toBeVisible();
	const slug = new URL(owner.url()).pathname.slice(1);

	await owner.goto(`/${slug}/houses`);
	const form = owner.locator('form', {
		has: owner.getByRole('button', { name: 'Créer la maison' })
	});
	// A new house opens Monday to Friday until told otherwise.
	const days = form.getByRole('group', { name: 'Jours d’ouverture' });
	for (const day of ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'])
		await expect(days.getByLabel(day)).toBeChecked();
	await expect(days.getByLabel('samedi')).not.toBeChecked();
	await expect(form.getByLabel('Ouvre à')).toHaveValue('08:30');

	await form.getByLabel('Nom', { exact: true }).fill('Maison du Fournil');
	await form.getByLabel('Commune').fill('Meyrueis');
	await form.getByLabel('Places').fill('4');
	await form.getByLabel('Coût de fonctionnement mensuel (€)').fill('300');
	await days.getByLabel('lundi').uncheck();
	await days.getByLabel('samedi').check();
	await form.getByLabel('Ouvre à').fill('07:00');
	await form.getByLabel('Ferme à').fill('06:00');
	await form.getByRole('button', { name: 'Créer la maison' }).click();
	const closes = form.getByLabel('Ferme à');
	await expect(closes).toHaveAccessibleDescription(
		'L’heure de fermeture doit suivre l’heure d’ouverture.'
	);
	// Nothing else the manager chose is lost.
	await expect(days.getByLabel('samedi')).toBeChecked();
	await expect(days.getByLabel('lundi')).not.toBeChecked();
	await expect(form.getByLabel('Ouvre à')).toHaveValue('07:00');

	await closes.fill('13:00');
	await form.getByRole('button', { name: 'Créer la maison' }).click();
	await expect(owner.getByText('Maison « Maison du Fournil » créée.')).toBeVisible();

	await owner.getByRole('link', { name: 'Maison du Fournil' }).click();
	await expect(owner.getByRole('heading', { level: 1, name: 'Maison du Fournil' })).toBeVisible();
	const details = owner.getByRole('definition').filter({ hasText: '07:00–13:00' });
	await expect(details).toHaveText('du mardi au samedi, 07:00–13:00');

	// The edit form starts from the house's own days and hours.
	const edit = owner.locator('form', {
		has: owner.getByRole('button', { name: 'Enregistrer les modifications' })
	});
	const editDays = edit.getByRole('group', { name: 'Jours d’ouverture' });
	await expect(editDays.getByLabel('samedi')).toBeChecked();
	await expect(editDays.getByLabel('lundi')).not.toBeChecked();
	await editDays.getByLabel('mardi').uncheck();
	await edit.getByRole('button', { name: 'Enregistrer les modifications' }).click();
	await expect(owner.getByText('Modifications enregistrées.')).toBeVisible();
	await expect(details).toHaveText('du mercredi au samedi, 07:00–13:00');

	// Planning a day there when it does not open is said beside the day, not refused.
	await owner.goto(`/${slug}/plan?week=2031-01-06`);
	const monday = owner.getByRole('form', { name: /lundi 6 janvier/ });
	await monday.getByLabel('Où').selectOption({ label: 'Maison du Fournil' });
	await monday.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(monday.getByTestId('closed-2031-01-06')).toHaveText(
		'Maison du Fournil n’ouvre pas ce jour-là (horaires : du mercredi au samedi, 07:00–13:00).'
	);
	const wednesday = owner.getByRole('form', { name: /mercredi 8 janvier/ });
	await wednesday.getByLabel('Où').selectOption({ label: 'Maison du Fournil' });
	await wednesday.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(wednesday.getByTestId('seats-2031-01-08')).toBeVisible();
	await expect(wednesday.getByTestId('closed-2031-01-08')).toHaveCount(0);
});

/** Today's weekday on the Paris clock, as the house reads it (1 = Monday … 7 = Sunday). */
function parisWeekday(): { number: number; name: string } {
	const name = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/Paris',
		weekday: 'long'
	}).format(new Date());
	const week = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
	return { number: week.indexOf(name) + 1, name };
}

test('the board says a house is closed today, and stops saying it once it opens today', async ({
	openProfile
}) => {
	const manager = await openProfile();
	await postSignUp(manager, 'Owen Pryce', uniqueEmail('closed'));
	const slug = await postCompany(manager, 'Pryce Joinery');
	const today = parisWeekday();

	// One house opens every day but today, the other every day.
	await manager.goto(`/${slug}/houses`);
	const form = manager.locator('form', {
		has: manager.getByRole('button', { name: 'Create house' })
	});
	const days = form.getByRole('group', { name: 'Opening days' });
	for (const [name, closedToday] of [
		['Maison du Lac', true],
		['Maison du Pont', false]
	] as const) {
		await form.getByLabel('Name', { exact: true }).fill(name);
		await form.getByLabel('Commune').fill('Murat');
		await form.getByLabel('Seats').fill('4');
		await form.getByLabel('Monthly running cost (€)').fill('300');
		await form.getByLabel('Time zone').selectOption('Europe/Paris');
		for (const day of ['Saturday', 'Sunday']) await days.getByLabel(day).check();
		if (closedToday) await days.getByLabel(today.name).uncheck();
		await form.getByRole('button', { name: 'Create house' }).click();
		await expect(manager.getByText(`House “${name}” created.`)).toBeVisible();
	}

	const board = await manager.context().newPage();
	await board.goto(`/${slug}`);
	const lake = board.getByTestId('house-card').filter({ hasText: 'Maison du Lac' });
	const notice = lake.getByTestId('house-closed-today');
	await expect(notice).toHaveText(/^Closed today · open .+, 08:30–18:30$/);
	await expect(notice).not.toContainText(today.name);
	await expect(
		board
			.getByTestId('house-card')
			.filter({ hasText: 'Maison du Pont' })
			.getByTestId('house-closed-today')
	).toHaveCount(0);
	// Checking in is still offered: someone may have the key.
	await expect(lake.getByRole('button', { name: 'I’m at Maison du Lac today' })).toBeVisible();

	// The manager opens it today too; the open board drops the notice by itself.
	await manager.getByRole('link', { name: 'Maison du Lac' }).click();
	const edit = manager.locator('form', {
		has: manager.getByRole('button', { name: 'Save changes' })
	});
	await edit.getByRole('group', { name: 'Opening days' }).getByLabel(today.name).check();
	await edit.getByRole('button', { name: 'Save changes' }).click();
	await expect(manager.getByText('Changes saved.')).toBeVisible();
	await expect(notice).toHaveCount(0);
});
