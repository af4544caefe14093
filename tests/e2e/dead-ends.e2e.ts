import { expect, test } from './fixtures';
import { openE2eDatabase, postCompany, postSignUp, uniqueEmail } from './support';

test('an expired invitation says it has expired', async ({ openProfile }) => {
	const owner = await openProfile();
	await postSignUp(owner, 'Odile Garnier', uniqueEmail('expiry'));
	const slug = await postCompany(owner, 'Atelier des Baronnies');
	await owner.goto(`/${slug}/invitations`);
	await owner.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await owner.getByLabel('Invitation link').inputValue();

	// Eight days later: the UI cannot make time pass, so the test moves the expiry into the past.
	const db = openE2eDatabase();
	try {
		db.prepare(
			`update invitations set expires_at = ? where company_id =
			 (select id from companies where slug = ?)`
		).run(Date.now() - 24 * 3600 * 1000, slug);
	} finally {
		db.close();
	}

	const guest = await openProfile();
	const response = await guest.goto(link);
	expect(response?.status()).toBe(410);
	await expect(
		guest.getByText('This invitation to Atelier des Baronnies has expired.')
	).toBeVisible();
	await expect(guest.getByRole('button', { name: 'Create account and join' })).toHaveCount(0);
});

test('a revoked invitation and an unknown one each say so', async ({ openProfile }) => {
	const owner = await openProfile();
	await postSignUp(owner, 'Rémi Faure', uniqueEmail('revoke'));
	const slug = await postCompany(owner, 'Scierie du Haut-Jura');
	await owner.goto(`/${slug}/invitations`);
	await owner.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await owner.getByLabel('Invitation link').inputValue();
	await owner
		.getByRole('button', { name: /^Revoke/ })
		.first()
		.click();
	await expect(owner.getByText('Invitation revoked.')).toBeVisible();

	const guest = await openProfile();
	await guest.goto(link);
	await expect(guest.getByText('has been withdrawn')).toBeVisible();
	const unknown = await guest.goto(link.replace(/[a-z0-9]{6}$/, 'zzzzzz'));
	expect(unknown?.status()).toBe(404);
	await expect(guest.getByText('This invitation link does not exist.')).toBeVisible();
});

test('a company page of another company is a 404, like a page that does not exist', async ({
	openProfile
}) => {
	const a = await openProfile();
	await postSignUp(a, 'Agnès Blanc', uniqueEmail('a'));
	const slugA = await postCompany(a, 'Fromagerie des Aravis');

	const b = await openProfile();
	await postSignUp(b, 'Bruno Noël', uniqueEmail('b'));
	await postCompany(b, 'Menuiserie du Queyras');

	for (const path of [`/${slugA}`, `/${slugA}/members`, `/${slugA}/houses`, `/${slugA}/audit`]) {
		const response = await b.goto(path);
		expect(response?.status(), path).toBe(404);
		await expect(b.getByRole('heading', { name: 'Page not found' })).toBeVisible();
		await expect(b.getByText('Fromagerie des Aravis')).toHaveCount(0);
	}
	const missing = await b.goto('/no-such-company-here');
	expect(missing?.status()).toBe(404);
	await expect(b.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
