import { expect, test } from './fixtures';
import { companyWith, setUpStandup } from './stand-up-support';

// Ana subscribes her calendar to Hameau: she creates her private address in her profile, her
// calendar app (here, a plain request without her session) fetches it and finds her stand-up;
// she also downloads the stand-up alone from its page. A reset makes the old address useless;
// turning it off, the new one too.
test.describe.configure({ timeout: 90_000 });

test('subscribe to my calendar feed and download a stand-up', async ({
	openProfile,
	playwright
}) => {
	const { slug, manager, members } = await companyWith(openProfile, 'Marc Manager', ['Ana Martin']);
	const [ana] = members;
	const standupUrl = await setUpStandup(manager, slug, 'Morning round; team, all');

	await ana.goto('/profile');
	const section = ana.getByRole('region', { name: 'Calendar feed' });
	await section.getByRole('button', { name: 'Create my calendar address' }).click();
	await expect(section.getByText('Your calendar address is ready.')).toBeVisible();
	const address = await section.getByLabel('Your calendar address').inputValue();
	expect(address).toMatch(/\/calendar\/[a-z2-7]{32}\.ics$/);
	await expect(section.getByRole('link', { name: 'Open in my calendar app' })).toHaveAttribute(
		'href',
		address.replace(/^https?:\/\//, 'webcal://')
	);

	// A calendar app has no session: a fresh request context, no cookies.
	const app = await playwright.request.newContext();
	const feed = await app.get(address);
	expect(feed.status()).toBe(200);
	expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
	const text = await feed.text();
	expect(text).toContain('SUMMARY:Morning round\\; team\\, all');
	expect(text).toContain('RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO,TU,WE,TH,FR,SA,SU');

	// The download from the stand-up's page.
	await ana.goto(standupUrl);
	const downloading = ana.waitForEvent('download');
	await ana.getByRole('link', { name: 'Add to my calendar (.ics)' }).click();
	const download = await downloading;
	const path = await download.path();
	const { readFileSync } = await import('node:fs');
	const file = readFileSync(path, 'utf8');
	expect(file).toContain('BEGIN:VCALENDAR');
	expect(file).toContain('SUMMARY:Morning round\\; team\\, all');

	// Reset: a new address, and the old one answers 404.
	await ana.goto('/profile');
	await section.getByRole('button', { name: 'Reset the address' }).click();
	await expect(
		section.getByText('New address created. The old one no longer works.')
	).toBeVisible();
	const fresh = await section.getByLabel('Your calendar address').inputValue();
	expect(fresh).not.toBe(address);
	expect((await app.get(address)).status()).toBe(404);
	expect((await app.get(fresh)).status()).toBe(200);

	// Turned off: the address answers 404 and the profile offers to create one again.
	await section.getByRole('button', { name: 'Turn the address off' }).click();
	await expect(
		section.getByText('Your calendar address is turned off: it no longer works.')
	).toBeVisible();
	await expect(section.getByLabel('Your calendar address')).toHaveCount(0);
	await expect(section.getByRole('button', { name: 'Create my calendar address' })).toBeVisible();
	expect((await app.get(fresh)).status()).toBe(404);
	await app.dispose();
});
