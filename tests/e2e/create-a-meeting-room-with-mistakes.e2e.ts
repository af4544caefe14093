import { expect, test } from './fixtures';
import { companyWithColleague } from './support';

// A French member fills the new meeting room form with four mistakes, the browser's own checks off
// (as an older browser, or a form sent before its scripts ran, leaves them to the server). Found on
// a tour: only the empty name was said, and each of the others came one send at a time.
test('every mistake of a new meeting room is said at once, beside its field', async ({
	openProfile
}) => {
	const owner = await openProfile();
	const member = await openProfile({ viewport: { width: 1280, height: 800 } });
	const slug = await companyWithColleague(owner, member, {
		owner: 'Hélène Vidal',
		colleague: 'Paul Bonnet',
		company: 'Coopérative des Salles'
	});
	await member.goto(`/${slug}/rooms`);
	await member.getByRole('button', { name: 'Français' }).click();
	await expect(member.getByRole('heading', { level: 1, name: 'Salles' })).toBeVisible();

	const name = member.getByLabel('Nom', { exact: true });
	const date = member.getByLabel('Date', { exact: true });
	const time = member.getByLabel('Heure', { exact: true });
	const duration = member.getByLabel('Durée (minutes)', { exact: true });
	await name.fill('   ');
	await date.fill('2020-01-01');
	await time.fill('09:00');
	await duration.fill('7');
	await member.getByLabel('Des personnes choisies', { exact: true }).check();
	const people = member.getByRole('group', { name: 'Personnes choisies' });
	await expect(people.getByLabel('Hélène Vidal')).not.toBeChecked();
	const form = member.locator('form[action="?/create"]');
	await form.evaluate((element: HTMLFormElement) => (element.noValidate = true));
	await member.getByRole('button', { name: 'Créer la salle' }).click();

	await expect(name).toHaveAccessibleDescription('Donnez un nom à la salle.');
	await expect(date).toHaveAccessibleDescription(
		/^Ce moment est passé\s*: choisissez une date et une heure à venir\.$/
	);
	await expect(duration).toHaveAccessibleDescription(
		'Saisissez une durée entre 5 et 480 minutes, par tranches de 5 minutes.'
	);
	await expect(people).toHaveAccessibleDescription(
		/Choisissez au moins une personne, ou ouvrez la salle à tous les membres\.$/
	);
	await expect(time).not.toHaveAttribute('aria-invalid', 'true');
	// Nothing typed is lost, and no room was made.
	await expect(date).toHaveValue('2020-01-01');
	await expect(time).toHaveValue('09:00');
	await expect(duration).toHaveValue('7');
	await expect(member.getByLabel('Des personnes choisies', { exact: true })).toBeChecked();
	await expect(member.getByText(/est prête/)).toHaveCount(0);
});
