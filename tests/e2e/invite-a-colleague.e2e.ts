import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createCompany, openE2eDatabase, signUp, uniqueEmail } from './support';

async function addHouse(page: Page, slug: string, name: string, commune: string, seats: string) {
	await page.goto(`/${slug}/houses`);
	const form = page.locator('form', { has: page.getByRole('button', { name: 'Create house' }) });
	await form.getByLabel('Name').fill(name);
	await form.getByLabel('Commune').fill(commune);
	await form.getByLabel('Seats').fill(seats);
	await form.getByLabel('Monthly running cost (€)').fill('1250,50');
	await form.getByRole('button', { name: 'Create house' }).click();
	await expect(page.getByText(`House “${name}” created.`)).toBeVisible();
}

test('a manager sets up a company with two houses and a colleague joins through the link', async ({
	openProfile
}) => {
	const owner = await openProfile();
	await signUp(owner, 'Margaux Lefèvre', uniqueEmail('owner'));
	await createCompany(owner, 'Coopérative du Vercors');
	const slug = new URL(owner.url()).pathname.slice(1);
	expect(slug).toMatch(/^cooperative-du-vercors(-\d+)?$/);

	await addHouse(owner, slug, 'Maison de Villard', 'Villard-de-Lans', '12');
	await addHouse(owner, slug, 'Tiers-lieu de Lans', 'Lans-en-Vercors', '6');
	await owner.goto(`/${slug}/houses`);
	await expect(owner.getByRole('heading', { name: 'Maison de Villard' })).toBeVisible();
	await expect(owner.getByRole('heading', { name: 'Tiers-lieu de Lans' })).toBeVisible();
	await expect(owner.getByText('€1,250.50 per month').first()).toBeVisible();

	await owner.goto(`/${slug}/invitations`);
	await owner.getByLabel('Role').selectOption('member');
	await owner.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await owner.getByLabel('Invitation link').inputValue();
	expect(link).toMatch(/\/invite\/[a-z0-9]+$/);

	// A newcomer, in a separate browser profile on a device set to Paris time, opens the link and
	// signs up from it.
	const guest = await openProfile({ timezoneId: 'Europe/Paris' });
	await guest.goto(link);
	await expect(guest.getByRole('heading', { name: /Coopérative du Vercors/ })).toBeVisible();
	// The header's way in comes back to the invitation too.
	const invitationPath = new URL(link).pathname;
	await expect(guest.locator('header').getByRole('link', { name: 'Sign up' })).toHaveAttribute(
		'href',
		`/signup?next=${encodeURIComponent(invitationPath)}`
	);
	await guest.getByLabel('Your name').fill('Bastien Roux');
	const guestEmail = uniqueEmail('guest');
	await guest.getByLabel('Email').fill(guestEmail);
	await guest.getByLabel('Password').fill('the bells of the village church');
	await guest.getByRole('button', { name: 'Create account and join' }).click();

	await expect(guest).toHaveURL(new RegExp(`/${slug}$`));
	await expect(
		guest.getByRole('heading', { level: 1, name: 'Coopérative du Vercors' })
	).toBeVisible();
	await expect(guest.getByText('Your role: Member')).toBeVisible();
	// The account starts on the device's clock, as one made on the sign-up page does (without it,
	// the meetings they scheduled were read in UTC).
	const db = openE2eDatabase();
	try {
		const zone = () => db.prepare('select time_zone from users where email = ?').get(guestEmail);
		expect(zone()).toEqual({ time_zone: 'Europe/Paris' });
		// An account from before that had none gets its device's at the next page it opens, without
		// waiting for a new log-in.
		db.prepare('update users set time_zone = null where email = ?').run(guestEmail);
		await guest.reload();
		await expect.poll(zone).toEqual({ time_zone: 'Europe/Paris' });
	} finally {
		db.close();
	}
	// A member does not manage invitations.
	await expect(guest.getByRole('link', { name: 'Invitations' })).toHaveCount(0);

	// The newcomer picks a home house; the owner sees both people in the members list.
	await guest.goto(`/${slug}/houses`);
	await guest
		.getByLabel('Home house', { exact: true })
		.selectOption({ label: 'Tiers-lieu de Lans (Lans-en-Vercors)' });
	await guest.getByRole('button', { name: 'Save home house' }).click();
	await expect(guest.getByText('Your home house is saved.')).toBeVisible();

	await owner.goto(`/${slug}/members`);
	const members = owner.getByRole('listitem');
	await expect(members.filter({ hasText: 'Bastien Roux' })).toContainText(
		'Home house: Tiers-lieu de Lans'
	);
	await expect(members.filter({ hasText: 'Bastien Roux' }).getByRole('combobox')).toHaveValue(
		'member'
	);
	await expect(members.filter({ hasText: 'Margaux Lefèvre' })).toContainText(
		'Home house: None yet'
	);
});
