// Two quick clicks on "Create document" used to make two documents: a form that is being sent
// now says so (aria-busy, its button disabled) and refuses to be sent again until it is answered.
import { expect, test } from './fixtures';
import { openE2eDatabase, postCompany, postSignUp, uniqueEmail } from './support';

test('a double click on "Create document" makes one document, and the form shows it is working', async ({
	openProfile
}) => {
	const page = await openProfile();
	await postSignUp(page, 'Bastien Roux', uniqueEmail('double-click'));
	const slug = await postCompany(page, 'Atelier du Double Clic');
	await page.goto(`/${slug}/documents`);

	// The answer waits until the test has seen the form busy, as on a slow connection.
	let answer!: () => void;
	const answered = new Promise<void>((resolve) => (answer = resolve));
	let posts = 0;
	await page.route(
		(url) => url.pathname.endsWith('/documents') && url.search.includes('/create'),
		async (route) => {
			posts += 1;
			await answered;
			await route.continue();
		}
	);

	const form = page.locator('form[action="?/create"]');
	const create = page.getByRole('button', { name: 'Create document' });
	await page.getByLabel('Title', { exact: true }).fill('Compte rendu en double');
	await create.dblclick();

	await expect(form).toHaveAttribute('aria-busy', 'true');
	await expect(create).toBeDisabled();
	// The first send is on its way (the form is busy before the request reaches the test's route:
	// waited for, not assumed), and the second click came and went meanwhile.
	await expect.poll(() => posts).toBe(1);
	answer();

	await expect(page).toHaveURL(new RegExp(`/${slug}/documents/[a-z0-9]+$`));
	expect(posts).toBe(1);
	const db = openE2eDatabase();
	try {
		const { count } = db
			.prepare(
				`select count(*) as count from documents where title = ? and company_id =
				 (select id from companies where slug = ?)`
			)
			.get('Compte rendu en double', slug) as { count: number };
		expect(count).toBe(1);
	} finally {
		db.close();
	}
});
