import { expect, test } from './fixtures';
import { teamWithAHouse } from './presence-support';

// Both people live by the house's clock (Paris), as their devices do: each one's "this week" is
// on their own clock, and from 23:00 to 24:00 UTC on a Sunday a UTC browser's "Next week" is the
// week a Paris one calls this week (a CI run at that hour failed so).
test.use({ timezoneId: 'Europe/Paris' });

test('a member plans a usual week and a half-day; the manager sees it in the team week', async ({
	openProfile
}) => {
	const team = await teamWithAHouse(openProfile, {
		company: 'Coopérative de Murat',
		house: 'Maison de Murat',
		seats: '6',
		cost: '600'
	});
	const { manager, member, slug } = team;
	await member.goto(`/${slug}`);
	await member.getByRole('link', { name: 'My week', exact: true }).click();
	await expect(member.getByRole('heading', { level: 1, name: 'Where I work' })).toBeVisible();

	// "Mon–Tue at the Murat house", from this week on.
	await member.getByLabel('Monday', { exact: true }).selectOption({ label: 'Maison de Murat' });
	await member.getByLabel('Tuesday', { exact: true }).selectOption({ label: 'Maison de Murat' });
	await member.getByRole('button', { name: 'Save my usual week' }).click();
	await expect(member.getByText('Your usual week is saved.')).toBeVisible();

	await member.getByRole('link', { name: 'Next week' }).click();
	const monday = member.getByRole('form', { name: /^Monday/ });
	await expect(monday.getByLabel('Where')).toHaveValue(/^house:/);
	await expect(monday).toContainText('from your usual week');

	// Wednesday: the morning at the house, the afternoon at home.
	const wednesday = member.getByRole('form', { name: /^Wednesday/ });
	await wednesday.getByLabel('Half-days').check();
	await wednesday.getByLabel('Morning').selectOption({ label: 'Maison de Murat' });
	await wednesday.getByLabel('Afternoon').selectOption({ label: 'Home' });
	await wednesday.getByLabel('Note').fill('Dentist at 15:00');
	await wednesday.getByRole('button', { name: 'Save' }).click();
	await expect(member.getByText(/^Saved: Wednesday/)).toBeVisible();
	await expect(wednesday).toContainText('planned');

	await manager.goto(`/${slug}/team`);
	await manager.getByRole('link', { name: 'Next week' }).click();
	const row = manager.getByRole('row', { name: /Bastien Roux/ });
	const cells = row.getByRole('cell');
	await expect(cells.nth(0)).toHaveText('Maison de Murat');
	await expect(cells.nth(1)).toHaveText('Maison de Murat');
	await expect(cells.nth(2)).toContainText('AM Maison de Murat');
	await expect(cells.nth(2)).toContainText('PM Home');
	await expect(cells.nth(3)).toHaveText('—');

	// Monday follows the usual week (Murat); an afternoon at home planned on top of it stays two
	// halves when the week is opened again (it showed as a whole day at Murat, and saving the
	// card then put Murat over the afternoon).
	await monday.getByLabel('Half-days').check();
	await monday.getByLabel('Morning').selectOption({ label: 'Not set yet' });
	await monday.getByLabel('Afternoon').selectOption({ label: 'Home' });
	await monday.getByRole('button', { name: 'Save' }).click();
	await expect(member.getByText(/^Saved: Monday/)).toBeVisible();
	await member.reload();
	await expect(monday.getByLabel('Half-days')).toBeChecked();
	await expect(monday.getByLabel('Afternoon')).toHaveValue('home');
});
