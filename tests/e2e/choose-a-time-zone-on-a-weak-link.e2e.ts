// The profile's time zone picker no longer sends every zone with each page: it offers the likeliest
// ones and a link to every zone, by region. The link works with the keyboard, with the page's
// scripts (in place) and without them (a new page), in French as in English.
import { expect, test } from './fixtures';
import { openE2eDatabase, signUpInFrench, uniqueEmail } from './support';

function savedZone(email: string): unknown {
	const db = openE2eDatabase();
	try {
		return db.prepare('select time_zone from users where email = ?').get(email);
	} finally {
		db.close();
	}
}

test('someone picks a far time zone with the keyboard, in French', async ({ openProfile }) => {
	const page = await openProfile({ locale: 'fr-FR', timezoneId: 'America/Martinique' });
	const email = uniqueEmail('zone-fr');
	await signUpInFrench(page, 'Léa Martin', email);
	await page.goto('/profile');
	await page.waitForLoadState('networkidle');
	const zone = page.getByLabel('Fuseau horaire');
	// The zone the device gave at sign-up comes first; a handful of zones, not 420.
	await expect(zone).toHaveValue('America/Martinique');
	expect(await zone.locator('option').count()).toBeLessThan(10);

	const all = page.getByRole('link', { name: 'Voir tous les fuseaux horaires' });
	await all.focus();
	await page.keyboard.press('Enter');
	// In place: the picker keeps the focus and now holds every zone, by region, named in French.
	await expect(zone).toBeFocused();
	await expect(page).toHaveURL(/\?zones=all/);
	expect(await zone.locator('option').count()).toBeGreaterThan(400);
	await expect(zone.locator('optgroup[label="Pacifique"]')).toHaveCount(1);
	await expect(zone).toHaveValue('America/Martinique');
	await zone.selectOption('Pacific/Tahiti');
	await page.getByRole('button', { name: 'Enregistrer le profil' }).click();
	await expect(page.getByText('Profil enregistré.')).toBeVisible();
	expect(savedZone(email)).toEqual({ time_zone: 'Pacific/Tahiti' });
});

test('someone without JavaScript shows every zone and picks one', async ({ openProfile }) => {
	const page = await openProfile({ javaScriptEnabled: false });
	const email = uniqueEmail('zone-noscript');
	await page.goto('/signup');
	await page.getByLabel('Your name').fill('Noé Blanc');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('a quiet walk by the river');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { name: 'Your companies' })).toBeVisible();

	await page.goto('/profile');
	const zone = page.getByLabel('Time zone');
	await expect(zone).toHaveValue('Europe/Paris');
	await page.getByRole('link', { name: 'Show every time zone' }).click();
	await expect(page).toHaveURL(/\/profile\?zones=all#profile-time-zone$/);
	await expect(zone.locator('optgroup[label="Asia"]')).toHaveCount(1);
	await zone.selectOption('Asia/Tokyo');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByText('Profile saved.')).toBeVisible();
	expect(savedZone(email)).toEqual({ time_zone: 'Asia/Tokyo' });
});
